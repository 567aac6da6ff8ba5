using Apache.Arrow;
using Apache.Arrow.Types;

namespace Quiver.Adbc;

/// <summary>AdbcConnectionGetInfo's answer: (info_name uint32, info_value dense union) rows, as adbc.h defines them.</summary>
internal static class DriverInfo
{
    public const long AdbcVersion = 1_001_000;

    private static readonly string DriverVersion = typeof(DriverInfo).Assembly.GetName().Version?.ToString(3) ?? "unknown";

    private static readonly string ArrowVersion = "Apache.Arrow " + (typeof(RecordBatch).Assembly.GetName().Version?.ToString(3) ?? "unknown");

    public static readonly Schema Schema = new(
        [
            new Field("info_name", UInt32Type.Default, false),
            new Field(
                "info_value",
                new UnionType(
                    [
                        new Field("string_value", StringType.Default, true),
                        new Field("bool_value", BooleanType.Default, true),
                        new Field("int64_value", Int64Type.Default, true),
                        new Field("int32_bitmask", Int32Type.Default, true),
                        new Field("string_list", new ListType(new Field("item", StringType.Default, true)), true),
                        new Field("int32_to_int32_list_map", new MapType(new Field("key", Int32Type.Default, false), new Field("value", new ListType(new Field("item", Int32Type.Default, true)), true)), true),
                    ],
                    [0, 1, 2, 3, 4, 5],
                    UnionMode.Dense),
                true),
        ],
        null);

    /// <summary>The infos asked for (all when none are), in the order asked; codes the driver does not know are left out.</summary>
    public static RecordBatch Batch(QuiverAdbcConnection connection, IReadOnlyCollection<uint> requested)
    {
        var server = connection.Connection;
        (uint Code, object Value)[] all =
        [
            (0, "Quiver"), // ADBC_INFO_VENDOR_NAME
            (1, server.ServerVersion), // ADBC_INFO_VENDOR_VERSION
            (2, "Quiver.Arrow"), // ADBC_INFO_VENDOR_ARROW_VERSION
            (3, true), // ADBC_INFO_VENDOR_SQL
            (4, false), // ADBC_INFO_VENDOR_SUBSTRAIT
            (100, "ADBC Quiver Driver"), // ADBC_INFO_DRIVER_NAME
            (101, DriverVersion), // ADBC_INFO_DRIVER_VERSION
            (102, ArrowVersion), // ADBC_INFO_DRIVER_ARROW_VERSION
            (103, AdbcVersion), // ADBC_INFO_DRIVER_ADBC_VERSION
        ];
        var rows = requested.Count == 0 ? all : [.. requested.SelectMany(code => all.Where(row => row.Code == code))];

        var names = new UInt32Array.Builder();
        var types = new ArrowBuffer.Builder<byte>();
        var offsets = new ArrowBuffer.Builder<int>();
        var strings = new StringArray.Builder();
        var bools = new BooleanArray.Builder();
        var longs = new Int64Array.Builder();
        foreach (var (code, value) in rows)
        {
            names.Append(code);
            switch (value)
            {
                case string text:
                    types.Append(0);
                    offsets.Append(strings.Length);
                    strings.Append(text);
                    break;
                case bool flag:
                    types.Append(1);
                    offsets.Append(bools.Length);
                    bools.Append(flag);
                    break;
                default:
                    types.Append(2);
                    offsets.Append(longs.Length);
                    longs.Append((long)value);
                    break;
            }
        }

        var union = (UnionType)Schema.FieldsList[1].DataType;
        var mapType = (MapType)union.Fields[5].DataType;
        IArrowArray[] children =
        [
            strings.Build(), bools.Build(), longs.Build(), new Int32Array.Builder().Build(),
            new ListArray.Builder(StringType.Default).Build(),
            new MapArray(mapType, 0, new ArrowBuffer.Builder<int>().Append(0).Build(),
                new StructArray((StructType)mapType.KeyValueType, 0, [new Int32Array.Builder().Build(), new ListArray.Builder(Int32Type.Default).Build()], ArrowBuffer.Empty),
                ArrowBuffer.Empty, 0, 0),
        ];
        var values = new DenseUnionArray(union, rows.Length, children, types.Build(), offsets.Build(), 0, 0);
        return new RecordBatch(Schema, [names.Build(), values], rows.Length);
    }
}
