namespace Quiver.Adbc;

/// <summary>SQL text the driver writes itself.</summary>
internal static class Sql
{
    /// <summary>A DuckDB quoted identifier.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
