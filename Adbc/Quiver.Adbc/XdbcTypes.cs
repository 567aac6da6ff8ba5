namespace Quiver.Adbc;

/// <summary>JDBC/ODBC type codes (XDBC) of a DuckDB type name as information_schema spells it.</summary>
internal static class XdbcTypes
{
    public static (short DataType, short SqlDataType, short? DatetimeSub) Of(string duckDbType)
    {
        var name = duckDbType.Split('(')[0].Trim();
        if (name.EndsWith(']'))
        {
            return (0, 0, null); // LIST/ARRAY: no XDBC code
        }

        return name switch
        {
            "BOOLEAN" => (-7, -7, null),
            "TINYINT" or "UTINYINT" => (-6, -6, null),
            "SMALLINT" or "USMALLINT" => (5, 5, null),
            "INTEGER" or "UINTEGER" => (4, 4, null),
            "BIGINT" or "UBIGINT" => (-5, -5, null),
            "HUGEINT" or "UHUGEINT" => (2, 2, null),
            "DECIMAL" => (3, 3, null),
            "FLOAT" => (7, 7, null),
            "DOUBLE" => (8, 8, null),
            "VARCHAR" => (12, 12, null),
            "UUID" => (1, 1, null),
            "BLOB" => (-3, -3, null),
            "DATE" => (91, 9, 1),
            "TIME" => (92, 9, 2),
            "TIME WITH TIME ZONE" => (92, 9, 4),
            "TIMESTAMP" or "TIMESTAMP_S" or "TIMESTAMP_MS" or "TIMESTAMP_NS" => (93, 9, 3),
            "TIMESTAMP WITH TIME ZONE" => (93, 9, 5),
            "INTERVAL" => (10, 10, 0),
            _ => (0, 0, null),
        };
    }
}
