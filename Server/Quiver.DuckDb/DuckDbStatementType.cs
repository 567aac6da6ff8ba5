namespace Quiver.DuckDb;

/// <summary>What kind of statement DuckDB parsed (<c>duckdb_statement_type</c>).</summary>
/// <remarks>
/// <c>RESET</c> is reported as <see cref="Set"/>, and <c>INSTALL</c> as <see cref="Load"/>: DuckDB parses each pair
/// into one statement class.
/// </remarks>
public enum DuckDbStatementType
{
    /// <summary>Not a valid statement.</summary>
    Invalid = 0,
    /// <summary>SELECT and other queries.</summary>
    Select = 1,
    /// <summary>INSERT.</summary>
    Insert = 2,
    /// <summary>UPDATE.</summary>
    Update = 3,
    /// <summary>EXPLAIN.</summary>
    Explain = 4,
    /// <summary>DELETE.</summary>
    Delete = 5,
    /// <summary>PREPARE.</summary>
    Prepare = 6,
    /// <summary>CREATE (tables, views, schemas, ...).</summary>
    Create = 7,
    /// <summary>EXECUTE.</summary>
    Execute = 8,
    /// <summary>ALTER.</summary>
    Alter = 9,
    /// <summary>BEGIN, COMMIT, ROLLBACK.</summary>
    Transaction = 10,
    /// <summary>COPY (to or from files).</summary>
    Copy = 11,
    /// <summary>ANALYZE.</summary>
    Analyze = 12,
    /// <summary>SET VARIABLE.</summary>
    VariableSet = 13,
    /// <summary>CREATE FUNCTION / MACRO.</summary>
    CreateFunc = 14,
    /// <summary>DROP.</summary>
    Drop = 15,
    /// <summary>EXPORT DATABASE.</summary>
    Export = 16,
    /// <summary>PRAGMA.</summary>
    Pragma = 17,
    /// <summary>VACUUM.</summary>
    Vacuum = 18,
    /// <summary>CALL.</summary>
    Call = 19,
    /// <summary>SET and RESET.</summary>
    Set = 20,
    /// <summary>LOAD and INSTALL.</summary>
    Load = 21,
    /// <summary>A relation built through an API.</summary>
    Relation = 22,
    /// <summary>A statement added by an extension.</summary>
    Extension = 23,
    /// <summary>A logical plan.</summary>
    LogicalPlan = 24,
    /// <summary>ATTACH.</summary>
    Attach = 25,
    /// <summary>DETACH.</summary>
    Detach = 26,
    /// <summary>Several statements in one.</summary>
    Multi = 27,
    /// <summary>COPY FROM DATABASE.</summary>
    CopyDatabase = 28,
    /// <summary>UPDATE EXTENSIONS.</summary>
    UpdateExtensions = 29,
    /// <summary>MERGE INTO.</summary>
    MergeInto = 30,
}
