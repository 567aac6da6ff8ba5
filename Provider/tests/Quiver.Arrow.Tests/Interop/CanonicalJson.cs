using System.Globalization;
using System.Text.Json.Nodes;

namespace Quiver.Arrow.Tests.Interop;

/// <summary>
/// The canonical JSON form of a stream that canonical.mjs also builds from apache-arrow's view of the same bytes:
/// every value exactly, 64-bit integers as decimal strings, floats as the hex of their bits, bytes as hex.
/// </summary>
internal static class CanonicalJson
{
    public static JsonObject Stream(ArrowSchema schema, IEnumerable<ArrowRecordBatch> batches) => new()
    {
        ["schema"] = new JsonObject
        {
            ["fields"] = new JsonArray([.. schema.Fields.Select(Field)]),
            ["metadata"] = Metadata(schema.Metadata),
        },
        ["batches"] = new JsonArray([.. batches.Select(batch => (JsonNode)new JsonObject
        {
            ["length"] = batch.Length,
            ["columns"] = new JsonArray([.. batch.Columns.Select(column => (JsonNode)Rows(column, 0, batch.Length))]),
        })]),
    };

    public static string TypeName(ArrowType type) => type.Id switch
    {
        ArrowTypeId.Null => "null",
        ArrowTypeId.Boolean => "bool",
        >= ArrowTypeId.Int8 and <= ArrowTypeId.UInt64 => $"{(type.Id <= ArrowTypeId.Int64 ? "int" : "uint")}{type.ByteWidth * 8}",
        ArrowTypeId.Float32 => "float32",
        ArrowTypeId.Float64 => "float64",
        ArrowTypeId.Decimal128 => $"decimal128({type.Precision},{type.Scale})",
        ArrowTypeId.Utf8 => "utf8",
        ArrowTypeId.LargeUtf8 => "large_utf8",
        ArrowTypeId.Binary => "binary",
        ArrowTypeId.LargeBinary => "large_binary",
        ArrowTypeId.FixedSizeBinary => $"fixed_size_binary({type.ByteWidth})",
        ArrowTypeId.Date32 => "date32",
        ArrowTypeId.Date64 => "date64",
        ArrowTypeId.Time32 or ArrowTypeId.Time64 => $"time{type.ByteWidth * 8}[{Unit(type.Unit)}]",
        ArrowTypeId.Timestamp => type.TimeZone is null ? $"timestamp[{Unit(type.Unit)}]" : $"timestamp[{Unit(type.Unit)},{type.TimeZone}]",
        ArrowTypeId.Duration => $"duration[{Unit(type.Unit)}]",
        ArrowTypeId.Interval => type.IntervalUnit switch
        {
            ArrowIntervalUnit.YearMonth => "interval[year_month]",
            ArrowIntervalUnit.DayTime => "interval[day_time]",
            _ => "interval[month_day_nano]",
        },
        ArrowTypeId.List => "list",
        ArrowTypeId.LargeList => "large_list",
        ArrowTypeId.FixedSizeList => $"fixed_size_list({type.ListSize})",
        ArrowTypeId.Struct => "struct",
        _ => type.KeysSorted ? "map(sorted)" : "map",
    };

    private static JsonObject Field(ArrowField field)
    {
        var json = new JsonObject
        {
            ["name"] = field.Name,
            ["type"] = TypeName(field.Type),
            ["nullable"] = field.IsNullable,
            ["metadata"] = Metadata(field.Metadata),
        };
        if (field.Dictionary is { } encoding)
        {
            json["dictionary"] = new JsonObject
            {
                ["id"] = encoding.Id,
                ["index"] = TypeName(encoding.IndexType),
                ["ordered"] = encoding.IsOrdered,
            };
        }

        json["children"] = new JsonArray([.. field.Type.Children.Select(Field)]);
        return json;
    }

    private static JsonObject Metadata(IReadOnlyDictionary<string, string> metadata)
    {
        var json = new JsonObject();
        foreach (var key in metadata.Keys.Order(StringComparer.Ordinal))
        {
            json[key] = metadata[key];
        }

        return json;
    }

    private static JsonArray Rows(ArrowArray array, int start, int count)
    {
        var rows = new JsonArray();
        for (var row = start; row < start + count; row++)
        {
            rows.Add(Value(array, row));
        }

        return rows;
    }

    private static JsonNode? Value(ArrowArray array, int row)
    {
        if (array.IsNull(row))
        {
            return null;
        }

        switch (array)
        {
            case DictionaryArray d:
                return Value(d.Dictionary, d.GetIndex(row));
            case BooleanArray b:
                return b.GetBoolean(row);
            case BinaryArray s:
                return s.IsUtf8 ? s.GetString(row) : Convert.ToHexStringLower(s.GetBytes(row));
            case ListArray l:
                return Rows(l.Values, l.GetStart(row), l.GetLength(row));
            case FixedSizeListArray f:
                return Rows(f.Values, f.GetStart(row), f.ListSize);
            case StructArray st:
                return new JsonArray([.. st.Children.Select(child => Value(child, row))]);
            case PrimitiveArray p:
                return Primitive(p, row);
            default:
                throw new InvalidOperationException($"No canonical value for {array}.");
        }
    }

    private static JsonNode Primitive(PrimitiveArray p, int row)
    {
        var type = p.Type;
        return type.Id switch
        {
            ArrowTypeId.Int8 => p.GetInt8(row),
            ArrowTypeId.Int16 => p.GetInt16(row),
            ArrowTypeId.Int32 or ArrowTypeId.Date32 or ArrowTypeId.Time32 => p.GetInt32(row),
            ArrowTypeId.UInt8 => p.GetUInt8(row),
            ArrowTypeId.UInt16 => p.GetUInt16(row),
            ArrowTypeId.UInt32 => p.GetUInt32(row),
            ArrowTypeId.UInt64 => p.GetUInt64(row).ToString(CultureInfo.InvariantCulture),
            ArrowTypeId.Int64 or ArrowTypeId.Date64 or ArrowTypeId.Time64 or ArrowTypeId.Timestamp or ArrowTypeId.Duration
                => p.GetInt64(row).ToString(CultureInfo.InvariantCulture),
            ArrowTypeId.Float32 => BitConverter.SingleToUInt32Bits(p.GetFloat(row)).ToString("x8", CultureInfo.InvariantCulture),
            ArrowTypeId.Float64 => BitConverter.DoubleToUInt64Bits(p.GetDouble(row)).ToString("x16", CultureInfo.InvariantCulture),
            ArrowTypeId.Decimal128 => p.GetUnscaledDecimal(row).ToString(CultureInfo.InvariantCulture),
            ArrowTypeId.FixedSizeBinary => Convert.ToHexStringLower(p.GetBytes(row)),
            ArrowTypeId.Interval => type.IntervalUnit switch
            {
                ArrowIntervalUnit.YearMonth => p.GetInt32(row),
                ArrowIntervalUnit.DayTime => DayTime(p.GetDayTime(row)),
                _ => MonthDayNano(p.GetMonthDayNano(row)),
            },
            _ => throw new InvalidOperationException($"No canonical value for {type}."),
        };
    }

    private static JsonArray DayTime((int Days, int Milliseconds) value) => new(value.Days, value.Milliseconds);

    private static JsonArray MonthDayNano(ArrowMonthDayNano value)
        => new(value.Months, value.Days, value.Nanoseconds.ToString(CultureInfo.InvariantCulture));

    private static string Unit(ArrowTimeUnit unit) => unit switch
    {
        ArrowTimeUnit.Second => "s",
        ArrowTimeUnit.Millisecond => "ms",
        ArrowTimeUnit.Microsecond => "us",
        _ => "ns",
    };

    /// <summary>The first difference between two canonical forms: its path and both values, or null.</summary>
    public static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (JsonObject e, JsonObject a):
                foreach (var key in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
                {
                    if (FirstDifference(e[key], a[key], $"{path}.{key}") is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            case (JsonArray e, JsonArray a):
                for (var i = 0; i < Math.Max(e.Count, a.Count); i++)
                {
                    if (i >= e.Count || i >= a.Count)
                    {
                        return $"{path}: {e.Count} items expected, {a.Count} found";
                    }

                    if (FirstDifference(e[i], a[i], $"{path}[{i}]") is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            default:
                var left = expected?.ToJsonString() ?? "null";
                var right = actual?.ToJsonString() ?? "null";
                return left == right ? null : $"{path}: expected {Shorten(left)} but found {Shorten(right)}";
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : $"{text[..200]}... ({text.Length} chars)";
}
