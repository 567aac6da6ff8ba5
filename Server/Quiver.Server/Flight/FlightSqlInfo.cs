using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Google.Protobuf;

namespace Quiver.Server.Flight;

/// <summary>
/// CommandGetSqlInfo's answer: what the server is and what its SQL does, as Flight SQL's (info_name, value) table with
/// a dense-union value. Written with Apache.Arrow, because Quiver.Arrow has no union type; the answer is built from
/// constants here and never parses anything a client sent.
/// </summary>
internal static class FlightSqlInfo
{
    private const byte StringValue = 0;
    private const byte BoolValue = 1;
    private const byte BigintValue = 2;
    private const byte Int32Bitmask = 3;

    private static readonly string ServerVersion =
        typeof(FlightSqlInfo).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";

    // Values from SqlInfo in FlightSql.proto; enum-valued ones use that file's enums (SqlSupportedCaseSensitivity, SqlNullOrdering).
    private static readonly (uint Info, byte Type, object Value)[] Answers =
    [
        (0, StringValue, "Quiver"), // FLIGHT_SQL_SERVER_NAME
        (1, StringValue, ServerVersion), // FLIGHT_SQL_SERVER_VERSION
        (2, StringValue, "Quiver.Arrow (Arrow IPC, metadata V5)"), // FLIGHT_SQL_SERVER_ARROW_VERSION
        (3, BoolValue, false), // FLIGHT_SQL_SERVER_READ_ONLY
        (4, BoolValue, true), // FLIGHT_SQL_SERVER_SQL
        (5, BoolValue, false), // FLIGHT_SQL_SERVER_SUBSTRAIT
        (8, Int32Bitmask, 1), // FLIGHT_SQL_SERVER_TRANSACTION: SQL_SUPPORTED_TRANSACTION_TRANSACTION (no savepoints)
        (9, BoolValue, true), // FLIGHT_SQL_SERVER_CANCEL (CancelFlightInfo)
        (100, Int32Bitmask, 0), // FLIGHT_SQL_SERVER_STATEMENT_TIMEOUT: prepared statements live as long as their connection
        (101, Int32Bitmask, 0), // FLIGHT_SQL_SERVER_TRANSACTION_TIMEOUT
        (500, BoolValue, false), // SQL_DDL_CATALOG (ATTACH is refused by the statement guard)
        (501, BoolValue, true), // SQL_DDL_SCHEMA
        (502, BoolValue, true), // SQL_DDL_TABLE
        (503, Int32Bitmask, 1), // SQL_IDENTIFIER_CASE: case-insensitive
        (504, StringValue, "\""), // SQL_IDENTIFIER_QUOTE_CHAR
        (505, Int32Bitmask, 1), // SQL_QUOTED_IDENTIFIER_CASE: DuckDB matches quoted names case-insensitively too
        (507, Int32Bitmask, 3), // SQL_NULL_ORDERING: at the end, whatever the direction (DuckDB's NULLS LAST default)
        (513, StringValue, "\\"), // SQL_SEARCH_STRING_ESCAPE (the catalog commands' LIKE escape)
        (515, BoolValue, true), // SQL_SUPPORTS_COLUMN_ALIASING
        (516, BoolValue, true), // SQL_NULL_PLUS_NULL_IS_NULL
        (529, StringValue, "schema"), // SQL_SCHEMA_TERM
        (531, StringValue, "database"), // SQL_CATALOG_TERM
        (532, BoolValue, true), // SQL_CATALOG_AT_START
    ];

    private static readonly Schema TableSchema = BuildSchema();

    /// <summary>The answer's schema as an encapsulated IPC message, for FlightInfo and GetSchema.</summary>
    public static ByteString Schema()
    {
        // Apache.Arrow's writer writes the schema with the first batch: take the first message of a full answer.
        var stream = Write(Answers);
        Quiver.Arrow.ArrowIpcFrames.Read(stream, out var consumed);
        return ByteString.CopyFrom(stream.AsSpan(0, consumed));
    }

    /// <summary>The answer as an IPC stream (schema, one batch, end marker) for the requested infos (all when none are named).</summary>
    public static byte[] Stream(IReadOnlyCollection<uint> requested)
        => Write([.. Answers.Where(a => requested.Count == 0 || requested.Contains(a.Info))]);

    private static byte[] Write((uint Info, byte Type, object Value)[] rows)
    {
        using var output = new MemoryStream();
        using (var writer = new ArrowStreamWriter(output, TableSchema, leaveOpen: true))
        {
            writer.WriteRecordBatch(Batch(rows));
            writer.WriteEnd();
        }

        return output.ToArray();
    }

    private static RecordBatch Batch((uint Info, byte Type, object Value)[] rows)
    {
        var names = new UInt32Array.Builder();
        var types = new ArrowBuffer.Builder<byte>();
        var offsets = new ArrowBuffer.Builder<int>();
        var strings = new StringArray.Builder();
        var bools = new BooleanArray.Builder();
        var bigints = new Int64Array.Builder();
        var bitmasks = new Int32Array.Builder();
        foreach (var (info, type, value) in rows)
        {
            names.Append(info);
            types.Append(type);
            switch (type)
            {
                case StringValue:
                    offsets.Append(strings.Length);
                    strings.Append((string)value);
                    break;
                case BoolValue:
                    offsets.Append(bools.Length);
                    bools.Append((bool)value);
                    break;
                case BigintValue:
                    offsets.Append(bigints.Length);
                    bigints.Append((long)value);
                    break;
                default:
                    offsets.Append(bitmasks.Length);
                    bitmasks.Append((int)value);
                    break;
            }
        }

        var union = (UnionType)TableSchema.FieldsList[1].DataType;
        IArrowArray[] children =
        [
            strings.Build(), bools.Build(), bigints.Build(), bitmasks.Build(),
            new ListArray.Builder(StringType.Default).Build(),
            new MapArray(union.Fields[5].DataType, 0, new ArrowBuffer.Builder<int>().Append(0).Build(),
                new StructArray((StructType)((MapType)union.Fields[5].DataType).KeyValueType, 0,
                    [new Int32Array.Builder().Build(), new ListArray.Builder(Int32Type.Default).Build()], ArrowBuffer.Empty), ArrowBuffer.Empty, 0, 0),
        ];
        var values = new DenseUnionArray(union, rows.Length, children, types.Build(), offsets.Build(), 0, 0);
        return new RecordBatch(TableSchema, [names.Build(), values], rows.Length);
    }

    private static Schema BuildSchema()
    {
        Field[] choices =
        [
            new("string_value", StringType.Default, true),
            new("bool_value", BooleanType.Default, true),
            new("bigint_value", Int64Type.Default, true),
            new("int32_bitmask", Int32Type.Default, true),
            new("string_list", new ListType(new Field("item", StringType.Default, true)), true),
            new("int32_to_int32_list_map", new MapType(new Field("key", Int32Type.Default, false), new Field("value", new ListType(new Field("item", Int32Type.Default, true)), true)), true),
        ];
        return new Schema(
            [new Field("info_name", UInt32Type.Default, false), new Field("value", new UnionType(choices, [0, 1, 2, 3, 4, 5], UnionMode.Dense), false)], null);
    }
}
