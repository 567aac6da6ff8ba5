using Quiver.DuckDb;
using Quiver.Protocol.V1;

namespace Quiver.Server.Execution;

internal static class StatementKinds
{
    public static StatementKind Of(DuckDbStatementType type) => type switch
    {
        DuckDbStatementType.Select or DuckDbStatementType.Explain or DuckDbStatementType.Call or DuckDbStatementType.Relation => StatementKind.Query,
        DuckDbStatementType.Insert => StatementKind.Insert,
        DuckDbStatementType.Update => StatementKind.Update,
        DuckDbStatementType.Delete => StatementKind.Delete,
        DuckDbStatementType.Create or DuckDbStatementType.CreateFunc or DuckDbStatementType.Drop or DuckDbStatementType.Alter => StatementKind.Ddl,
        DuckDbStatementType.Transaction => StatementKind.Transaction,
        DuckDbStatementType.Set or DuckDbStatementType.VariableSet => StatementKind.Set,
        _ => StatementKind.Other,
    };

    /// <summary>
    /// Statements whose result is a changed-row count are run to completion (DuckDB reports the count only for a
    /// materialised result); everything else streams.
    /// </summary>
    public static bool Streams(DuckDbStatementType type)
        => type is not (DuckDbStatementType.Insert or DuckDbStatementType.Update or DuckDbStatementType.Delete or DuckDbStatementType.MergeInto);
}
