using System.Globalization;
using Quiver.Protocol.V1;
using Quiver.Server.Execution;

namespace Quiver.Server.Flight;

/// <summary>
/// CommandGetXdbcTypeInfo's answer: the DuckDB types a client can declare and read back as what quiver.v1 sends, with
/// their JDBC/ODBC codes (XdbcDataType and XdbcDatetimeSubcode in FlightSql.proto). Types that arrive as text (UHUGEINT,
/// TIME WITH TIME ZONE) and nested types (LIST, STRUCT, MAP, UNION, ARRAY), which XDBC has no code for, are not listed.
/// </summary>
internal static class FlightXdbcTypes
{
    // type_name, data_type, column_size, literal_prefix, literal_suffix, create_params, case_sensitive, searchable,
    // unsigned_attribute, fixed_prec_scale, minimum_scale, maximum_scale, sql_data_type, datetime_subcode, num_prec_radix.
    // searchable: 2 = any operator but LIKE, 3 = any operator. A datetime's sql_data_type is XDBC_DATETIME (9), an
    // interval's XDBC_INTERVAL (10); DuckDB's INTERVAL mixes months, days and microseconds, so its subcode is unknown (0).
    private const string Rows = """
        ('BOOLEAN', -7, 1, NULL, NULL, NULL, false, 2, NULL, false, NULL, NULL, -7, NULL, NULL),
        ('TINYINT', -6, 3, NULL, NULL, NULL, false, 2, false, false, 0, 0, -6, NULL, 10),
        ('UTINYINT', -6, 3, NULL, NULL, NULL, false, 2, true, false, 0, 0, -6, NULL, 10),
        ('SMALLINT', 5, 5, NULL, NULL, NULL, false, 2, false, false, 0, 0, 5, NULL, 10),
        ('USMALLINT', 5, 5, NULL, NULL, NULL, false, 2, true, false, 0, 0, 5, NULL, 10),
        ('INTEGER', 4, 10, NULL, NULL, NULL, false, 2, false, false, 0, 0, 4, NULL, 10),
        ('UINTEGER', 4, 10, NULL, NULL, NULL, false, 2, true, false, 0, 0, 4, NULL, 10),
        ('BIGINT', -5, 19, NULL, NULL, NULL, false, 2, false, false, 0, 0, -5, NULL, 10),
        ('UBIGINT', -5, 20, NULL, NULL, NULL, false, 2, true, false, 0, 0, -5, NULL, 10),
        ('HUGEINT', 2, 38, NULL, NULL, NULL, false, 2, false, false, 0, 0, 2, NULL, 10),
        ('DECIMAL', 3, 38, NULL, NULL, ['precision', 'scale'], false, 2, false, false, 0, 38, 3, NULL, 10),
        ('FLOAT', 7, 24, NULL, NULL, NULL, false, 2, false, false, NULL, NULL, 7, NULL, 2),
        ('DOUBLE', 8, 53, NULL, NULL, NULL, false, 2, false, false, NULL, NULL, 8, NULL, 2),
        ('VARCHAR', 12, NULL, '''', '''', NULL, true, 3, NULL, false, NULL, NULL, 12, NULL, NULL),
        ('UUID', 1, 36, '''', '''', NULL, false, 2, NULL, false, NULL, NULL, 1, NULL, NULL),
        ('BLOB', -3, NULL, '''', '''::BLOB', NULL, false, 2, NULL, false, NULL, NULL, -3, NULL, NULL),
        ('DATE', 91, 10, 'DATE ''', '''', NULL, false, 2, NULL, false, NULL, NULL, 9, 1, NULL),
        ('TIME', 92, 15, 'TIME ''', '''', NULL, false, 2, NULL, false, 6, 6, 9, 2, NULL),
        ('TIMESTAMP', 93, 26, 'TIMESTAMP ''', '''', NULL, false, 2, NULL, false, 6, 6, 9, 3, NULL),
        ('TIMESTAMP WITH TIME ZONE', 93, 32, 'TIMESTAMPTZ ''', '''', NULL, false, 2, NULL, false, 6, 6, 9, 5, NULL),
        ('INTERVAL', 10, NULL, 'INTERVAL ''', '''', NULL, false, 2, NULL, false, NULL, NULL, 10, 0, NULL)
        """;

    private const string Query = $"""
        SELECT type_name::VARCHAR AS type_name, data_type::INTEGER AS data_type, column_size::INTEGER AS column_size,
               literal_prefix::VARCHAR AS literal_prefix, literal_suffix::VARCHAR AS literal_suffix,
               create_params::VARCHAR[] AS create_params, 1::INTEGER AS nullable, case_sensitive::BOOLEAN AS case_sensitive,
               searchable::INTEGER AS searchable, unsigned_attribute::BOOLEAN AS unsigned_attribute,
               fixed_prec_scale::BOOLEAN AS fixed_prec_scale, NULL::BOOLEAN AS auto_increment, NULL::VARCHAR AS local_type_name,
               minimum_scale::INTEGER AS minimum_scale, maximum_scale::INTEGER AS maximum_scale,
               sql_data_type::INTEGER AS sql_data_type, datetime_subcode::INTEGER AS datetime_subcode,
               num_prec_radix::INTEGER AS num_prec_radix, NULL::INTEGER AS interval_precision
        FROM (VALUES
        {Rows}
        ) t(type_name, data_type, column_size, literal_prefix, literal_suffix, create_params, case_sensitive, searchable,
            unsigned_attribute, fixed_prec_scale, minimum_scale, maximum_scale, sql_data_type, datetime_subcode, num_prec_radix)
        WHERE ? = '' OR data_type = TRY_CAST(? AS INTEGER)
        ORDER BY data_type, type_name
        """;

    /// <summary>The statement listing the types, all of them or those of one XDBC data type.</summary>
    public static Statement For(int? dataType)
    {
        var filter = dataType?.ToString(CultureInfo.InvariantCulture) ?? "";
        return MetadataQueries.With(Query, filter, filter);
    }
}
