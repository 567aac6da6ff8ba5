using Quiver.DuckDb;
using Quiver.Server.Sql;

namespace Quiver.Server.Tests.Sql;

public sealed class StatementGuardTests
{
    [Theory]
    [InlineData("SET TimeZone = 'UTC'", true)]
    [InlineData("set session timezone to 'UTC'", true)]
    [InlineData("SET LOCAL search_path = 'main'", true)]
    [InlineData("RESET Calendar", true)]
    [InlineData("USE main", true)]
    [InlineData("SET VARIABLE x = 1", true)]
    [InlineData("SET threads = 1", false)]
    [InlineData("SET GLOBAL TimeZone = 'UTC'", false)]
    [InlineData("/* TimeZone */ SET \"memory_limit\" = '1GB'", false)]
    [InlineData("PRAGMA memory_limit = '1GB'", false)]
    public void Only_per_session_settings_pass_the_guard(string sql, bool allowed)
        => Assert.Equal(allowed, StatementGuard.Refusal(DuckDbStatementType.Set, sql) is null);

    [Theory]
    [InlineData(DuckDbStatementType.Load, "INSTALL x")]
    [InlineData(DuckDbStatementType.Attach, "ATTACH 'x'")]
    [InlineData(DuckDbStatementType.Detach, "DETACH x")]
    [InlineData(DuckDbStatementType.Copy, "COPY t TO 'x'")]
    [InlineData(DuckDbStatementType.Export, "EXPORT DATABASE 'x'")]
    [InlineData(DuckDbStatementType.Pragma, "PRAGMA enable_profiling")]
    [InlineData(DuckDbStatementType.Create, "CREATE OR REPLACE SECRET s (TYPE s3)")]
    [InlineData(DuckDbStatementType.Drop, "DROP SECRET s")]
    public void Engine_wide_statements_are_refused(DuckDbStatementType type, string sql)
        => Assert.NotNull(StatementGuard.Refusal(type, sql));

    [Theory]
    [InlineData(DuckDbStatementType.Select, "SELECT 1")]
    [InlineData(DuckDbStatementType.Create, "CREATE TABLE secrets(x INT)")]
    [InlineData(DuckDbStatementType.Transaction, "BEGIN")]
    [InlineData(DuckDbStatementType.Create, "CREATE TEMP TABLE secret AS SELECT 1")]
    [InlineData(DuckDbStatementType.Drop, "DROP TABLE IF EXISTS secret")]
    public void Ordinary_statements_pass(DuckDbStatementType type, string sql)
        => Assert.Null(StatementGuard.Refusal(type, sql));
}
