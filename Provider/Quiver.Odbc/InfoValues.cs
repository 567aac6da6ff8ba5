using System.Reflection;

namespace Quiver.Odbc;

/// <summary>
/// SQLGetInfo's answers: what this driver and DuckDB behind the server actually do (docs/odbc.md explains the choices).
/// A value is a string, a 16-bit or a 32-bit number, as the ODBC reference types each information type.
/// </summary>
internal static class InfoValues
{
    public static object? Get(ushort infoType, OdbcConnection connection) => infoType switch
    {
        // Driver and data source
        2 => connection.DataSourceName, // SQL_DATA_SOURCE_NAME
        6 => DriverFileName, // SQL_DRIVER_NAME
        7 => DriverVersion, // SQL_DRIVER_VER
        77 => "03.80", // SQL_DRIVER_ODBC_VER
        13 => connection.ServerName, // SQL_SERVER_NAME
        16 => connection.Connection?.Database ?? "", // SQL_DATABASE_NAME
        17 => "Quiver", // SQL_DBMS_NAME
        18 => DbmsVersion(connection), // SQL_DBMS_VER
        47 => connection.UserName, // SQL_USER_NAME
        25 => connection.ReadOnly ? "Y" : "N", // SQL_DATA_SOURCE_READ_ONLY
        10000 => "1995", // SQL_XOPEN_CLI_YEAR

        // Conformance
        9 => (ushort)1, // SQL_ODBC_API_CONFORMANCE: level 1
        15 => (ushort)1, // SQL_ODBC_SQL_CONFORMANCE: core
        152 => 1u, // SQL_ODBC_INTERFACE_CONFORMANCE: core
        118 => 1u, // SQL_SQL_CONFORMANCE: SQL-92 entry
        0 => (ushort)0, // SQL_MAX_DRIVER_CONNECTIONS: no limit of the driver's
        1 => (ushort)1, // SQL_MAX_CONCURRENT_ACTIVITIES: one running statement per connection
        116 => (ushort)0, // SQL_ACTIVE_ENVIRONMENTS

        // Identifiers and names
        29 => "\"", // SQL_IDENTIFIER_QUOTE_CHAR
        28 => (ushort)4, // SQL_IDENTIFIER_CASE: SQL_IC_MIXED (case-insensitive, stored as written)
        93 => (ushort)4, // SQL_QUOTED_IDENTIFIER_CASE: DuckDB treats quoted identifiers case-insensitively too
        41 => ".", // SQL_CATALOG_NAME_SEPARATOR
        42 => "database", // SQL_CATALOG_TERM
        39 => "schema", // SQL_SCHEMA_TERM
        45 => "table", // SQL_TABLE_TERM
        40 => "procedure", // SQL_PROCEDURE_TERM
        10003 => "Y", // SQL_CATALOG_NAME
        114 => (ushort)1, // SQL_CATALOG_LOCATION: SQL_CL_START
        92 => 13u, // SQL_CATALOG_USAGE: DML, table and index definitions
        91 => 13u, // SQL_SCHEMA_USAGE
        14 => "\\", // SQL_SEARCH_PATTERN_ESCAPE
        94 => "", // SQL_SPECIAL_CHARACTERS
        89 => "", // SQL_KEYWORDS (SQL-92's are reserved anyway; DuckDB adds none an application must avoid)
        87 => "Y", // SQL_COLUMN_ALIAS
        74 => (ushort)2, // SQL_CORRELATION_NAME: SQL_CN_ANY
        30 or 31 or 32 or 33 or 34 or 35 or 107 or 10005 => (ushort)0, // SQL_MAX_*_NAME_LEN, SQL_MAX_IDENTIFIER_LEN: no limit
        97 or 98 or 99 or 100 or 101 or 106 => (ushort)0, // SQL_MAX_COLUMNS_IN_*, SQL_MAX_TABLES_IN_SELECT
        102 or 104 or 105 or 108 or 112 => 0u, // SQL_MAX_INDEX_SIZE, ROW_SIZE, STATEMENT_LEN, CHAR/BINARY_LITERAL_LEN
        103 => "Y", // SQL_MAX_ROW_SIZE_INCLUDES_LONG

        // SQL behaviour
        22 => (ushort)0, // SQL_CONCAT_NULL_BEHAVIOR: NULL || x is NULL
        85 => (ushort)4, // SQL_NULL_COLLATION: SQL_NC_END (DuckDB sorts NULLs last by default)
        75 => (ushort)1, // SQL_NON_NULLABLE_COLUMNS
        88 => (ushort)3, // SQL_GROUP_BY: SQL_GB_NO_RELATION
        27 => "Y", // SQL_EXPRESSIONS_IN_ORDERBY
        90 => "N", // SQL_ORDER_BY_COLUMNS_IN_SELECT
        113 => "Y", // SQL_LIKE_ESCAPE_CLAUSE
        38 => "Y", // SQL_OUTER_JOINS
        115 => 0x7Fu, // SQL_OJ_CAPABILITIES: left, right, full, nested, not ordered, inner, all comparison operators
        95 => 0x1Fu, // SQL_SUBQUERIES: comparison, EXISTS, IN, quantified, correlated
        96 => 3u, // SQL_UNION: UNION and UNION ALL
        73 => "Y", // SQL_INTEGRITY
        169 => 0x7Fu, // SQL_AGGREGATE_FUNCTIONS: AVG, COUNT, MAX, MIN, SUM, DISTINCT, ALL
        119 => 7u, // SQL_DATETIME_LITERALS: DATE, TIME, TIMESTAMP
        170 => 3u, // SQL_DDL_INDEX: CREATE and DROP INDEX
        132 => 1u, // SQL_CREATE_TABLE
        134 => 1u, // SQL_CREATE_VIEW
        131 => 1u, // SQL_CREATE_SCHEMA
        141 or 143 or 140 => 1u, // SQL_DROP_TABLE, SQL_DROP_VIEW, SQL_DROP_SCHEMA
        172 => 7u, // SQL_INSERT_STATEMENT: literals, searched, SELECT INTO
        21 => "N", // SQL_PROCEDURES
        20 => "N", // SQL_ACCESSIBLE_PROCEDURES
        19 => "Y", // SQL_ACCESSIBLE_TABLES
        84 => (ushort)0, // SQL_FILE_USAGE
        36 => "Y", // SQL_MULT_RESULT_SETS
        37 => "Y", // SQL_MULTIPLE_ACTIVE_TXN
        111 => "N", // SQL_NEED_LONG_DATA_LEN
        10002 => "Y", // SQL_DESCRIBE_PARAMETER
        10004 => "", // SQL_COLLATION_SEQ

        // Scalar functions in {fn ...} escapes (EscapeSequences lists the translations)
        48 => 2u, // SQL_CONVERT_FUNCTIONS: CONVERT
        50 => EscapeSequences.StringFunctions, // SQL_STRING_FUNCTIONS
        49 => EscapeSequences.NumericFunctions, // SQL_NUMERIC_FUNCTIONS
        52 => EscapeSequences.TimeDateFunctions, // SQL_TIMEDATE_FUNCTIONS
        51 => 7u, // SQL_SYSTEM_FUNCTIONS: DATABASE, IFNULL, USER
        109 or 110 => EscapeSequences.Intervals, // SQL_TIMEDATE_ADD_INTERVALS, SQL_TIMEDATE_DIFF_INTERVALS
        >= 53 and <= 71 or 122 or 125 or 126 or 173 => Conversions.Targets(infoType), // SQL_CONVERT_<type>

        // Transactions
        46 => (ushort)2, // SQL_TXN_CAPABLE: SQL_TC_ALL (DDL and DML in transactions)
        26 => 4u, // SQL_DEFAULT_TXN_ISOLATION: repeatable read (DuckDB's snapshot isolation)
        72 => 4u, // SQL_TXN_ISOLATION_OPTION
        23 => (ushort)1, // SQL_CURSOR_COMMIT_BEHAVIOR: SQL_CB_CLOSE
        24 => (ushort)1, // SQL_CURSOR_ROLLBACK_BEHAVIOR: SQL_CB_CLOSE

        // Cursors, fetching, batches
        44 => 1u, // SQL_SCROLL_OPTIONS: forward-only
        43 => 1u, // SQL_SCROLL_CONCURRENCY: read-only
        10001 => 1u, // SQL_CURSOR_SENSITIVITY: insensitive
        81 => 11u, // SQL_GETDATA_EXTENSIONS: any column, any order, bound columns
        146 => 1u, // SQL_FORWARD_ONLY_CURSOR_ATTRIBUTES1: SQL_CA1_NEXT
        147 => 0x81u, // SQL_FORWARD_ONLY_CURSOR_ATTRIBUTES2: read-only concurrency, SQL_ATTR_MAX_ROWS on SELECT
        144 or 145 or 150 or 151 or 167 or 168 => 0u, // dynamic, keyset and static cursors: none
        78 or 79 or 80 or 82 or 83 => 0u, // SQL_LOCK_TYPES, SQL_POS_OPERATIONS, SQL_POSITIONED_STATEMENTS, SQL_BOOKMARK_PERSISTENCE, SQL_STATIC_SENSITIVITY
        11 => "N", // SQL_ROW_UPDATES
        121 => 3u, // SQL_BATCH_SUPPORT: explicit SELECT and row-count batches
        120 => 2u, // SQL_BATCH_ROW_COUNT: SQL_BRC_EXPLICIT
        153 => 2u, // SQL_PARAM_ARRAY_ROW_COUNTS: SQL_PARC_NO_BATCH (one total)
        154 => 3u, // SQL_PARAM_ARRAY_SELECTS: SQL_PAS_NO_SELECT
        10021 => 0u, // SQL_ASYNC_MODE: SQL_AM_NONE
        10022 => 0u, // SQL_MAX_ASYNC_CONCURRENT_STATEMENTS
        _ => null,
    };

    public static string DriverFileName => OperatingSystem.IsWindows() ? "quiverodbc.dll" : "libquiverodbc.so";

    /// <summary>##.##.#### as ODBC asks, from the assembly's version.</summary>
    public static string DriverVersion
    {
        get
        {
            var version = typeof(InfoValues).Assembly.GetName().Version ?? new Version(0, 0);
            return $"{version.Major:00}.{version.Minor:00}.{Math.Max(version.Build, 0):0000}";
        }
    }

    private static string DbmsVersion(OdbcConnection connection)
    {
        var text = connection.Connection?.ServerVersion ?? "";
        return Version.TryParse(text.Split(' ', '-', '+')[0].TrimStart('v'), out var v)
            ? $"{v.Major:00}.{v.Minor:00}.{Math.Max(v.Build, 0):0000} {text}"
            : text;
    }

    public static string ProductVersion => typeof(InfoValues).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? DriverVersion;
}
