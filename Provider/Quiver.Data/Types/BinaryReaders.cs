using System.Text;
using Quiver.Arrow;

namespace Quiver.Data.Types;

/// <summary>VARCHAR (utf8, large utf8) and ENUM (dictionary-encoded utf8): the string is made only when asked for.</summary>
internal sealed class Utf8Reader(string name, TypeMapping mapping) : ColumnReader(name, mapping, mapping.SqlName)
{
    private BinaryArray _values = null!;
    private DictionaryArray? _dictionary;

    public override void Bind(ArrowArray array)
    {
        base.Bind(array);
        _dictionary = array as DictionaryArray;
        _values = (BinaryArray)(_dictionary?.Dictionary ?? array);
    }

    public override ReadOnlySpan<byte> GetSpan(int row) => _values.GetBytes(_dictionary is null ? row : _dictionary.GetIndex(row));

    public override string GetString(int row) => Encoding.UTF8.GetString(GetSpan(row));

    public override char GetChar(int row)
    {
        var status = Rune.DecodeFromUtf8(GetSpan(row), out var first, out _);
        if (status != System.Buffers.OperationStatus.Done || !first.IsBmp)
        {
            throw new InvalidCastException($"Column '{Name}' holds an empty string or one that starts outside the 16-bit range of char; read it as string.");
        }

        return (char)first.Value;
    }

    public override object GetValue(int row) => GetString(row);
}

/// <summary>BLOB and fixed-size binary.</summary>
internal sealed class BlobReader(string name, TypeMapping mapping) : ColumnReader(name, mapping, mapping.SqlName)
{
    private BinaryArray? _variable;
    private PrimitiveArray? _fixed;

    public override void Bind(ArrowArray array)
    {
        base.Bind(array);
        _variable = array as BinaryArray;
        _fixed = array as PrimitiveArray;
    }

    public override ReadOnlySpan<byte> GetSpan(int row) => _variable is not null ? _variable.GetBytes(row) : _fixed!.GetBytes(row);

    public override object GetValue(int row) => GetSpan(row).ToArray();
}

/// <summary>UUID as fixed-size binary(16) in RFC 4122 byte order.</summary>
internal sealed class UuidReader(string name, TypeMapping mapping) : ColumnReader(name, mapping, mapping.SqlName)
{
    private PrimitiveArray _values = null!;

    public override void Bind(ArrowArray array)
    {
        base.Bind(array);
        _values = (PrimitiveArray)array;
    }

    public override Guid GetGuid(int row) => new(_values.GetBytes(row), bigEndian: true);

    public override string GetString(int row) => GetGuid(row).ToString();

    public override object GetValue(int row) => GetGuid(row);
}

/// <summary>A column of Arrow's null type: every row is NULL.</summary>
internal sealed class NullReader(string name, TypeMapping mapping) : ColumnReader(name, mapping, mapping.SqlName)
{
    public override object GetValue(int row) => DBNull.Value;
}
