using System.Text;

namespace Quiver.Arrow.Tests;

/// <summary>Appends seeded random values of any type to builders, with edge values first and nulls every so often.</summary>
internal sealed class RandomValues(int seed, int nullEvery = 5)
{
    private static readonly string[] Strings =
        ["", "a", "quiver", "Grüße", "日本語テキスト", "emoji 🏹🎯", "line\nbreak", "tab\tand \"quotes\"", "\0nul", new string('ß', 40)];

    private readonly Random _random = new(seed);

    public ArrowRecordBatch Batch(ArrowRecordBatchBuilder builder, int rows)
    {
        foreach (var column in builder.Columns)
        {
            for (var row = 0; row < rows; row++)
            {
                Append(column, row);
            }
        }

        return builder.Build();
    }

    public void Append(ArrowArrayBuilder builder, int row)
    {
        if (builder.Field.IsNullable && nullEvery > 0 && _random.Next(nullEvery) == 0)
        {
            builder.AppendNull();
            return;
        }

        var type = builder.Field.Type;
        switch (builder)
        {
            case NullArrayBuilder n:
                n.AppendNull();
                break;
            case BooleanArrayBuilder b:
                b.Append(_random.Next(2) == 1);
                break;
            case BinaryArrayBuilder s when type.Id is ArrowTypeId.Utf8 or ArrowTypeId.LargeUtf8:
                s.Append(Strings[_random.Next(Strings.Length)] + (row % 3 == 0 ? row.ToString(System.Globalization.CultureInfo.InvariantCulture) : ""));
                break;
            case BinaryArrayBuilder s:
                s.Append(Encoding.Latin1.GetBytes(Strings[_random.Next(Strings.Length)] + "\u00ff"));
                break;
            case ListArrayBuilder l:
                l.Append();
                for (var i = _random.Next(4); i > 0; i--)
                {
                    if (type.Id == ArrowTypeId.Map)
                    {
                        l.AppendMapEntry();
                        Append(l.MapKeys, row);
                        Append(l.MapValues, row);
                    }
                    else
                    {
                        Append(l.Values, row);
                    }
                }

                break;
            case FixedSizeListArrayBuilder f:
                f.Append();
                for (var i = 0; i < type.ListSize; i++)
                {
                    Append(f.Values, row);
                }

                break;
            case StructArrayBuilder st:
                st.Append();
                foreach (var field in st.Fields)
                {
                    Append(field, row);
                }

                break;
            case DictionaryArrayBuilder d:
                d.AppendIndex(_random.Next(d.Dictionary!.Length));
                break;
            case PrimitiveArrayBuilder p:
                AppendPrimitive(p, type, row);
                break;
        }
    }

    private void AppendPrimitive(PrimitiveArrayBuilder p, ArrowType type, int row)
    {
        switch (type.Id)
        {
            case ArrowTypeId.Int8:
                p.Append(row switch { 0 => sbyte.MinValue, 1 => sbyte.MaxValue, _ => (sbyte)_random.Next() });
                break;
            case ArrowTypeId.UInt8:
                p.Append(row == 0 ? byte.MaxValue : (byte)_random.Next());
                break;
            case ArrowTypeId.Int16:
                p.Append(row switch { 0 => short.MinValue, 1 => short.MaxValue, _ => (short)_random.Next() });
                break;
            case ArrowTypeId.UInt16:
                p.Append(row == 0 ? ushort.MaxValue : (ushort)_random.Next());
                break;
            case ArrowTypeId.Int32 or ArrowTypeId.Date32:
                p.Append(row switch { 0 => int.MinValue, 1 => int.MaxValue, _ => _random.Next(int.MinValue, int.MaxValue) });
                break;
            case ArrowTypeId.UInt32:
                p.Append(row == 0 ? uint.MaxValue : (uint)_random.NextInt64());
                break;
            case ArrowTypeId.Time32:
                p.Append(_random.Next(type.Unit == ArrowTimeUnit.Second ? 86_400 : 86_400_000));
                break;
            case ArrowTypeId.Time64:
                p.Append(_random.NextInt64(type.Unit == ArrowTimeUnit.Microsecond ? 86_400_000_000L : 86_400_000_000_000L));
                break;
            case ArrowTypeId.Date64:
                p.Append(_random.NextInt64(-100_000, 100_000) * 86_400_000L);
                break;
            case ArrowTypeId.Int64 or ArrowTypeId.Timestamp or ArrowTypeId.Duration:
                p.Append(row switch { 0 => long.MinValue, 1 => long.MaxValue, _ => _random.NextInt64(long.MinValue, long.MaxValue) });
                break;
            case ArrowTypeId.UInt64:
                p.Append(row == 0 ? ulong.MaxValue : (ulong)_random.NextInt64() * 3);
                break;
            case ArrowTypeId.Float32:
                p.Append(row switch { 0 => float.NaN, 1 => -0f, 2 => float.PositiveInfinity, 3 => float.Epsilon, _ => (float)(_random.NextDouble() * 1e6) });
                break;
            case ArrowTypeId.Float64:
                p.Append(row switch { 0 => double.NaN, 1 => -0d, 2 => double.NegativeInfinity, 3 => double.Epsilon, _ => _random.NextDouble() * -1e300 });
                break;
            case ArrowTypeId.Decimal128:
                var limit = Int128.Parse(new string('9', type.Precision), System.Globalization.CultureInfo.InvariantCulture);
                var value = row switch { 0 => limit, 1 => -limit, _ => ((Int128)_random.NextInt64() * _random.NextInt64()) % (limit + 1) };
                p.Append(value);
                break;
            case ArrowTypeId.Interval when type.IntervalUnit == ArrowIntervalUnit.MonthDayNano:
                p.AppendMonthDayNano(new ArrowMonthDayNano(_random.Next(int.MinValue, int.MaxValue), _random.Next(-40_000, 40_000), _random.NextInt64(long.MinValue, long.MaxValue)));
                break;
            default:
                var bytes = new byte[type.ByteWidth];
                _random.NextBytes(bytes);
                p.AppendBytes(bytes);
                break;
        }
    }
}
