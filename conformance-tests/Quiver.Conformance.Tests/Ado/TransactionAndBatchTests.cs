using System.Data;
using Quiver.Data;

namespace Quiver.Conformance.Tests.Ado;

public sealed class TransactionAndBatchTests(AdoServer fixture) : IClassFixture<AdoServer>
{
    [Fact]
    public async Task Commit_keeps_and_rollback_discards()
    {
        var table = "tx_" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = await fixture.OpenAsync();
        await new QuiverCommand($"CREATE TABLE {table} (x INTEGER)", connection).ExecuteNonQueryAsync();
        await using (var kept = await connection.BeginTransactionAsync())
        {
            await new QuiverCommand($"INSERT INTO {table} VALUES (1)", connection, kept).ExecuteNonQueryAsync();
            await kept.CommitAsync();
        }

        await using (var discarded = await connection.BeginTransactionAsync(IsolationLevel.Snapshot))
        {
            await new QuiverCommand($"INSERT INTO {table} VALUES (2)", connection, discarded).ExecuteNonQueryAsync();
            await discarded.RollbackAsync();
        }

        using (var disposed = connection.BeginTransaction())
        {
            await new QuiverCommand($"INSERT INTO {table} VALUES (3)", connection, disposed).ExecuteNonQueryAsync();
        }

        Assert.Equal(1L, await new QuiverCommand($"SELECT sum(x) FROM {table}", connection).ExecuteScalarAsync() is decimal d ? (long)d : -1L);
        Assert.Throws<NotSupportedException>(() => connection.BeginTransaction(IsolationLevel.ReadCommitted));
    }

    [Fact]
    public async Task Write_write_conflict_surfaces_as_transient_40001()
    {
        var table = "conflict_" + Guid.NewGuid().ToString("N")[..8];
        await using var first = await fixture.OpenAsync();
        await using var second = await fixture.OpenAsync();
        await new QuiverCommand($"CREATE TABLE {table} (id INTEGER PRIMARY KEY, v INTEGER); INSERT INTO {table} VALUES (1, 0)", first).ExecuteNonQueryAsync();
        await using var t1 = await first.BeginTransactionAsync();
        await using var t2 = await second.BeginTransactionAsync();
        await new QuiverCommand($"UPDATE {table} SET v = 1 WHERE id = 1", first, t1).ExecuteNonQueryAsync();
        var error = await Assert.ThrowsAsync<QuiverException>(async () =>
        {
            await new QuiverCommand($"UPDATE {table} SET v = 2 WHERE id = 1", second, t2).ExecuteNonQueryAsync();
            await t2.CommitAsync();
        });
        Assert.Equal("40001", error.SqlState);
        Assert.True(error.IsTransient);
        await t1.CommitAsync();
    }

    [Fact]
    public async Task Batch_runs_mixed_statements_in_one_call_with_per_command_counts()
    {
        await using var connection = await fixture.OpenAsync();
        await using var batch = connection.CreateBatch();
        batch.BatchCommands.Add(new QuiverBatchCommand("CREATE TEMP TABLE b (id INTEGER, name VARCHAR)"));
        var insert = new QuiverBatchCommand("INSERT INTO b VALUES (@id, @name), (@id + 1, @name)");
        insert.Parameters.AddWithValue("id", 1);
        insert.Parameters.AddWithValue("name", "x");
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(new QuiverBatchCommand("UPDATE b SET name = 'y' WHERE id = 2"));
        batch.BatchCommands.Add(new QuiverBatchCommand("SELECT id, name FROM b ORDER BY id"));

        await using (var reader = await batch.ExecuteReaderAsync())
        {
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                rows.Add($"{reader.GetInt32(0)}{reader.GetString(1)}");
            }

            Assert.Equal(["1x", "2y"], rows);
            Assert.False(await reader.NextResultAsync());
            Assert.Equal(3, reader.RecordsAffected);
        }

        Assert.Equal(2, batch.BatchCommands[1].RecordsAffected);
        Assert.Equal(1, batch.BatchCommands[2].RecordsAffected);

        await using var failing = connection.CreateBatch();
        failing.BatchCommands.Add(new QuiverBatchCommand("SELECT 1"));
        failing.BatchCommands.Add(new QuiverBatchCommand("SELECT * FROM no_such_table"));
        var error = await Assert.ThrowsAsync<QuiverException>(() => failing.ExecuteNonQueryAsync());
        Assert.Equal("42P01", error.SqlState);
        Assert.Same(failing.BatchCommands[1], error.BatchCommand);
    }

    [Fact]
    public async Task GetSchema_lists_collections_tables_columns_and_types()
    {
        await using var connection = await fixture.OpenAsync();
        await new QuiverCommand("CREATE TEMP TABLE schema_probe (id INTEGER NOT NULL, label VARCHAR)", connection).ExecuteNonQueryAsync();
        var collections = connection.GetSchema().Rows.Cast<DataRow>().Select(r => (string)r["CollectionName"]).ToList();
        Assert.Contains("Columns", collections);
        Assert.Contains("ReservedWords", collections);
        Assert.Contains(connection.GetSchema("Tables").Rows.Cast<DataRow>(), r => (string)r["table_name"] == "schema_probe");
        var columns = connection.GetSchema("Columns", [null, null, "schema_probe"]).Rows.Cast<DataRow>().ToList();
        Assert.Equal(["id", "label"], columns.Select(r => (string)r["column_name"]));
        Assert.Contains(connection.GetSchema("DataTypes").Rows.Cast<DataRow>(), r => (string)r["TypeName"] == "BIGINT");
        Assert.Contains(connection.GetSchema("ReservedWords").Rows.Cast<DataRow>(), r => (string)r["ReservedWord"] == "select");
        Assert.Equal("Quiver", connection.GetSchema("DataSourceInformation").Rows[0]["DataSourceProductName"]);
        Assert.NotEmpty(connection.GetSchema("Schemas").Rows);
        Assert.NotNull(connection.GetSchema("Views"));
        Assert.NotNull(connection.GetSchema("Restrictions"));
    }
}
