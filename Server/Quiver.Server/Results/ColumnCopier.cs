using Quiver.Arrow;
using Quiver.DuckDb;

namespace Quiver.Server.Results;

/// <summary>
/// Copies one column of DuckDB data chunks into an Arrow column builder. Each DuckDB type has one Arrow type
/// (docs/server.md lists them); nested types copy their children recursively.
/// </summary>
internal abstract class ColumnCopier
{
    private protected ColumnCopier(ArrowField field) => Field = field;

    /// <summary>The Arrow field the column becomes.</summary>
    public ArrowField Field { get; }

    /// <summary>Appends rows <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> of <paramref name="vector"/>.</summary>
    public abstract void Append(DuckDbVector vector, int start, int count, ArrowArrayBuilder builder);

    /// <summary>An upper bound of the bytes those rows add to a record batch's body.</summary>
    public abstract long Measure(DuckDbVector vector, int start, int count);

    /// <summary>The copier for a result column, or a <see cref="NotSupportedException"/> naming a type Quiver cannot send.</summary>
    public static ColumnCopier For(string name, DuckDbLogicalType type, ref long nextDictionaryId) => type.Id switch
    {
        DuckDbType.Boolean => new BooleanCopier(NewField(name, ArrowType.Boolean)),
        DuckDbType.TinyInt => new FixedCopier<sbyte>(NewField(name, ArrowType.Int8)),
        DuckDbType.SmallInt => new FixedCopier<short>(NewField(name, ArrowType.Int16)),
        DuckDbType.Integer => new FixedCopier<int>(NewField(name, ArrowType.Int32)),
        DuckDbType.BigInt => new FixedCopier<long>(NewField(name, ArrowType.Int64)),
        DuckDbType.UTinyInt => new FixedCopier<byte>(NewField(name, ArrowType.UInt8)),
        DuckDbType.USmallInt => new FixedCopier<ushort>(NewField(name, ArrowType.UInt16)),
        DuckDbType.UInteger => new FixedCopier<uint>(NewField(name, ArrowType.UInt32)),
        DuckDbType.UBigInt => new FixedCopier<ulong>(NewField(name, ArrowType.UInt64)),
        DuckDbType.Float => new FixedCopier<float>(NewField(name, ArrowType.Float32)),
        DuckDbType.Double => new FixedCopier<double>(NewField(name, ArrowType.Float64)),
        DuckDbType.HugeInt => new FixedCopier<Int128>(NewField(name, ArrowType.Decimal128(38, 0))),
        DuckDbType.UHugeInt => new TextCopier(NewField(name, ArrowType.Utf8), (vector, row) => vector.GetValues<UInt128>()[row].ToString(System.Globalization.CultureInfo.InvariantCulture)),
        DuckDbType.Decimal => DecimalCopiers.For(name, type),
        DuckDbType.Varchar => new BytesCopier(NewField(name, ArrowType.Utf8)),
        DuckDbType.Blob => new BytesCopier(NewField(name, ArrowType.Binary)),
        DuckDbType.Date => new FixedCopier<int>(NewField(name, ArrowType.Date32)),
        DuckDbType.Time => new FixedCopier<long>(NewField(name, ArrowType.Time(ArrowTimeUnit.Microsecond))),
        DuckDbType.TimeNs => new FixedCopier<long>(NewField(name, ArrowType.Time(ArrowTimeUnit.Nanosecond))),
        DuckDbType.TimeTz => new TextCopier(NewField(name, ArrowType.Utf8), (vector, row) => TimeWithZone.Format(vector.GetValues<ulong>()[row])),
        DuckDbType.Timestamp => new FixedCopier<long>(NewField(name, ArrowType.Timestamp(ArrowTimeUnit.Microsecond))),
        DuckDbType.TimestampS => new FixedCopier<long>(NewField(name, ArrowType.Timestamp(ArrowTimeUnit.Second))),
        DuckDbType.TimestampMs => new FixedCopier<long>(NewField(name, ArrowType.Timestamp(ArrowTimeUnit.Millisecond))),
        DuckDbType.TimestampNs => new FixedCopier<long>(NewField(name, ArrowType.Timestamp(ArrowTimeUnit.Nanosecond))),
        DuckDbType.TimestampTz => new FixedCopier<long>(NewField(name, ArrowType.Timestamp(ArrowTimeUnit.Microsecond, "UTC"))),
        DuckDbType.Interval => new ConvertingCopier<DuckDbInterval, ArrowMonthDayNano>(
            NewField(name, ArrowType.Interval(ArrowIntervalUnit.MonthDayNano)), v => new ArrowMonthDayNano(v.Months, v.Days, checked(v.Micros * 1000))),
        DuckDbType.Uuid => new ConvertingCopier<UInt128, UInt128>(
            new ArrowField(name, ArrowType.FixedSizeBinary(16), metadata: UuidMetadata), UuidBytes),
        DuckDbType.Enum => EnumCopier.Create(name, type, nextDictionaryId++),
        DuckDbType.List => ListCopier.Create(name, type, ref nextDictionaryId),
        DuckDbType.Map => ListCopier.CreateMap(name, type, ref nextDictionaryId),
        DuckDbType.Struct => StructCopier.Create(name, type, ref nextDictionaryId),
        DuckDbType.Array => FixedSizeListCopier.Create(name, type, ref nextDictionaryId),
        DuckDbType.SqlNull => new NullCopier(NewField(name, ArrowType.Null)),
        _ => throw new NotSupportedException($"Column '{name}' has type {type}, which Quiver cannot send yet; cast it to VARCHAR."),
    };

    private protected static ArrowField NewField(string name, ArrowType type) => new(name, type);

    private protected static ReadOnlySpan<ulong> Words(DuckDbValidity validity) => validity.AllValid ? default : validity.GetWords();

    private static readonly Dictionary<string, string> UuidMetadata = new() { ["ARROW:extension:name"] = "arrow.uuid" };

    // DuckDB stores a UUID as a 128-bit integer with the top bit flipped (so that UUIDs sort as integers); Arrow's
    // arrow.uuid holds the 16 bytes in RFC 4122 (big-endian) order.
    private static UInt128 UuidBytes(UInt128 stored)
        => System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(stored ^ (UInt128.One << 127));
}
