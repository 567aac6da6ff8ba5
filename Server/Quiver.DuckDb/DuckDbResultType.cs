namespace Quiver.DuckDb;

/// <summary>What a statement's result holds (<c>duckdb_result_type</c>).</summary>
public enum DuckDbResultType
{
    /// <summary>Not a valid result.</summary>
    Invalid = 0,
    /// <summary>A count of changed rows (INSERT, UPDATE, DELETE).</summary>
    ChangedRows = 1,
    /// <summary>Nothing (DDL, SET, ...).</summary>
    Nothing = 2,
    /// <summary>Rows.</summary>
    QueryResult = 3,
}
