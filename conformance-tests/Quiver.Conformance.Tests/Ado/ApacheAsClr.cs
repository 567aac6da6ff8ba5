using Apache.Arrow;
using Apache.Arrow.Types;
using Quiver.Data;

namespace Quiver.Conformance.Tests.Ado;

/// <summary>
/// An Apache.Arrow value as the .NET value docs/type-mapping.md says Quiver.Data returns for it, worked out from
/// Apache.Arrow's reading alone: the second, independent half of the value-by-value comparison.
/// </summary>
internal static class ApacheAsClr
{
    public static object? Value(IArrowArray array, int row, Field field)
    {
        if (array.IsNull(row))
        {
            return null;
        }

        return array switch
        {
            BooleanArray a => a.GetValue(row),
            Int8Array a => a.GetValue(row),
            Int16Array a => a.GetValue(row),
            Int32Array a => a.GetValue(row),
            Int64Array a => a.GetValue(row),
            UInt8Array a => a.GetValue(row),
            UInt16Array a => a.GetValue(row),
            UInt32Array a => a.GetValue(row),
            UInt64Array a => a.GetValue(row),
            FloatArray a => a.GetValue(row),
            DoubleArray a => a.GetValue(row),
            Decimal128Array a => a.GetSqlDecimal(row)!.Value.ToString(),
            StringArray a => a.GetString(row),
            BinaryArray a => a.GetBytes(row).ToArray(),
            Apache.Arrow.Arrays.FixedSizeBinaryArray a when field.Metadata?.GetValueOrDefault("ARROW:extension:name") == "arrow.uuid"
                => new Guid(a.GetBytes(row), bigEndian: true),
            Date32Array a => DateTime.UnixEpoch.AddDays(a.GetValue(row)!.Value),
            Time64Array a => TimeSpan.FromTicks(Ticks(a.GetValue(row)!.Value, ((Time64Type)a.Data.DataType).Unit)),
            TimestampArray a => new DateTime(DateTime.UnixEpoch.Ticks + Ticks(a.GetValue(row)!.Value, ((TimestampType)a.Data.DataType).Unit)),
            MonthDayNanosecondIntervalArray a => new QuiverInterval(a.GetValue(row)!.Value.Months, a.GetValue(row)!.Value.Days, a.GetValue(row)!.Value.Nanoseconds / 1000),
            DictionaryArray a => Value(a.Dictionary, ApacheArrowCanonical.Index(a.Indices, row), field),
            MapArray a => Map(a, row),
            ListArray a => Items(a.GetSlicedValues(row), ((ListType)a.Data.DataType).ValueField),
            FixedSizeListArray a => Items(a.GetSlicedValues(row), ((FixedSizeListType)a.Data.DataType).ValueField),
            StructArray a => ((StructType)a.Data.DataType).Fields.Select((f, i) => (f.Name, Value: Value(a.Fields[i], ApacheArrowCanonical.ChildRow(a, a.Fields[i], row), f)))
                .ToDictionary(p => p.Name, p => p.Value),
            NullArray => null,
            _ => throw new InvalidOperationException($"No .NET value for {array.Data.DataType.TypeId}."),
        };
    }

    private static long Ticks(long value, Apache.Arrow.Types.TimeUnit unit) => unit switch
    {
        Apache.Arrow.Types.TimeUnit.Second => value * TimeSpan.TicksPerSecond,
        Apache.Arrow.Types.TimeUnit.Millisecond => value * TimeSpan.TicksPerMillisecond,
        Apache.Arrow.Types.TimeUnit.Microsecond => value * 10,
        _ => value / 100,
    };

    private static List<object?> Items(IArrowArray values, Field field)
        => [.. Enumerable.Range(0, values.Length).Select(i => Value(values, i, field))];

    private static Dictionary<object, object?> Map(MapArray map, int row)
    {
        var entries = (StructArray)map.GetSlicedValues(row);
        var type = (StructType)entries.Data.DataType;
        var result = new Dictionary<object, object?>();
        for (var i = 0; i < entries.Length; i++)
        {
            result[Value(entries.Fields[0], ApacheArrowCanonical.ChildRow(entries, entries.Fields[0], i), type.Fields[0])!] =
                Value(entries.Fields[1], ApacheArrowCanonical.ChildRow(entries, entries.Fields[1], i), type.Fields[1]);
        }

        return result;
    }
}
