using Quiver.Arrow;

namespace Quiver.Data.Types;

/// <summary>Picks the reader for a result column from its Arrow field (docs/server.md lists what the server sends).</summary>
internal static class ColumnReaders
{
    public static ColumnReader Create(ArrowField field)
    {
        var name = field.Name;
        var type = field.Type;
        if (field.Dictionary is not null)
        {
            return type.Id is ArrowTypeId.Utf8 or ArrowTypeId.LargeUtf8
                ? new Utf8Reader(name, TypeMappings.Of(QuiverDbType.Enum))
                : throw Unsupported(field);
        }

        return type.Id switch
        {
            ArrowTypeId.Boolean => new BooleanReader(name, Map(QuiverDbType.Boolean)),
            ArrowTypeId.Int8 => new IntegerReader<sbyte>(name, Map(QuiverDbType.TinyInt)),
            ArrowTypeId.Int16 => new IntegerReader<short>(name, Map(QuiverDbType.SmallInt)),
            ArrowTypeId.Int32 => new IntegerReader<int>(name, Map(QuiverDbType.Integer)),
            ArrowTypeId.Int64 => new IntegerReader<long>(name, Map(QuiverDbType.BigInt)),
            ArrowTypeId.UInt8 => new IntegerReader<byte>(name, Map(QuiverDbType.UTinyInt)),
            ArrowTypeId.UInt16 => new IntegerReader<ushort>(name, Map(QuiverDbType.USmallInt)),
            ArrowTypeId.UInt32 => new IntegerReader<uint>(name, Map(QuiverDbType.UInteger)),
            ArrowTypeId.UInt64 => new IntegerReader<ulong>(name, Map(QuiverDbType.UBigInt)),
            ArrowTypeId.Float32 => new FloatReader<float>(name, Map(QuiverDbType.Float)),
            ArrowTypeId.Float64 => new FloatReader<double>(name, Map(QuiverDbType.Double)),
            ArrowTypeId.Decimal128 => new DecimalReader(name, Map(QuiverDbType.Decimal), type.Precision, type.Scale),
            ArrowTypeId.Utf8 or ArrowTypeId.LargeUtf8 => new Utf8Reader(name, Map(QuiverDbType.Varchar)),
            ArrowTypeId.Binary or ArrowTypeId.LargeBinary => new BlobReader(name, Map(QuiverDbType.Blob)),
            ArrowTypeId.FixedSizeBinary when type.ByteWidth == 16 && IsUuid(field) => new UuidReader(name, Map(QuiverDbType.Uuid)),
            ArrowTypeId.FixedSizeBinary => new BlobReader(name, Map(QuiverDbType.Blob)),
            ArrowTypeId.Date32 or ArrowTypeId.Date64 => new DateReader(name, Map(QuiverDbType.Date)),
            ArrowTypeId.Time32 or ArrowTypeId.Time64 => new TimeReader(name, Map(QuiverDbType.Time), type.Unit == ArrowTimeUnit.Nanosecond ? "TIME_NS" : "TIME"),
            ArrowTypeId.Timestamp when type.TimeZone is null => new TimestampReader(name, Map(QuiverDbType.Timestamp), TimestampName(type.Unit), utc: false),
            ArrowTypeId.Timestamp => new TimestampReader(name, Map(QuiverDbType.TimestampTz), "TIMESTAMP WITH TIME ZONE", utc: true),
            ArrowTypeId.Interval when type.IntervalUnit == ArrowIntervalUnit.MonthDayNano => new IntervalReader(name, Map(QuiverDbType.Interval)),
            ArrowTypeId.Duration => new IntervalReader(name, Map(QuiverDbType.Interval)),
            ArrowTypeId.List or ArrowTypeId.LargeList => new ListReader(name, Map(QuiverDbType.List), Create(type.Children[0]), 0),
            ArrowTypeId.FixedSizeList => new ListReader(name, Map(QuiverDbType.Array), Create(type.Children[0]), type.ListSize),
            ArrowTypeId.Struct => new StructReader(name, Map(QuiverDbType.Struct), type.Children.Select(Create).ToArray()),
            ArrowTypeId.Map => new MapReader(name, Map(QuiverDbType.Map), Create(type.Children[0].Type.Children[0]), Create(type.Children[0].Type.Children[1])),
            ArrowTypeId.Null => new NullReader(name, Map(QuiverDbType.Null)),
            _ => throw Unsupported(field),
        };
    }

    private static TypeMapping Map(QuiverDbType type) => TypeMappings.Of(type);

    private static bool IsUuid(ArrowField field)
        => field.Metadata.TryGetValue("ARROW:extension:name", out var extension) && extension == "arrow.uuid";

    private static string TimestampName(ArrowTimeUnit unit) => unit switch
    {
        ArrowTimeUnit.Second => "TIMESTAMP_S",
        ArrowTimeUnit.Millisecond => "TIMESTAMP_MS",
        ArrowTimeUnit.Nanosecond => "TIMESTAMP_NS",
        _ => "TIMESTAMP",
    };

    private static QuiverException Unsupported(ArrowField field) => new(
        $"Column '{field.Name}' has Arrow type {field.Type}, which Quiver.Data cannot read.", "0A000", QuiverErrorClass.Protocol);
}
