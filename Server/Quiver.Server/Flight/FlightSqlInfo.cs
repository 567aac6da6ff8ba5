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
    private const byte StringList = 4;
    private const byte Int32ToInt32ListMap = 5;

    private static readonly string ServerVersion =
        typeof(FlightSqlInfo).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";

    /// <summary>DuckDB's reserved keywords (duckdb_keywords() with category 'reserved').</summary>
    internal static readonly string[] Keywords =
    [
        "ALL", "ANALYSE", "ANALYZE", "AND", "ANY", "ARRAY", "AS", "ASC", "ASYMMETRIC", "BOTH", "CASE", "CAST", "CHECK", "COLLATE",
        "COLUMN", "CONSTRAINT", "CREATE", "DEFAULT", "DEFERRABLE", "DESC", "DESCRIBE", "DISTINCT", "DO", "ELSE", "END", "EXCEPT",
        "FALSE", "FETCH", "FOR", "FOREIGN", "FROM", "GROUP", "HAVING", "IN", "INITIALLY", "INTERSECT", "INTO", "LAMBDA", "LATERAL",
        "LEADING", "LIMIT", "NOT", "NULL", "OFFSET", "ON", "ONLY", "OR", "ORDER", "PIVOT", "PIVOT_LONGER", "PIVOT_WIDER", "PLACING",
        "PRIMARY", "QUALIFY", "REFERENCES", "RETURNING", "SELECT", "SHOW", "SOME", "SUMMARIZE", "SYMMETRIC", "TABLE", "THEN", "TO",
        "TRAILING", "TRUE", "UNION", "UNIQUE", "UNPIVOT", "USING", "VARIADIC", "WHEN", "WHERE", "WINDOW", "WITH",
    ];

    internal static readonly string[] NumericFunctions =
    [
        "abs", "acos", "asin", "atan", "atan2", "cbrt", "ceil", "ceiling", "cos", "cot", "degrees", "even", "exp", "factorial",
        "floor", "fmod", "gcd", "lcm", "ln", "log", "log10", "log2", "mod", "pi", "pow", "power", "radians", "random", "round",
        "sign", "sin", "sqrt", "tan", "trunc",
    ];

    internal static readonly string[] StringFunctions =
    [
        "ascii", "bit_length", "char_length", "character_length", "chr", "concat", "concat_ws", "contains", "ends_with", "format",
        "instr", "lcase", "left", "length", "lower", "lpad", "ltrim", "md5", "octet_length", "position", "printf", "regexp_extract",
        "regexp_matches", "regexp_replace", "repeat", "replace", "reverse", "right", "rpad", "rtrim", "sha256", "split_part",
        "starts_with", "string_agg", "strpos", "substr", "substring", "translate", "trim", "ucase", "upper",
    ];

    internal static readonly string[] SystemFunctions =
    [
        "current_database", "current_schema", "current_setting", "current_user", "greatest", "least", "nullif", "typeof", "user", "version",
    ];

    internal static readonly string[] DatetimeFunctions =
    [
        "age", "current_date", "date_add", "date_diff", "date_part", "date_sub", "date_trunc", "datediff", "datepart", "datetrunc",
        "day", "dayname", "dayofmonth", "dayofweek", "dayofyear", "epoch", "hour", "isodow", "last_day", "make_date", "make_time",
        "make_timestamp", "minute", "month", "monthname", "now", "quarter", "second", "strftime", "strptime", "to_timestamp", "week",
        "weekofyear", "year", "yearweek",
    ];

    // Declared after the lists it holds (static fields initialize in order).
    // Values from SqlInfo in FlightSql.proto; enum-valued ones use that file's enums, bitmasks set bit (1 << value).
    // Every value the value's CLR type chooses: string, bool, long, int (int32 bitmask or enum), string[], and the
    // conversion map. The function lists and keywords are DuckDB's names, checked against duckdb_functions() and
    // duckdb_keywords() by the conformance tests, as is the conversion map against DuckDB's casts.
    private static readonly (uint Info, object Value)[] Answers =
    [
        (0, "Quiver"), // FLIGHT_SQL_SERVER_NAME
        (1, ServerVersion), // FLIGHT_SQL_SERVER_VERSION
        (2, "Quiver.Arrow (Arrow IPC, metadata V5)"), // FLIGHT_SQL_SERVER_ARROW_VERSION
        (3, false), // FLIGHT_SQL_SERVER_READ_ONLY
        (4, true), // FLIGHT_SQL_SERVER_SQL
        (5, false), // FLIGHT_SQL_SERVER_SUBSTRAIT
        (8, 1), // FLIGHT_SQL_SERVER_TRANSACTION: SQL_SUPPORTED_TRANSACTION_TRANSACTION (DuckDB has no savepoints)
        (9, true), // FLIGHT_SQL_SERVER_CANCEL (CancelFlightInfo)
        (100, 0), // FLIGHT_SQL_SERVER_STATEMENT_TIMEOUT: prepared statements live as long as their connection
        (101, 0), // FLIGHT_SQL_SERVER_TRANSACTION_TIMEOUT
        (500, false), // SQL_DDL_CATALOG (ATTACH is refused by the statement guard)
        (501, true), // SQL_DDL_SCHEMA
        (502, true), // SQL_DDL_TABLE
        (503, 1), // SQL_IDENTIFIER_CASE: case-insensitive
        (504, "\""), // SQL_IDENTIFIER_QUOTE_CHAR
        (505, 1), // SQL_QUOTED_IDENTIFIER_CASE: DuckDB matches quoted names case-insensitively too
        (506, true), // SQL_ALL_TABLES_ARE_SELECTABLE
        (507, 3), // SQL_NULL_ORDERING: at the end, whatever the direction (DuckDB's NULLS LAST default)
        (508, Keywords), // SQL_KEYWORDS
        (509, NumericFunctions), // SQL_NUMERIC_FUNCTIONS
        (510, StringFunctions), // SQL_STRING_FUNCTIONS
        (511, SystemFunctions), // SQL_SYSTEM_FUNCTIONS
        (512, DatetimeFunctions), // SQL_DATETIME_FUNCTIONS
        (513, "\\"), // SQL_SEARCH_STRING_ESCAPE (the catalog commands' LIKE escape)
        (514, ""), // SQL_EXTRA_NAME_CHARACTERS
        (515, true), // SQL_SUPPORTS_COLUMN_ALIASING
        (516, true), // SQL_NULL_PLUS_NULL_IS_NULL
        (517, FlightSqlConversions.Supported), // SQL_SUPPORTS_CONVERT
        (518, true), // SQL_SUPPORTS_TABLE_CORRELATION_NAMES
        (519, false), // SQL_SUPPORTS_DIFFERENT_TABLE_CORRELATION_NAMES: not restricted to differ from table names
        (520, true), // SQL_SUPPORTS_EXPRESSIONS_IN_ORDER_BY
        (521, true), // SQL_SUPPORTS_ORDER_BY_UNRELATED
        (522, 0b11), // SQL_SUPPORTED_GROUP_BY: unrelated, beyond select
        (523, true), // SQL_SUPPORTS_LIKE_ESCAPE_CLAUSE
        (524, true), // SQL_SUPPORTS_NON_NULLABLE_COLUMNS
        (525, 0b11), // SQL_SUPPORTED_GRAMMAR: minimum and core
        (526, 0b11), // SQL_ANSI92_SUPPORTED_LEVEL: entry and intermediate
        (527, true), // SQL_SUPPORTS_INTEGRITY_ENHANCEMENT_FACILITY: PRIMARY KEY, FOREIGN KEY, UNIQUE, CHECK
        (528, 2), // SQL_OUTER_JOINS_SUPPORT_LEVEL: full outer joins
        (529, "schema"), // SQL_SCHEMA_TERM
        (530, ""), // SQL_PROCEDURE_TERM: no stored procedures
        (531, "database"), // SQL_CATALOG_TERM
        (532, true), // SQL_CATALOG_AT_START
        (533, 0b10), // SQL_SCHEMAS_SUPPORTED_ACTIONS: in index definitions
        (534, 0b10), // SQL_CATALOGS_SUPPORTED_ACTIONS: in index definitions
        (535, 0), // SQL_SUPPORTED_POSITIONED_COMMANDS
        (536, false), // SQL_SELECT_FOR_UPDATE_SUPPORTED
        (537, false), // SQL_STORED_PROCEDURES_SUPPORTED
        (538, 0b1111), // SQL_SUPPORTED_SUBQUERIES: comparisons, EXISTS, IN, quantified
        (539, true), // SQL_CORRELATED_SUBQUERIES_SUPPORTED
        (540, 0b11), // SQL_SUPPORTED_UNIONS: UNION, UNION ALL
        (557, 0L), // SQL_MAX_STATEMENT_LENGTH: no limit of its own (the server's message size limit applies)
        (562, 3), // SQL_DEFAULT_TRANSACTION_ISOLATION: DuckDB's snapshot isolation, reported as REPEATABLE_READ
        (563, true), // SQL_TRANSACTIONS_SUPPORTED
        (564, 0b1000), // SQL_SUPPORTED_TRANSACTIONS_ISOLATION_LEVELS: REPEATABLE_READ only
        (565, false), // SQL_DATA_DEFINITION_CAUSES_TRANSACTION_COMMIT: DDL is transactional
        (566, false), // SQL_DATA_DEFINITIONS_IN_TRANSACTIONS_IGNORED
        (567, 0b10), // SQL_SUPPORTED_RESULT_SET_TYPES: forward only
        (568, 0), // SQL_SUPPORTED_CONCURRENCIES_FOR_RESULT_SET_UNSPECIFIED
        (569, 0b10), // SQL_SUPPORTED_CONCURRENCIES_FOR_RESULT_SET_FORWARD_ONLY: read only
        (570, 0), // SQL_SUPPORTED_CONCURRENCIES_FOR_RESULT_SET_SCROLL_SENSITIVE
        (571, 0), // SQL_SUPPORTED_CONCURRENCIES_FOR_RESULT_SET_SCROLL_INSENSITIVE
        (572, false), // SQL_BATCH_UPDATES_SUPPORTED: one parameter row per DoPut
        (573, false), // SQL_SAVEPOINTS_SUPPORTED
        (574, false), // SQL_NAMED_PARAMETERS_SUPPORTED (no callable statements)
        (575, true), // SQL_LOCATORS_UPDATE_COPY: a BLOB is a value, never a locator
        (576, false), // SQL_STORED_FUNCTIONS_USING_CALL_SYNTAX_SUPPORTED
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

    private static byte[] Write((uint Info, object Value)[] rows)
    {
        using var output = new MemoryStream();
        using (var writer = new ArrowStreamWriter(output, TableSchema, leaveOpen: true))
        {
            writer.WriteRecordBatch(Batch(rows));
            writer.WriteEnd();
        }

        return output.ToArray();
    }

    private static RecordBatch Batch((uint Info, object Value)[] rows)
    {
        var names = new UInt32Array.Builder();
        var types = new ArrowBuffer.Builder<byte>();
        var offsets = new ArrowBuffer.Builder<int>();
        var strings = new StringArray.Builder();
        var bools = new BooleanArray.Builder();
        var bigints = new Int64Array.Builder();
        var bitmasks = new Int32Array.Builder();
        var lists = new ListArray.Builder(StringType.Default);
        var listItems = (StringArray.Builder)lists.ValueBuilder;
        var maps = new List<IReadOnlyDictionary<int, int[]>>();
        foreach (var (info, value) in rows)
        {
            names.Append(info);
            switch (value)
            {
                case string text:
                    types.Append(StringValue);
                    offsets.Append(strings.Length);
                    strings.Append(text);
                    break;
                case bool flag:
                    types.Append(BoolValue);
                    offsets.Append(bools.Length);
                    bools.Append(flag);
                    break;
                case long number:
                    types.Append(BigintValue);
                    offsets.Append(bigints.Length);
                    bigints.Append(number);
                    break;
                case int bitmask:
                    types.Append(Int32Bitmask);
                    offsets.Append(bitmasks.Length);
                    bitmasks.Append(bitmask);
                    break;
                case string[] list:
                    types.Append(StringList);
                    offsets.Append(lists.Length);
                    lists.Append();
                    foreach (var item in list)
                    {
                        listItems.Append(item);
                    }

                    break;
                case IReadOnlyDictionary<int, int[]> map:
                    types.Append(Int32ToInt32ListMap);
                    offsets.Append(maps.Count);
                    maps.Add(map);
                    break;
                default:
                    throw new InvalidOperationException($"SqlInfo {info} has a value of unsupported type {value.GetType().Name}.");
            }
        }

        var union = (UnionType)TableSchema.FieldsList[1].DataType;
        IArrowArray[] children = [strings.Build(), bools.Build(), bigints.Build(), bitmasks.Build(), lists.Build(), Maps((MapType)union.Fields[5].DataType, maps)];
        var values = new DenseUnionArray(union, rows.Length, children, types.Build(), offsets.Build(), 0, 0);
        return new RecordBatch(TableSchema, [names.Build(), values], rows.Length);
    }

    private static MapArray Maps(MapType type, List<IReadOnlyDictionary<int, int[]>> maps)
    {
        var mapOffsets = new ArrowBuffer.Builder<int>().Append(0);
        var keys = new Int32Array.Builder();
        var values = new ListArray.Builder(Int32Type.Default);
        var items = (Int32Array.Builder)values.ValueBuilder;
        foreach (var map in maps)
        {
            foreach (var (key, targets) in map.OrderBy(e => e.Key))
            {
                keys.Append(key);
                values.Append();
                foreach (var target in targets)
                {
                    items.Append(target);
                }
            }

            mapOffsets.Append(keys.Length);
        }

        var entries = new StructArray((StructType)type.KeyValueType, keys.Length, [keys.Build(), values.Build()], ArrowBuffer.Empty);
        return new MapArray(type, maps.Count, mapOffsets.Build(), entries, ArrowBuffer.Empty, 0, 0);
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
