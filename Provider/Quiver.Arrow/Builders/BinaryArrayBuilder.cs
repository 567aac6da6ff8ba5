using System.Text;

namespace Quiver.Arrow;

/// <summary>Builds a utf8, large utf8, binary or large binary column.</summary>
public sealed class BinaryArrayBuilder : ArrowArrayBuilder
{
    private readonly PooledBuffer _offsets = new();
    private readonly PooledBuffer _data = new();
    private readonly bool _large;

    internal BinaryArrayBuilder(ArrowField field)
        : base(field)
    {
        _large = field.Type.Id is ArrowTypeId.LargeUtf8 or ArrowTypeId.LargeBinary;
    }

    /// <summary>Appends a value's bytes (UTF-8 for string columns).</summary>
    public void Append(ReadOnlySpan<byte> value)
    {
        StartRow();
        _data.Append(value);
        Validity.AppendValid();
    }

    /// <summary>Appends a string, encoded as UTF-8.</summary>
    public void Append(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        StartRow();
        var length = Encoding.UTF8.GetByteCount(value);
        Encoding.UTF8.GetBytes(value, _data.ExtendUncleared(length));
        Validity.AppendValid();
    }

    /// <inheritdoc/>
    public override void AppendNull()
    {
        StartRow();
        Validity.AppendNull();
    }

    internal override ArrowArray Build(List<byte[]>? rented)
    {
        StartRow(); // the closing offset
        return new BinaryArray(Field.Type, Length, NullCount, Validity.Detach(rented), _offsets.Detach(rented), _data.Detach(rented));
    }

    private protected override void AppendValueFrom(ArrowArray source, int row) => Append(((BinaryArray)source).GetBytes(row));

    private protected override void Release()
    {
        _offsets.Release();
        _data.Release();
        Validity.Release();
    }

    private void StartRow()
    {
        if (_large)
        {
            _offsets.Append((long)_data.Length);
        }
        else
        {
            _offsets.Append(_data.Length);
        }
    }
}
