using System.Data;
using System.Data.Common;
using Quiver.Data;

namespace Quiver.Conformance.Tests.Ado;

/// <summary>DataAdapter, CommandBuilder and KeyInfo schema, as services and reporting tools that fill DataTables use them.</summary>
public sealed class DataAdapterTests(AdoServer fixture) : IClassFixture<AdoServer>
{
    private static async Task<string> CreatePeopleAsync(QuiverConnection connection)
    {
        var table = "people_" + Guid.NewGuid().ToString("N")[..8];
        await new QuiverCommand(
            $"CREATE TEMP TABLE {table} (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, email VARCHAR UNIQUE, born DATE, score DOUBLE);" +
            $"INSERT INTO {table} VALUES (1, 'Ada', 'ada@example.org', DATE '1815-12-10', 9.5), (2, 'Alan', NULL, DATE '1912-06-23', NULL)",
            connection).ExecuteNonQueryAsync();
        return table;
    }

    private static async Task<List<string>> RowsAsync(QuiverConnection connection, string table, QuiverTransaction? transaction = null)
    {
        var rows = new List<string>();
        await using var reader = await new QuiverCommand($"SELECT id, name, coalesce(email, '-'), score FROM {table} ORDER BY id", connection, transaction)
            .ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetInt32(0)}|{reader.GetString(1)}|{reader.GetString(2)}|{(reader.IsDBNull(3) ? "null" : reader.GetDouble(3).ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        }

        return rows;
    }

    [Fact]
    public async Task Fill_loads_rows_and_column_types_into_a_DataTable()
    {
        await using var connection = await fixture.OpenAsync();
        var table = await CreatePeopleAsync(connection);
        var adapter = new QuiverDataAdapter($"SELECT * FROM {table} ORDER BY id", connection);

        var data = new DataTable();
        Assert.Equal(2, adapter.Fill(data));

        Assert.Equal(["id", "name", "email", "born", "score"], data.Columns.Cast<DataColumn>().Select(c => c.ColumnName));
        Assert.Equal(typeof(int), data.Columns["id"]!.DataType);
        Assert.Equal(typeof(DateTime), data.Columns["born"]!.DataType);
        Assert.Equal("Ada", data.Rows[0]["name"]);
        Assert.Equal(DBNull.Value, data.Rows[1]["email"]);
        Assert.Empty(data.PrimaryKey);
    }

    [Fact]
    public async Task Fill_with_AddWithKey_takes_the_primary_key_nullability_and_uniqueness_from_the_table()
    {
        await using var connection = await fixture.OpenAsync();
        var table = await CreatePeopleAsync(connection);
        var adapter = new QuiverDataAdapter($"SELECT id, name, email, score * 2 AS doubled FROM {table}", connection)
        {
            MissingSchemaAction = MissingSchemaAction.AddWithKey,
        };

        var data = new DataSet();
        adapter.Fill(data, "people");
        var people = data.Tables["people"]!;

        Assert.Equal(["id"], people.PrimaryKey.Select(c => c.ColumnName));
        Assert.False(people.Columns["name"]!.AllowDBNull);
        Assert.True(people.Columns["email"]!.Unique);
        Assert.True(people.Columns["doubled"]!.AllowDBNull);
        Assert.Equal(2, people.Rows.Count);
        Assert.Equal(19.0, people.Rows.Find(1)!["doubled"]);
    }

    [Fact]
    public async Task KeyInfo_schema_names_base_table_and_columns_and_marks_expressions_and_aliases()
    {
        await using var connection = await fixture.OpenAsync();
        var table = await CreatePeopleAsync(connection);
        await using var reader = await new QuiverCommand($"SELECT p.id, name AS who, upper(name) AS shout, p.* FROM {table} AS p WHERE id > $min", connection)
        {
            Parameters = { new QuiverParameter { ParameterName = "min", Value = 1 } },
        }.ExecuteReaderAsync(CommandBehavior.KeyInfo);
        var schema = reader.GetColumnSchema();

        Assert.Equal(3 + 5, schema.Count);
        var id = schema[0];
        Assert.Equal((table, "id", "temp", "main"), (id.BaseTableName, id.BaseColumnName, id.BaseCatalogName, id.BaseSchemaName));
        Assert.True(id.IsKey);
        Assert.True(id.IsUnique);
        Assert.False(id.IsReadOnly);
        Assert.False(id.AllowDBNull);
        Assert.Equal(("name", true, false), (schema[1].BaseColumnName, schema[1].IsAliased, schema[1].IsKey));
        Assert.Equal((true, null, true), (schema[2].IsExpression, schema[2].BaseColumnName, schema[2].IsReadOnly));
        Assert.Equal(["id", "name", "email", "born", "score"], schema.Skip(3).Select(c => c.BaseColumnName));
        Assert.Equal([false, false, true], schema.Skip(3).Take(3).Select(c => c.AllowDBNull));
        Assert.True(schema[5].IsUnique);
        Assert.True(await reader.ReadAsync());
    }

    [Fact]
    public async Task KeyInfo_gives_no_base_table_for_a_join_or_an_aggregate()
    {
        await using var connection = await fixture.OpenAsync();
        var table = await CreatePeopleAsync(connection);
        foreach (var sql in new[] { $"SELECT a.id FROM {table} a JOIN {table} b ON a.id = b.id", $"SELECT id, count(*) AS n FROM {table} GROUP BY id" })
        {
            await using var reader = await new QuiverCommand(sql, connection).ExecuteReaderAsync(CommandBehavior.KeyInfo | CommandBehavior.SchemaOnly);
            var schemaTable = reader.GetSchemaTable()!;
            Assert.All(schemaTable.Rows.Cast<DataRow>(), row => Assert.Equal(DBNull.Value, row[SchemaTableColumn.BaseTableName]));
            Assert.All(schemaTable.Rows.Cast<DataRow>(), row => Assert.False((bool)row[SchemaTableColumn.IsKey]));
        }
    }

    [Fact]
    public async Task A_temporary_table_shadows_a_table_of_the_same_name_as_DuckDB_resolves_it()
    {
        await using var connection = await fixture.OpenAsync();
        var name = "shadowed_" + Guid.NewGuid().ToString("N")[..8];
        await new QuiverCommand($"CREATE TABLE {name} (id INTEGER PRIMARY KEY, v INTEGER); CREATE TEMP TABLE {name} (v INTEGER, id INTEGER UNIQUE)", connection).ExecuteNonQueryAsync();
        try
        {
            await using var reader = await new QuiverCommand($"SELECT id FROM {name}", connection).ExecuteReaderAsync(CommandBehavior.KeyInfo | CommandBehavior.SchemaOnly);
            var id = reader.GetColumnSchema()[0];
            Assert.Equal(("temp", false, true), (id.BaseCatalogName, id.IsKey, id.IsUnique));
        }
        finally
        {
            await new QuiverCommand($"DROP TABLE temp.{name}; DROP TABLE main.{name}", connection).ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task Update_with_generated_commands_inserts_changes_and_deletes_rows()
    {
        await using var connection = await fixture.OpenAsync();
        var table = await CreatePeopleAsync(connection);
        var adapter = new QuiverDataAdapter($"SELECT * FROM {table}", connection);
        using var builder = new QuiverCommandBuilder(adapter);
        var updated = new List<StatementType>();
        adapter.RowUpdated += (_, e) => updated.Add(e.StatementType);
        var data = new DataTable();
        adapter.Fill(data);

        data.Rows.Add(3, "Grace", "grace@example.org", new DateTime(1906, 12, 9), 8.0);
        data.Select("id = 1")[0]["score"] = 10.0;
        data.Select("id = 2")[0].Delete();
        Assert.Equal(3, adapter.Update(data));

        Assert.Equal(["1|Ada|ada@example.org|10", "3|Grace|grace@example.org|8"], await RowsAsync(connection, table));
        Assert.Equal(3, updated.Count);
        Assert.Contains("INSERT INTO \"temp\".\"main\".\"" + table + "\"", builder.GetInsertCommand().CommandText, StringComparison.Ordinal);
        Assert.Contains(" WHERE ((\"id\" = $p6) AND (($p7 = 1 AND \"born\" IS NULL) OR (\"born\" = $p8))", builder.GetUpdateCommand().CommandText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_of_a_row_changed_by_someone_else_meanwhile_is_a_concurrency_violation()
    {
        await using var connection = await fixture.OpenAsync();
        var table = await CreatePeopleAsync(connection);
        var adapter = new QuiverDataAdapter($"SELECT id, name, score FROM {table}", connection);
        using var builder = new QuiverCommandBuilder(adapter);
        var data = new DataTable();
        adapter.Fill(data);

        adapter.UpdateCommand = builder.GetUpdateCommand(useColumnsForParameterNames: true);
        Assert.Contains("(\"score\" = $Original_score)", adapter.UpdateCommand.CommandText, StringComparison.Ordinal);

        await new QuiverCommand($"UPDATE {table} SET score = 1 WHERE id = 2", connection).ExecuteNonQueryAsync();
        data.Select("id = 2")[0]["name"] = "Alan M. Turing";

        Assert.Throws<DBConcurrencyException>(() => adapter.Update(data));
        Assert.Equal("2|Alan|-|1", (await RowsAsync(connection, table))[1]);
    }

    [Fact]
    public async Task Fill_and_Update_run_in_the_select_commands_transaction()
    {
        await using var connection = await fixture.OpenAsync();
        var table = await CreatePeopleAsync(connection);
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var adapter = new QuiverDataAdapter(new QuiverCommand($"SELECT * FROM {table}", connection, transaction));
            using var builder = new QuiverCommandBuilder(adapter);
            var data = new DataTable();
            adapter.Fill(data);
            data.Rows[0].Delete();
            Assert.Equal(1, adapter.Update(data));
            Assert.Single(await RowsAsync(connection, table, transaction));
            await transaction.RollbackAsync();
        }

        Assert.Equal(2, (await RowsAsync(connection, table)).Count);
    }

    [Fact]
    public async Task Generated_commands_quote_identifiers_as_DuckDB_does()
    {
        await using var connection = await fixture.OpenAsync();
        var builder = new QuiverCommandBuilder();
        Assert.Equal("\"say \"\"hi\"\"\"", builder.QuoteIdentifier("say \"hi\""));
        Assert.Equal("say \"hi\"", builder.UnquoteIdentifier("\"say \"\"hi\"\"\""));
        // DbCommandBuilder itself refuses table names holding a quote character, as it does for every provider.
        var table = "Odd Select " + Guid.NewGuid().ToString("N")[..8];
        var quoted = builder.QuoteIdentifier(table);
        await new QuiverCommand($"CREATE TEMP TABLE {quoted} (\"key col\" INTEGER PRIMARY KEY, \"Value\" VARCHAR)", connection).ExecuteNonQueryAsync();

        var adapter = new QuiverDataAdapter($"SELECT * FROM {quoted}", connection);
        builder.DataAdapter = adapter;
        var data = new DataTable();
        adapter.Fill(data);
        data.Rows.Add(7, "seven");
        adapter.Update(data);

        Assert.Equal("seven", await new QuiverCommand($"SELECT \"Value\" FROM {quoted} WHERE \"key col\" = 7", connection).ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_select_without_a_key_cannot_generate_update_or_delete()
    {
        await using var connection = await fixture.OpenAsync();
        var table = "nokey_" + Guid.NewGuid().ToString("N")[..8];
        await new QuiverCommand($"CREATE TEMP TABLE {table} (a INTEGER, b VARCHAR)", connection).ExecuteNonQueryAsync();
        var builder = new QuiverCommandBuilder(new QuiverDataAdapter($"SELECT a, b FROM {table}", connection));

        Assert.Contains(table, builder.GetInsertCommand().CommandText, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => builder.GetUpdateCommand());
        Assert.Throws<InvalidOperationException>(() => builder.GetDeleteCommand());
    }

    [Fact]
    public void The_factory_creates_data_adapters_and_command_builders()
    {
        DbProviderFactory factory = QuiverFactory.Instance;
        Assert.True(factory.CanCreateDataAdapter);
        Assert.True(factory.CanCreateCommandBuilder);
        Assert.IsType<QuiverDataAdapter>(factory.CreateDataAdapter());
        Assert.IsType<QuiverCommandBuilder>(factory.CreateCommandBuilder());
    }
}
