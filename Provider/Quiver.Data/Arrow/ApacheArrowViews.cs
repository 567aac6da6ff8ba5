using Apache.Arrow;
using Apache.Arrow.Types;
using ApacheTimeUnit = Apache.Arrow.Types.TimeUnit;
using ArrowArray = Quiver.Arrow.ArrowArray;
using ArrowField = Quiver.Arrow.ArrowField;
using ArrowIntervalUnit = Quiver.Arrow.ArrowIntervalUnit;
using ArrowRecordBatch = Quiver.Arrow.ArrowRecordBatch;
using ArrowSchema = Quiver.Arrow.ArrowSchema;
using ArrowTimeUnit = Quiver.Arrow.ArrowTimeUnit;
using ArrowType = Quiver.Arrow.ArrowType;
using ArrowTypeId = Quiver.Arrow.ArrowTypeId;
using QuiverDictionaryArray = Quiver.Arrow.DictionaryArray;

namespace Quiver.Data.Arrow;

/// <summary>
/// Quiver.Arrow's validated schemas and arrays as Apache.Arrow's types, without copying a value: every Apache buffer is
/// the same memory as the Quiver buffer it stands for. Field metadata (arrow.uuid among it) is kept as it came, which is
/// what Apache.Arrow's own IPC reader gives without an extension registered.
/// </summary>
internal static class ApacheArrowViews
{
    public static Schema Schema(ArrowSchema schema)
        => new(schema.Fields.Select(Field), schema.Metadata.Count == 0 ? null : schema.Metadata);

    public static Field Field(ArrowField field)
    {
        var type = Type(field.Type);
        if (field.Dictionary is { } dictionary)
        {
            type = new DictionaryType(Type(dictionary.IndexType), type, dictionary.IsOrdered);
        }

        return new Field(field.Name, type, field.IsNullable, field.Metadata.Count == 0 ? null : field.Metadata);
    }

    /// <summary>The columns of <paramref name="batch"/> from <paramref name="offset"/> for <paramref name="length"/> rows.</summary>
    public static List<IArrowArray> Columns(ArrowRecordBatch batch, Schema schema, int offset, int length)
    {
        var columns = new List<IArrowArray>(batch.Columns.Count);
        for (var i = 0; i < batch.Columns.Count; i++)
        {
            var data = Data(batch.Column(i), schema.FieldsList[i].DataType);
            columns.Add(ArrowArrayFactory.BuildArray(offset == 0 && length == data.Length ? data : data.Slice(offset, length)));
        }

        return columns;
    }

    private static ArrayData Data(ArrowArray array, IArrowType type)
    {
        var buffers = array.Buffers.Select(buffer => new ArrowBuffer(buffer)).ToArray();
        if (array is QuiverDictionaryArray dictionary && type is DictionaryType dictionaryType)
        {
            return new ArrayData(type, array.Length, array.NullCount, 0, buffers, [], Data(dictionary.Dictionary, dictionaryType.ValueType));
        }

        var children = array.Children.Count == 0
            ? []
            : array.Children.Select((child, i) => Data(child, ((NestedType)type).Fields[i].DataType)).ToArray();
        return new ArrayData(type, array.Length, array.NullCount, 0, buffers, children);
    }

    private static IArrowType Type(ArrowType type) => type.Id switch
    {
        ArrowTypeId.Null => NullType.Default,
        ArrowTypeId.Boolean => BooleanType.Default,
        ArrowTypeId.Int8 => Int8Type.Default,
        ArrowTypeId.Int16 => Int16Type.Default,
        ArrowTypeId.Int32 => Int32Type.Default,
        ArrowTypeId.Int64 => Int64Type.Default,
        ArrowTypeId.UInt8 => UInt8Type.Default,
        ArrowTypeId.UInt16 => UInt16Type.Default,
        ArrowTypeId.UInt32 => UInt32Type.Default,
        ArrowTypeId.UInt64 => UInt64Type.Default,
        ArrowTypeId.Float32 => FloatType.Default,
        ArrowTypeId.Float64 => DoubleType.Default,
        ArrowTypeId.Decimal128 => new Decimal128Type(type.Precision, type.Scale),
        ArrowTypeId.Utf8 => StringType.Default,
        ArrowTypeId.LargeUtf8 => LargeStringType.Default,
        ArrowTypeId.Binary => BinaryType.Default,
        ArrowTypeId.LargeBinary => LargeBinaryType.Default,
        ArrowTypeId.FixedSizeBinary => new FixedSizeBinaryType(type.ByteWidth),
        ArrowTypeId.Date32 => Date32Type.Default,
        ArrowTypeId.Date64 => Date64Type.Default,
        ArrowTypeId.Time32 => new Time32Type(Unit(type.Unit)),
        ArrowTypeId.Time64 => new Time64Type(Unit(type.Unit)),
        ArrowTypeId.Timestamp => new TimestampType(Unit(type.Unit), type.TimeZone),
        ArrowTypeId.Duration => DurationType.FromTimeUnit(Unit(type.Unit)),
        ArrowTypeId.Interval => IntervalType.FromIntervalUnit(type.IntervalUnit switch
        {
            ArrowIntervalUnit.YearMonth => IntervalUnit.YearMonth,
            ArrowIntervalUnit.DayTime => IntervalUnit.DayTime,
            _ => IntervalUnit.MonthDayNanosecond,
        }),
        ArrowTypeId.List => new ListType(Field(type.Children[0])),
        ArrowTypeId.LargeList => new LargeListType(Field(type.Children[0])),
        ArrowTypeId.FixedSizeList => new FixedSizeListType(Field(type.Children[0]), type.ListSize),
        ArrowTypeId.Struct => new StructType(type.Children.Select(Field).ToList()),
        ArrowTypeId.Map => new MapType(Field(type.Children[0]), type.KeysSorted),
        _ => throw new NotSupportedException($"Arrow type {type} has no Apache.Arrow counterpart here."),
    };

    private static ApacheTimeUnit Unit(ArrowTimeUnit unit) => unit switch
    {
        ArrowTimeUnit.Second => ApacheTimeUnit.Second,
        ArrowTimeUnit.Millisecond => ApacheTimeUnit.Millisecond,
        ArrowTimeUnit.Microsecond => ApacheTimeUnit.Microsecond,
        _ => ApacheTimeUnit.Nanosecond,
    };
}
