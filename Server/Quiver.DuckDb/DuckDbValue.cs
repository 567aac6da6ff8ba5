using System.Buffers.Binary;
using Quiver.DuckDb.Native;

namespace Quiver.DuckDb;

/// <summary>
/// A DuckDB value built in native memory, for binding what has no <c>duckdb_bind_*</c> call of its own (a LIST).
/// Building a list copies its elements, so the elements can be disposed once the list is built.
/// </summary>
public sealed unsafe class DuckDbValue : IDisposable
{
    private DuckDbValue(nint native)
    {
        Handle = native != nint.Zero ? new ValueHandle(native) : throw new InvalidOperationException("DuckDB could not create the value.");
    }

    internal ValueHandle Handle { get; }

    /// <summary>SQL NULL (DuckDB casts it to the type of the list or parameter it goes into).</summary>
    public static DuckDbValue Null() => new(NativeMethods.Value.CreateNull());

    /// <summary>A BOOLEAN.</summary>
    public static DuckDbValue Of(bool value) => new(NativeMethods.Value.CreateBool(value));

    /// <summary>A TINYINT.</summary>
    public static DuckDbValue Of(sbyte value) => new(NativeMethods.Value.CreateInt8(value));

    /// <summary>A SMALLINT.</summary>
    public static DuckDbValue Of(short value) => new(NativeMethods.Value.CreateInt16(value));

    /// <summary>A INTEGER.</summary>
    public static DuckDbValue Of(int value) => new(NativeMethods.Value.CreateInt32(value));

    /// <summary>A BIGINT.</summary>
    public static DuckDbValue Of(long value) => new(NativeMethods.Value.CreateInt64(value));

    /// <summary>A UTINYINT.</summary>
    public static DuckDbValue Of(byte value) => new(NativeMethods.Value.CreateUInt8(value));

    /// <summary>A USMALLINT.</summary>
    public static DuckDbValue Of(ushort value) => new(NativeMethods.Value.CreateUInt16(value));

    /// <summary>A UINTEGER.</summary>
    public static DuckDbValue Of(uint value) => new(NativeMethods.Value.CreateUInt32(value));

    /// <summary>A UBIGINT.</summary>
    public static DuckDbValue Of(ulong value) => new(NativeMethods.Value.CreateUInt64(value));

    /// <summary>A HUGEINT.</summary>
    public static DuckDbValue Of(Int128 value)
        => new(NativeMethods.Value.CreateHugeInt(new NativeHugeInt { Lower = (ulong)value, Upper = (long)(value >> 64) }));

    /// <summary>A UHUGEINT.</summary>
    public static DuckDbValue Of(UInt128 value)
        => new(NativeMethods.Value.CreateUHugeInt(new NativeUHugeInt { Lower = (ulong)value, Upper = (ulong)(value >> 64) }));

    /// <summary>A FLOAT.</summary>
    public static DuckDbValue Of(float value) => new(NativeMethods.Value.CreateFloat(value));

    /// <summary>A DOUBLE.</summary>
    public static DuckDbValue Of(double value) => new(NativeMethods.Value.CreateDouble(value));

    /// <summary>A DECIMAL(<paramref name="width"/>, <paramref name="scale"/>) of an unscaled value.</summary>
    public static DuckDbValue Decimal(Int128 unscaled, byte width, byte scale) => new(NativeMethods.Value.CreateDecimal(new NativeDecimal
    {
        Width = width,
        Scale = scale,
        Value = new NativeHugeInt { Lower = (ulong)unscaled, Upper = (long)(unscaled >> 64) },
    }));

    /// <summary>A DATE of days since 1970-01-01.</summary>
    public static DuckDbValue Date(int days) => new(NativeMethods.Value.CreateDate(days));

    /// <summary>A TIME of microseconds since midnight.</summary>
    public static DuckDbValue Time(long micros) => new(NativeMethods.Value.CreateTime(micros));

    /// <summary>A TIMESTAMP of microseconds since 1970-01-01.</summary>
    public static DuckDbValue Timestamp(long micros) => new(NativeMethods.Value.CreateTimestamp(micros));

    /// <summary>A TIMESTAMP WITH TIME ZONE of microseconds since 1970-01-01 UTC.</summary>
    public static DuckDbValue TimestampTz(long micros) => new(NativeMethods.Value.CreateTimestampTz(micros));

    /// <summary>A INTERVAL.</summary>
    public static DuckDbValue Of(DuckDbInterval value) => new(NativeMethods.Value.CreateInterval(value));

    /// <summary>A UUID.</summary>
    public static DuckDbValue Of(Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes, bigEndian: true, out _);
        return new(NativeMethods.Value.CreateUuid(new NativeUHugeInt
        {
            Upper = BinaryPrimitives.ReadUInt64BigEndian(bytes),
            Lower = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
        }));
    }

    /// <summary>A VARCHAR of UTF-8 bytes.</summary>
    public static DuckDbValue Varchar(ReadOnlySpan<byte> utf8)
    {
        fixed (byte* text = utf8)
        {
            return new(NativeMethods.Value.CreateVarchar(text, (ulong)utf8.Length));
        }
    }

    /// <summary>A BLOB.</summary>
    public static DuckDbValue Blob(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* data = bytes)
        {
            return new(NativeMethods.Value.CreateBlob(data, (ulong)bytes.Length));
        }
    }

    /// <summary>A LIST of <paramref name="elementType"/> holding <paramref name="elements"/> (copied).</summary>
    /// <exception cref="ArgumentException">An element is not of the element type (DuckDB refused the list).</exception>
    public static DuckDbValue List(DuckDbTypeSpec elementType, IReadOnlyList<DuckDbValue> elements)
    {
        using var type = elementType.Create();
        var handles = new nint[Math.Max(1, elements.Count)];
        var added = new bool[elements.Count];
        try
        {
            for (var i = 0; i < elements.Count; i++)
            {
                elements[i].Handle.DangerousAddRef(ref added[i]);
                handles[i] = elements[i].Handle.DangerousGetHandle();
            }

            fixed (nint* values = handles)
            {
                var list = NativeMethods.Value.CreateList(type.DangerousGetHandle(), values, (ulong)elements.Count);
                return list != nint.Zero ? new DuckDbValue(list)
                    : throw new ArgumentException($"DuckDB could not build a LIST of {elementType} from the {elements.Count} value(s).");
            }
        }
        finally
        {
            for (var i = 0; i < elements.Count; i++)
            {
                if (added[i])
                {
                    elements[i].Handle.DangerousRelease();
                }
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Handle.Dispose();
}

/// <summary>A DuckDB type to create natively: a scalar type, DECIMAL(width, scale), or a LIST of a type.</summary>
public sealed record DuckDbTypeSpec(DuckDbType Id, byte Width = 0, byte Scale = 0, DuckDbTypeSpec? Element = null)
{
    /// <summary>LIST of <paramref name="element"/>.</summary>
    public static DuckDbTypeSpec ListOf(DuckDbTypeSpec element) => new(DuckDbType.List, Element: element);

    /// <summary>The type as DuckDB spells it.</summary>
    public override string ToString() => Id switch
    {
        DuckDbType.Decimal => $"DECIMAL({Width},{Scale})",
        DuckDbType.List => $"{Element}[]",
        _ => Id.ToString().ToUpperInvariant(),
    };

    internal LogicalTypeHandle Create()
    {
        if (Id == DuckDbType.List)
        {
            using var element = (Element ?? throw new InvalidOperationException("A LIST type needs an element type.")).Create();
            return Checked(NativeMethods.Value.CreateListType(element.DangerousGetHandle()));
        }

        return Checked(Id == DuckDbType.Decimal ? NativeMethods.Value.CreateDecimalType(Width, Scale) : NativeMethods.Value.CreateLogicalType((int)Id));
    }

    private LogicalTypeHandle Checked(nint native)
        => native != nint.Zero ? new LogicalTypeHandle(native) : throw new ArgumentException($"DuckDB could not create the type {this}.");
}
