using System.Globalization;
using System.Text;
using Quiver.Odbc.Native;

namespace Quiver.Odbc.Catalog;

/// <summary>
/// DuckDB's types as ODBC sees them: what SQLGetTypeInfo lists, and the DATA_TYPE, COLUMN_SIZE and DECIMAL_DIGITS that
/// SQLColumns reports for a column of each (the same as SQLDescribeCol reports for a result of that type; a test holds
/// the two together).
/// </summary>
internal static class TypeTable
{
    /// <summary>One type; <c>Matches</c> is a SQL condition on DuckDB's type name <c>t</c>.</summary>
    internal sealed record Entry(
        string Name, short SqlType, long ColumnSize, string? Prefix, string? Suffix, string? CreateParams, bool CaseSensitive,
        short Searchable, bool? Unsigned, bool FixedPrecScale, short? MinScale, short? MaxScale, short? Radix, string Matches,
        string SizeExpression, string DigitsExpression);

    private const short Searchable = 3; // SQL_SEARCHABLE
    private const short AllExceptLike = 2; // SQL_PRED_BASIC

    public static readonly Entry[] Types =
    [
        new("BOOLEAN", SqlType.Bit, 1, null, null, null, false, AllExceptLike, null, false, null, null, null, "t = 'BOOLEAN'", "1", "NULL"),
        new("TINYINT", SqlType.TinyInt, 3, null, null, null, false, AllExceptLike, false, false, 0, 0, 10, "t = 'TINYINT'", "3", "0"),
        new("UTINYINT", SqlType.TinyInt, 3, null, null, null, false, AllExceptLike, true, false, 0, 0, 10, "t = 'UTINYINT'", "3", "0"),
        new("BIGINT", SqlType.BigInt, 19, null, null, null, false, AllExceptLike, false, false, 0, 0, 10, "t = 'BIGINT'", "19", "0"),
        new("UBIGINT", SqlType.BigInt, 20, null, null, null, false, AllExceptLike, true, false, 0, 0, 10, "t = 'UBIGINT'", "20", "0"),
        new("BLOB", SqlType.VarBinary, Results.ColumnInfo.UnboundedSize, "'\\x", "'::BLOB", null, false, AllExceptLike, null, false, null, null, null, "t = 'BLOB'", "65535", "NULL"),
        new("HUGEINT", SqlType.Decimal, 38, null, null, null, false, AllExceptLike, false, true, 0, 0, 10, "t = 'HUGEINT'", "38", "0"),
        new("DECIMAL", SqlType.Decimal, 38, null, null, "precision,scale", false, AllExceptLike, false, true, 0, 38, 10, "t LIKE 'DECIMAL(%'", "numeric_precision", "numeric_scale"),
        new("INTEGER", SqlType.Integer, 10, null, null, null, false, AllExceptLike, false, false, 0, 0, 10, "t = 'INTEGER'", "10", "0"),
        new("UINTEGER", SqlType.Integer, 10, null, null, null, false, AllExceptLike, true, false, 0, 0, 10, "t = 'UINTEGER'", "10", "0"),
        new("SMALLINT", SqlType.SmallInt, 5, null, null, null, false, AllExceptLike, false, false, 0, 0, 10, "t = 'SMALLINT'", "5", "0"),
        new("USMALLINT", SqlType.SmallInt, 5, null, null, null, false, AllExceptLike, true, false, 0, 0, 10, "t = 'USMALLINT'", "5", "0"),
        new("FLOAT", SqlType.Real, 24, null, null, null, false, AllExceptLike, false, false, null, null, 2, "t = 'FLOAT'", "24", "NULL"),
        new("DOUBLE", SqlType.Double, 53, null, null, null, false, AllExceptLike, false, false, null, null, 2, "t = 'DOUBLE'", "53", "NULL"),
        new("DATE", SqlType.TypeDate, 10, "DATE '", "'", null, false, AllExceptLike, null, false, null, null, null, "t = 'DATE'", "10", "NULL"),
        new("TIME", SqlType.TypeTime, 15, "TIME '", "'", null, false, AllExceptLike, null, false, 6, 6, null, "t = 'TIME'", "15", "6"),
        new("TIMESTAMP", SqlType.TypeTimestamp, 26, "TIMESTAMP '", "'", null, false, AllExceptLike, null, false, 6, 6, null, "t IN ('TIMESTAMP', 'TIMESTAMP WITH TIME ZONE')", "26", "6"),
        new("TIMESTAMP WITH TIME ZONE", SqlType.TypeTimestamp, 26, "TIMESTAMPTZ '", "'", null, false, AllExceptLike, null, false, 6, 6, null, "false", "26", "6"),
        new("TIMESTAMP_S", SqlType.TypeTimestamp, 19, "TIMESTAMP_S '", "'", null, false, AllExceptLike, null, false, 0, 0, null, "t = 'TIMESTAMP_S'", "19", "0"),
        new("TIMESTAMP_MS", SqlType.TypeTimestamp, 23, "TIMESTAMP_MS '", "'", null, false, AllExceptLike, null, false, 3, 3, null, "t = 'TIMESTAMP_MS'", "23", "3"),
        new("TIMESTAMP_NS", SqlType.TypeTimestamp, 29, "TIMESTAMP_NS '", "'", null, false, AllExceptLike, null, false, 9, 9, null, "t = 'TIMESTAMP_NS'", "29", "9"),
        new("UUID", SqlType.Guid, 36, "'", "'::UUID", null, false, AllExceptLike, null, false, null, null, null, "t = 'UUID'", "36", "NULL"),
        new("TIME_NS", SqlType.TypeTime, 18, "TIME_NS '", "'", null, false, AllExceptLike, null, false, 9, 9, null, "t = 'TIME_NS'", "18", "9"),
        new("VARCHAR", SqlType.WVarChar, Results.ColumnInfo.UnboundedSize, "'", "'", null, true, Searchable, null, false, null, null, null, "true", "65535", "NULL"),
        new("INTERVAL", SqlType.WVarChar, 64, "INTERVAL '", "'", null, false, AllExceptLike, null, false, null, null, null, "t = 'INTERVAL'", "64", "NULL"),
    ];

    /// <summary>DATA_TYPE, COLUMN_SIZE, DECIMAL_DIGITS and NUM_PREC_RADIX of a column whose DuckDB type name is <c>t</c>.</summary>
    public static string DataTypeCase(string expression)
    {
        var text = new StringBuilder();
        string Case(Func<Entry, string> value)
        {
            var builder = new StringBuilder("CASE");
            foreach (var entry in Types.Where(e => e.Matches != "false").OrderBy(e => e.Matches == "true"))
            {
                builder.Append(" WHEN ").Append(entry.Matches.Replace("t ", $"({expression}) ", StringComparison.Ordinal).Replace("t=", $"({expression})=", StringComparison.Ordinal))
                    .Append(" THEN ").Append(value(entry));
            }

            return builder.Append(" END").ToString();
        }

        text.Append(Case(e => e.SqlType.ToString(CultureInfo.InvariantCulture))).Append("::SMALLINT AS DATA_TYPE, ");
        text.Append(Case(e => e.SizeExpression)).Append("::INTEGER AS COLUMN_SIZE, ");
        text.Append(Case(e => e.DigitsExpression)).Append("::SMALLINT AS DECIMAL_DIGITS, ");
        text.Append(Case(e => e.Radix?.ToString(CultureInfo.InvariantCulture) ?? "NULL")).Append("::SMALLINT AS NUM_PREC_RADIX");
        return text.ToString();
    }

    /// <summary>SQLGetTypeInfo's result as a query: every type, or those of one SQL type; ordered by DATA_TYPE as ODBC asks.</summary>
    public static string TypeInfoQuery(short? sqlType)
    {
        var rows = Types.Where(t => sqlType is null or 0 || t.SqlType == sqlType).OrderBy(t => t.SqlType).ToList();
        var text = new StringBuilder("SELECT * FROM (VALUES ");
        if (rows.Count == 0)
        {
            text.Append(Row(Types[0]));
        }
        else
        {
            text.Append(string.Join(", ", rows.Select(Row)));
        }

        text.Append(") AS t(TYPE_NAME, DATA_TYPE, COLUMN_SIZE, LITERAL_PREFIX, LITERAL_SUFFIX, CREATE_PARAMS, NULLABLE, CASE_SENSITIVE, SEARCHABLE, ")
            .Append("UNSIGNED_ATTRIBUTE, FIXED_PREC_SCALE, AUTO_UNIQUE_VALUE, LOCAL_TYPE_NAME, MINIMUM_SCALE, MAXIMUM_SCALE, SQL_DATA_TYPE, SQL_DATETIME_SUB, ")
            .Append("NUM_PREC_RADIX, INTERVAL_PRECISION)");
        if (rows.Count == 0)
        {
            text.Append(" WHERE false");
        }

        return text.ToString();
    }

    private static string Row(Entry t)
    {
        static string Text(string? value) => value is null ? "NULL::VARCHAR" : "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
        static string Small(long? value) => value is null ? "NULL::SMALLINT" : value.Value.ToString(CultureInfo.InvariantCulture) + "::SMALLINT";
        var (verbose, sub) = t.SqlType switch
        {
            SqlType.TypeDate => ((short)9, (short?)1),
            SqlType.TypeTime => ((short)9, (short?)2),
            SqlType.TypeTimestamp => ((short)9, (short?)3),
            _ => (t.SqlType, (short?)null),
        };
        return string.Join(", ",
            Text(t.Name), Small(t.SqlType), t.ColumnSize.ToString(CultureInfo.InvariantCulture) + "::INTEGER", Text(t.Prefix), Text(t.Suffix), Text(t.CreateParams),
            Small(SqlNullable.Nullable), Small(t.CaseSensitive ? 1 : 0), Small(t.Searchable), Small(t.Unsigned is null ? null : t.Unsigned.Value ? 1 : 0),
            Small(t.FixedPrecScale ? 1 : 0), Small(0), Text(t.Name), Small(t.MinScale), Small(t.MaxScale), Small(verbose), Small(sub),
            t.Radix is null ? "NULL::INTEGER" : t.Radix.Value.ToString(CultureInfo.InvariantCulture) + "::INTEGER", Small(null))
            .Insert(0, "(") + ")";
    }
}
