using System.Data;
using System.Data.Odbc;
using Quiver.Conformance.Tests.Ado;

namespace Quiver.Conformance.Tests.Odbc;

/// <summary>System.Data.Odbc (through unixODBC's libodbc) against the real server through libquiverodbc.</summary>
public sealed class OdbcDotNetTests(AdoServer fixture) : IClassFixture<AdoServer>
{
    private async Task<OdbcConnection> OpenAsync()
    {
        await OdbcDriver.EnsureAsync();
        var connection = new OdbcConnection(OdbcDriver.ConnectionString(fixture.Server));
        await connection.OpenAsync();
        return connection;
    }

    private static string Table() => "odbc_" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Every_type_reads_as_its_dotnet_type_with_NULL_in_place()
    {
        using var connection = await OpenAsync();
        using var command = new OdbcCommand(
            """
            SELECT 7::TINYINT AS ti, -300::SMALLINT AS si, -70000::INTEGER AS i, 9000000000::BIGINT AS bi, 1.5::FLOAT AS r, 2.25::DOUBLE AS d,
                   12345.6789::DECIMAL(18,4) AS dec, 'grüße ✓' AS s, '\x00\xFFab'::BLOB AS b, true AS bo, DATE '2024-02-29' AS dt,
                   TIME '13:14:15.123456' AS t, TIMESTAMP '2024-02-29 13:14:15.123456' AS ts, '6f9619ff-8b86-d011-b42d-00c04fc964ff'::UUID AS u,
                   123456789012345678901234567::HUGEINT AS h, [1, 2, NULL] AS l, NULL::INTEGER AS n, 42::UBIGINT AS ub
            """, connection);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal((byte)7, reader.GetByte(0));
        Assert.Equal((short)-300, reader.GetInt16(1));
        Assert.Equal(-70000, reader.GetInt32(2));
        Assert.Equal(9_000_000_000L, reader.GetInt64(3));
        Assert.Equal(1.5f, reader.GetFloat(4));
        Assert.Equal(2.25, reader.GetDouble(5));
        Assert.Equal(12345.6789m, reader.GetDecimal(6));
        Assert.Equal("grüße ✓", reader.GetString(7));
        Assert.Equal(new byte[] { 0x00, 0xFF, (byte)'a', (byte)'b' }, (byte[])reader.GetValue(8));
        Assert.True(reader.GetBoolean(9));
        Assert.Equal(new DateTime(2024, 2, 29), reader.GetDate(10));
        Assert.Equal(new TimeSpan(13, 14, 15), reader.GetTime(11));
        Assert.Equal(new DateTime(2024, 2, 29, 13, 14, 15).AddTicks(1_234_560), reader.GetDateTime(12));
        Assert.Equal(Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff"), reader.GetGuid(13));
        Assert.Equal(123456789012345678901234567m, reader.GetDecimal(14));
        Assert.Equal("[1, 2, NULL]", reader.GetString(15));
        Assert.True(reader.IsDBNull(16));
        Assert.Equal(DBNull.Value, reader.GetValue(16));
        Assert.Equal(42m, Convert.ToDecimal(reader.GetValue(17)));
        Assert.False(reader.Read());
    }

    [Fact]
    public async Task Parameters_of_every_type_are_written_and_read_back()
    {
        using var connection = await OpenAsync();
        var table = Table();
        using (var create = new OdbcCommand($"CREATE TABLE {table}(ti UTINYINT, si SMALLINT, i INTEGER, bi BIGINT, r FLOAT, d DOUBLE, dec DECIMAL(18,4), s VARCHAR, b BLOB, bo BOOLEAN, dt DATE, t TIME, ts TIMESTAMP, u UUID)", connection))
        {
            create.ExecuteNonQuery();
        }

        var guid = Guid.NewGuid();
        var stamp = new DateTime(2023, 12, 31, 23, 59, 58, 123);
        object[] values = [(byte)200, (short)-12345, int.MinValue, long.MaxValue, 3.5f, Math.PI, -98765.4321m, "naïve ☃", new byte[] { 1, 2, 3, 0 }, false, new DateTime(1999, 1, 2), new TimeSpan(1, 2, 3), stamp, guid];
        OdbcType[] types = [OdbcType.TinyInt, OdbcType.SmallInt, OdbcType.Int, OdbcType.BigInt, OdbcType.Real, OdbcType.Double, OdbcType.Decimal, OdbcType.NVarChar, OdbcType.VarBinary, OdbcType.Bit, OdbcType.Date, OdbcType.Time, OdbcType.DateTime, OdbcType.UniqueIdentifier];
        using (var insert = new OdbcCommand($"INSERT INTO {table} VALUES ({string.Join(", ", values.Select(_ => "?"))})", connection))
        {
            for (var i = 0; i < values.Length; i++)
            {
                var parameter = insert.Parameters.Add("p" + i, types[i]);
                parameter.Value = values[i];
                if (types[i] == OdbcType.Decimal)
                {
                    (parameter.Precision, parameter.Scale) = ((byte)18, (byte)4);
                }
            }

            Assert.Equal(1, insert.ExecuteNonQuery());
            foreach (OdbcParameter parameter in insert.Parameters)
            {
                parameter.Value = DBNull.Value;
            }

            Assert.Equal(1, insert.ExecuteNonQuery());
        }

        using var select = new OdbcCommand($"SELECT * FROM {table} ORDER BY i NULLS LAST", connection);
        using var reader = select.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal((byte)200, reader.GetByte(0));
        Assert.Equal((short)-12345, reader.GetInt16(1));
        Assert.Equal(int.MinValue, reader.GetInt32(2));
        Assert.Equal(long.MaxValue, reader.GetInt64(3));
        Assert.Equal(3.5f, reader.GetFloat(4));
        Assert.Equal(Math.PI, reader.GetDouble(5));
        Assert.Equal(-98765.4321m, reader.GetDecimal(6));
        Assert.Equal("naïve ☃", reader.GetString(7));
        Assert.Equal(new byte[] { 1, 2, 3, 0 }, (byte[])reader.GetValue(8));
        Assert.False(reader.GetBoolean(9));
        Assert.Equal(new DateTime(1999, 1, 2), reader.GetDate(10));
        Assert.Equal(new TimeSpan(1, 2, 3), reader.GetTime(11));
        Assert.Equal(stamp, reader.GetDateTime(12));
        Assert.Equal(guid, reader.GetGuid(13));
        Assert.True(reader.Read());
        for (var i = 0; i < values.Length; i++)
        {
            Assert.True(reader.IsDBNull(i), $"column {i} should be NULL");
        }
    }

    [Fact]
    public async Task Catalog_functions_list_tables_columns_types_and_indexes()
    {
        using var connection = await OpenAsync();
        var table = Table();
        using (var create = new OdbcCommand($"CREATE TABLE {table}(id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, price DECIMAL(10,2)); CREATE VIEW {table}_v AS SELECT id FROM {table}", connection))
        {
            create.ExecuteNonQuery();
        }

        var tables = connection.GetSchema("Tables", [null, null, table + "%"]);
        Assert.Equal([table], tables.Rows.Cast<DataRow>().Select(r => (string)r["TABLE_NAME"]));
        var views = connection.GetSchema("Views", [null, null, table + "%"]);
        Assert.Equal([table + "_v"], views.Rows.Cast<DataRow>().Select(r => (string)r["TABLE_NAME"]));

        var columns = connection.GetSchema("Columns", [null, null, table, null]);
        var described = columns.Rows.Cast<DataRow>().Select(r => ((string)r["COLUMN_NAME"], Convert.ToInt32(r["DATA_TYPE"]), Convert.ToInt32(r["COLUMN_SIZE"]), Convert.ToInt32(r["NULLABLE"]))).ToList();
        Assert.Equal([("id", 4, 10, 0), ("name", -9, 65535, 0), ("price", 3, 10, 1)], described);

        var types = connection.GetSchema("DataTypes");
        var names = types.Rows.Cast<DataRow>().Select(r => (string)r["TypeName"]).ToHashSet();
        Assert.Superset(new HashSet<string> { "BOOLEAN", "INTEGER", "BIGINT", "DOUBLE", "DECIMAL", "VARCHAR", "BLOB", "DATE", "TIME", "TIMESTAMP", "UUID" }, names);

        var indexes = connection.GetSchema("Indexes", [null, null, table]);
        Assert.Contains(indexes.Rows.Cast<DataRow>(), r => r["COLUMN_NAME"] is "id" && Convert.ToInt32(r["NON_UNIQUE"]) == 0);
    }

    [Fact]
    public async Task Cancel_from_another_thread_stops_a_running_query_and_the_connection_goes_on()
    {
        using var connection = await OpenAsync();
        using var command = new OdbcCommand("SELECT sum(x) FROM range(1000000000000) t(x)", connection) { CommandTimeout = 0 };
        var running = Task.Run(() => command.ExecuteScalar());
        await Task.Delay(500);
        var stopped = false;
        for (var attempt = 0; attempt < 60 && !running.IsCompleted; attempt++)
        {
            command.Cancel();
            stopped = await Task.WhenAny(running, Task.Delay(1000)) == running;
        }

        Assert.True(stopped || running.IsCompleted, "the query was still running 60 s after SQLCancel");
        var failure = await Assert.ThrowsAsync<OdbcException>(() => running);
        Assert.Equal("HY008", failure.Errors[0].SQLState);
        using var next = new OdbcCommand("SELECT 5", connection);
        Assert.Equal(5, Convert.ToInt32(next.ExecuteScalar()));
    }

    [Fact]
    public async Task A_query_that_outruns_its_timeout_fails_with_HYT00()
    {
        using var connection = await OpenAsync();
        using var command = new OdbcCommand("SELECT sum(x) FROM range(1000000000000) t(x)", connection) { CommandTimeout = 1 };
        var failure = Assert.Throws<OdbcException>(() => command.ExecuteScalar());
        Assert.Equal("HYT00", failure.Errors[0].SQLState);
        using var next = new OdbcCommand("SELECT 6", connection);
        Assert.Equal(6, Convert.ToInt32(next.ExecuteScalar()));
    }

    [Fact]
    public async Task Transactions_commit_and_roll_back()
    {
        using var connection = await OpenAsync();
        var table = Table();
        using (var create = new OdbcCommand($"CREATE TABLE {table}(x INTEGER)", connection))
        {
            create.ExecuteNonQuery();
        }

        using (var transaction = connection.BeginTransaction())
        {
            using var insert = new OdbcCommand($"INSERT INTO {table} VALUES (1), (2)", connection, transaction);
            Assert.Equal(2, insert.ExecuteNonQuery());
            transaction.Rollback();
        }

        using (var transaction = connection.BeginTransaction())
        {
            using var insert = new OdbcCommand($"INSERT INTO {table} VALUES (3)", connection, transaction);
            insert.ExecuteNonQuery();
            transaction.Commit();
        }

        using var other = await OpenAsync();
        using var count = new OdbcCommand($"SELECT string_agg(x::VARCHAR, ',') FROM {table}", other);
        Assert.Equal("3", count.ExecuteScalar());
    }

    [Fact]
    public async Task A_server_error_carries_its_SQLSTATE_and_message()
    {
        using var connection = await OpenAsync();
        using var command = new OdbcCommand("SELECT 1 / 'x'::INTEGER", connection);
        var failure = Assert.Throws<OdbcException>(() => command.ExecuteScalar());
        var error = failure.Errors[0];
        Assert.Equal("22018", error.SQLState);
        Assert.Contains("[Quiver][ODBC]", error.Message, StringComparison.Ordinal);
        Assert.Contains("'x'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Escape_sequences_are_translated_to_DuckDB_SQL()
    {
        using var connection = await OpenAsync();
        using var command = new OdbcCommand(
            "SELECT {fn UCASE('abc')}, {d '2024-01-31'}, {fn TIMESTAMPADD(SQL_TSI_DAY, 1, {ts '2024-01-31 10:00:00'})}, {fn CONVERT('12', SQL_INTEGER)} + 1, {fn LOCATE('c', 'abc')}, {'k': 1}.k",
            connection);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal("ABC", reader.GetString(0));
        Assert.Equal(new DateTime(2024, 1, 31), reader.GetDate(1));
        Assert.Equal(new DateTime(2024, 2, 1, 10, 0, 0), reader.GetDateTime(2));
        Assert.Equal(13, reader.GetInt32(3));
        Assert.Equal(3L, Convert.ToInt64(reader.GetValue(4)));
        Assert.Equal(1, reader.GetInt32(5));
    }
}
