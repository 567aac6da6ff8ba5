using System.Globalization;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Quiver.EntityFrameworkCore.Migrations.Internal;

/// <summary>
/// The <c>__EFMigrationsHistory</c> table in the tenant's database, and the migration lock: a row in a
/// <c>__EFMigrationsLock</c> table, inserted by the migrator that holds the lock and deleted when it is done (DuckDB has no
/// advisory locks). A migrator that dies holding it leaves the row: delete it by hand (docs/efcore.md).
/// DuckDB has no procedural IF, so idempotent scripts cannot be generated.
/// </summary>
public sealed class QuiverHistoryRepository(HistoryRepositoryDependencies dependencies) : HistoryRepository(dependencies)
{
    private const string LockTableName = "__EFMigrationsLock";
    private static readonly TimeSpan LockRetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(10);

    /// <inheritdoc/>
    public override LockReleaseBehavior LockReleaseBehavior => LockReleaseBehavior.Explicit;

    /// <inheritdoc/>
    protected override string ExistsSql
        => "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary AND schema_name = "
            + StringLiteral(TableSchema ?? "main") + " AND table_name = " + StringLiteral(TableName);

    /// <inheritdoc/>
    protected override bool InterpretExistsResult(object? value)
        => value is not null and not DBNull && Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0;

    /// <inheritdoc/>
    public override string GetCreateIfNotExistsScript()
        => GetCreateScript().Replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ", StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string GetBeginIfNotExistsScript(string migrationId) => throw IdempotentUnsupported();

    /// <inheritdoc/>
    public override string GetBeginIfExistsScript(string migrationId) => throw IdempotentUnsupported();

    /// <inheritdoc/>
    public override string GetEndIfScript() => throw IdempotentUnsupported();

    /// <inheritdoc/>
    public override IMigrationsDatabaseLock AcquireDatabaseLock()
    {
        Retrying(() => Execute(CreateLockTableSql));
        var deadline = DateTime.UtcNow + LockTimeout;
        while (!TryInsertLockRow())
        {
            WaitOrTimeOut(deadline);
            Thread.Sleep(LockRetryDelay);
        }

        return new QuiverMigrationsLock(this);
    }

    /// <inheritdoc/>
    public override async Task<IMigrationsDatabaseLock> AcquireDatabaseLockAsync(CancellationToken cancellationToken = default)
    {
        await RetryingAsync(() => ExecuteAsync(CreateLockTableSql, cancellationToken), cancellationToken).ConfigureAwait(false);
        var deadline = DateTime.UtcNow + LockTimeout;
        while (!await TryInsertLockRowAsync(cancellationToken).ConfigureAwait(false))
        {
            WaitOrTimeOut(deadline);
            await Task.Delay(LockRetryDelay, cancellationToken).ConfigureAwait(false);
        }

        return new QuiverMigrationsLock(this);
    }

    /// <summary>Creates the history table unless it exists; two migrators starting at once both succeed.</summary>
    public override void Create() => Retrying(() => Execute(GetCreateIfNotExistsScript()));

    /// <inheritdoc cref="Create"/>
    public override Task CreateAsync(CancellationToken cancellationToken = default)
        => RetryingAsync(() => ExecuteAsync(GetCreateIfNotExistsScript(), cancellationToken), cancellationToken);

    internal void ReleaseLock() => Execute(DeleteLockRowSql);

    internal Task ReleaseLockAsync(CancellationToken cancellationToken = default) => ExecuteAsync(DeleteLockRowSql, cancellationToken);

    private string LockTable => SqlGenerationHelper.DelimitIdentifier(LockTableName, TableSchema);

    private string CreateLockTableSql
        => $"CREATE TABLE IF NOT EXISTS {LockTable} (\"Id\" INTEGER NOT NULL PRIMARY KEY, \"Acquired\" TIMESTAMPTZ NOT NULL)";

    private string InsertLockRowSql => $"INSERT INTO {LockTable} VALUES (1, now()) ON CONFLICT DO NOTHING";

    private string DeleteLockRowSql => $"DELETE FROM {LockTable} WHERE \"Id\" = 1";

    private bool TryInsertLockRow()
    {
        try
        {
            return Execute(InsertLockRowSql) == 1;
        }
        catch (Quiver.Data.QuiverException e) when (LostTheRace(e))
        {
            return false;
        }
    }

    private async Task<bool> TryInsertLockRowAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ExecuteAsync(InsertLockRowSql, cancellationToken).ConfigureAwait(false) == 1;
        }
        catch (Quiver.Data.QuiverException e) when (LostTheRace(e))
        {
            return false;
        }
    }

    // Another migrator inserted the row at the same moment: DuckDB fails this commit with a key violation (23505, or
    // 25000 when found at commit) or a write-write conflict (40001).
    private static bool LostTheRace(Quiver.Data.QuiverException e)
        => e.IsTransient || e.SqlState is "23505" or "25000" or "40001";

    // Two migrators creating the same table at once: DuckDB fails one with a catalog write-write conflict; it tries again.
    private static void Retrying(Action create)
    {
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                create();
                return;
            }
            catch (Quiver.Data.QuiverException e) when (LostTheRace(e) && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(LockRetryDelay);
            }
        }
    }

    private static async Task RetryingAsync(Func<Task> create, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                await create().ConfigureAwait(false);
                return;
            }
            catch (Quiver.Data.QuiverException e) when (LostTheRace(e) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(LockRetryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static void WaitOrTimeOut(DateTime deadline)
    {
        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException(
                $"Another migration has held the migration lock for over {LockTimeout.TotalMinutes} minutes. If no migration is running, "
                + $"a migrator stopped while holding it: delete the row from \"{LockTableName}\".");
        }
    }

    private int Execute(string sql)
        => Dependencies.RawSqlCommandBuilder.Build(sql).ExecuteNonQuery(Parameters());

    private Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken)
        => Dependencies.RawSqlCommandBuilder.Build(sql).ExecuteNonQueryAsync(Parameters(), cancellationToken);

    private RelationalCommandParameterObject Parameters()
        => new(Dependencies.Connection, null, null, Dependencies.CurrentContext.Context, Dependencies.CommandLogger, CommandSource.Migrations);

    private string StringLiteral(string text) => Dependencies.TypeMappingSource.GetMapping(typeof(string)).GenerateSqlLiteral(text);

    private static NotSupportedException IdempotentUnsupported()
        => new("Idempotent migration scripts need a procedural IF, which DuckDB does not have. Script the migrations from the "
            + "database's current migration instead (dotnet ef migrations script <from> <to>), or apply them with Migrate().");

    private sealed class QuiverMigrationsLock(QuiverHistoryRepository repository) : IMigrationsDatabaseLock
    {
        public IHistoryRepository HistoryRepository => repository;

        public void Dispose() => repository.ReleaseLock();

        public async ValueTask DisposeAsync() => await repository.ReleaseLockAsync().ConfigureAwait(false);
    }
}
