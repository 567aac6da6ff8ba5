using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Quiver.EntityFrameworkCore.Storage.Internal;

/// <summary>
/// EnsureCreated and EnsureDeleted for a Quiver tenant. The tenant's database is the server's to create: it exists
/// whenever the server lets a session in. So "create" only creates the model's tables, and "delete" drops every object
/// in the tenant's database (views, tables, sequences, macros, types, schemas other than main): the nearest a client
/// can come to deleting a database it cannot drop.
/// </summary>
public sealed class QuiverDatabaseCreator(RelationalDatabaseCreatorDependencies dependencies, IRawSqlCommandBuilder rawSqlCommandBuilder)
    : RelationalDatabaseCreator(dependencies)
{
    private const string HasTablesSql = """
        SELECT count(*) FROM duckdb_tables()
        WHERE database_name = current_database() AND NOT internal AND NOT temporary
        """;

    /// <summary>True: the tenant's database exists while the server serves it (a failure to connect is thrown).</summary>
    public override bool Exists()
    {
        Dependencies.Connection.Open();
        Dependencies.Connection.Close();
        return true;
    }

    /// <inheritdoc cref="Exists"/>
    public override async Task<bool> ExistsAsync(CancellationToken cancellationToken = default)
    {
        await Dependencies.Connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await Dependencies.Connection.CloseAsync().ConfigureAwait(false);
        return true;
    }

    /// <summary>Nothing to do: the server created the tenant's database.</summary>
    public override void Create()
    {
    }

    /// <inheritdoc cref="Create"/>
    public override Task CreateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <summary>Drops every object in the tenant's database.</summary>
    public override void Delete() => DeleteAsync(async: false, default).GetAwaiter().GetResult();

    /// <inheritdoc cref="Delete"/>
    public override Task DeleteAsync(CancellationToken cancellationToken = default) => DeleteAsync(async: true, cancellationToken);

    /// <inheritdoc/>
    public override bool HasTables()
        => Convert.ToInt64(rawSqlCommandBuilder.Build(HasTablesSql).ExecuteScalar(Parameters()), CultureInfo.InvariantCulture) != 0;

    /// <inheritdoc/>
    public override async Task<bool> HasTablesAsync(CancellationToken cancellationToken = default)
        => Convert.ToInt64(
            await rawSqlCommandBuilder.Build(HasTablesSql).ExecuteScalarAsync(Parameters(), cancellationToken).ConfigureAwait(false),
            CultureInfo.InvariantCulture) != 0;

    private RelationalCommandParameterObject Parameters()
        => new(Dependencies.Connection, null, null, Dependencies.CurrentContext.Context, Dependencies.CommandLogger, CommandSource.Migrations);

    private async Task DeleteAsync(bool async, CancellationToken cancellationToken)
    {
        var connection = Dependencies.Connection;
        if (async)
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            connection.Open();
        }

        try
        {
            var statements = await TenantObjects.DropStatementsAsync(connection.DbConnection, connection.CurrentTransaction?.GetDbTransaction(), async, cancellationToken)
                .ConfigureAwait(false);
            foreach (var sql in statements)
            {
                using var command = Command(connection, sql);
                if (async)
                {
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    command.ExecuteNonQuery();
                }
            }
        }
        finally
        {
            if (async)
            {
                await connection.CloseAsync().ConfigureAwait(false);
            }
            else
            {
                connection.Close();
            }
        }
    }

    private static DbCommand Command(IRelationalConnection connection, string sql)
    {
        var command = connection.DbConnection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = connection.CurrentTransaction?.GetDbTransaction();
        return command;
    }
}
