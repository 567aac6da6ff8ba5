using System.Globalization;
using System.Text.Json.Nodes;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Quiver.Conformance.Tests.Ado;

/// <summary>
/// Apache.Arrow schemas and batches as canonical JSON: every field with its exact type, nullability and metadata, and
/// every value exactly (64-bit integers as decimal strings, floats as the hex of their bits, bytes as hex), so that two
/// ways of producing Apache.Arrow batches from one result can be compared value by value.
/// </summary>
internal static class ApacheArrowCanonical
{
    public static JsonObject Schema(Schema schema) => new()
    {
        ["fields"] = new JsonArray([.. schema.FieldsList.Select(Field)]),
        ["metadata"] = Metadata(schema.Metadata),
    };

    public static JsonArray Rows(IEnumerable<RecordBatch> batches)
    {
        var rows = new JsonArray();
        foreach (var batch in batches)
        {
            for (var row = 0; row < batch.Length; row++)
            {
                rows.Add(new JsonArray([.. batch.Arrays.Select(column => Value(column, row))]));
            }
        }

        return rows;
    }

    private static JsonNode Field(Field field) => new JsonObject
    {
        ["name"] = field.Name,
        ["type"] = Type(field.DataType),
        ["nullable"] = field.IsNullable,
        ["metadata"] = Metadata(field.Metadata),
    };

    private static JsonNode Type(IArrowType type) => type switch
    {
        DictionaryType d => new JsonObject { ["dictionary"] = Type(d.IndexType), ["values"] = Type(d.ValueType), ["ordered"] = d.Ordered },
        Decimal128Type d => $"decimal128({d.Precision},{d.Scale})",
        FixedSizeBinaryType f => $"fixed_size_binary({f.ByteWidth})",
        TimestampType t => $"timestamp[{t.Unit},{t.Timezone}]",
        TimeType t => $"{t.TypeId}[{t.Unit}]",
        DurationType d => $"duration[{d.Unit}]",
        IntervalType i => $"interval[{i.Unit}]",
        FixedSizeListType f => new JsonObject { ["fixed_size_list"] = f.ListSize, ["item"] = Field(f.ValueField) },
        MapType m => new JsonObject { ["map"] = Field(m.Fields[0]) },
        NestedType n => new JsonObject { [n.TypeId.ToString()] = new JsonArray([.. n.Fields.Select(Field)]) },
        _ => type.TypeId.ToString(),
    };

    private static JsonObject Metadata(IReadOnlyDictionary<string, string>? metadata)
    {
        var json = new JsonObject();
        foreach (var (key, value) in (metadata ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json[key] = value;
        }

        return json;
    }

    public static JsonNode? Value(IArrowArray array, int row)
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
            Int64Array a => Invariant(a.GetValue(row)),
            UInt8Array a => a.GetValue(row),
            UInt16Array a => a.GetValue(row),
            UInt32Array a => a.GetValue(row),
            UInt64Array a => Invariant(a.GetValue(row)),
            FloatArray a => BitConverter.SingleToUInt32Bits(a.GetValue(row)!.Value).ToString("x8", CultureInfo.InvariantCulture),
            DoubleArray a => BitConverter.DoubleToUInt64Bits(a.GetValue(row)!.Value).ToString("x16", CultureInfo.InvariantCulture),
            Decimal128Array a => a.GetString(row),
            StringArray a => a.GetString(row),
            LargeStringArray a => a.GetString(row),
            BinaryArray a => Convert.ToHexStringLower(a.GetBytes(row)),
            LargeBinaryArray a => Convert.ToHexStringLower(a.GetBytes(row)),
            Apache.Arrow.Arrays.FixedSizeBinaryArray a => Convert.ToHexStringLower(a.GetBytes(row)),
            Date32Array a => a.GetValue(row),
            Date64Array a => Invariant(a.GetValue(row)),
            Time32Array a => a.GetValue(row),
            Time64Array a => Invariant(a.GetValue(row)),
            TimestampArray a => Invariant(a.GetValue(row)),
            DurationArray a => Invariant(a.GetValue(row)),
            MonthDayNanosecondIntervalArray a => new JsonArray(a.GetValue(row)!.Value.Months, a.GetValue(row)!.Value.Days, a.GetValue(row)!.Value.Nanoseconds.ToString(CultureInfo.InvariantCulture)),
            DictionaryArray a => Value(a.Dictionary, Index(a.Indices, row)),
            ListArray a => Items(a.GetSlicedValues(row)),
            LargeListArray a => Items(a.GetSlicedValues(row)),
            FixedSizeListArray a => Items(a.GetSlicedValues(row)),
            StructArray a => new JsonArray([.. a.Fields.Select(child => Value(child, ChildRow(a, child, row)))]),
            _ => throw new InvalidOperationException($"No canonical value for {array.Data.DataType.TypeId}."),
        };
    }

    /// <summary>
    /// A struct's row in one of its children. A sliced struct's children are sliced with it in some paths of
    /// Apache.Arrow and not in others: a child as long as the struct is aligned with it, else it starts at the struct's offset.
    /// </summary>
    public static int ChildRow(StructArray parent, IArrowArray child, int row) => child.Length == parent.Length ? row : parent.Offset + row;

    public static int Index(IArrowArray indices, int row) => indices switch
    {
        Int8Array a => a.GetValue(row)!.Value,
        Int16Array a => a.GetValue(row)!.Value,
        Int32Array a => a.GetValue(row)!.Value,
        UInt8Array a => a.GetValue(row)!.Value,
        UInt16Array a => a.GetValue(row)!.Value,
        UInt32Array a => checked((int)a.GetValue(row)!.Value),
        _ => throw new InvalidOperationException($"Unexpected dictionary index type {indices.Data.DataType.TypeId}."),
    };

    private static JsonArray Items(IArrowArray values)
    {
        var items = new JsonArray();
        for (var i = 0; i < values.Length; i++)
        {
            items.Add(Value(values, i));
        }

        return items;
    }

    private static string Invariant<T>(T? value)
        where T : struct, IFormattable
        => value!.Value.ToString(null, CultureInfo.InvariantCulture);
}
