using Dapper;
using Quiver.Data;

namespace Quiver.Conformance.Tests.Ado;

public sealed class DapperTests(AdoServer fixture) : IClassFixture<AdoServer>
{
    public sealed record Row(long Id, string Name, double Score, decimal Price, DateTime At, bool Active, Guid Key, DateTime Day, TimeSpan Span, byte[] Blob, int? Missing);

    public sealed class RowClass
    {
        public long Id { get; set; }

        public string Name { get; set; } = "";

        public DateTime At { get; set; }

        public int? Missing { get; set; }
    }

    private const string RowsSql = """
        SELECT range AS Id, 'name ' || range AS Name, range / 4.0 AS Score, (range * 1.25)::DECIMAL(18,2) AS Price,
               TIMESTAMP '2024-01-01' + INTERVAL (range) SECOND AS At, range % 2 = 0 AS Active,
               '00000000-0000-0000-0000-00000000000' || (range % 10)::VARCHAR AS Key, DATE '2024-01-01' + range::INTEGER AS Day,
               TIME '00:00:00' + INTERVAL (range) MINUTE AS Span, '\xAB'::BLOB AS Blob, NULL::INTEGER AS Missing
        FROM range(@count)
        """;

    [Fact]
    public async Task Query_maps_every_type_into_records_and_classes()
    {
        await using var connection = await fixture.OpenAsync();
        var rows = (await connection.QueryAsync<Row>(RowsSql.Replace("'00000000", "('00000000").Replace("AS Key", ")::UUID AS Key"), new { count = 1000 })).ToList();
        Assert.Equal(1000, rows.Count);
        var row = rows[7];
        Assert.Equal(new Row(7, "name 7", 1.75, 8.75m, new DateTime(2024, 1, 1, 0, 0, 7), false, Guid.Parse("00000000-0000-0000-0000-000000000007"),
            new DateTime(2024, 1, 8), TimeSpan.FromMinutes(7), [0xAB], null) with { Blob = row.Blob }, row);
        Assert.Equal(new byte[] { 0xAB }, row.Blob);

        var classes = connection.Query<RowClass>("SELECT range AS Id, 'n' AS Name, TIMESTAMP '2024-01-01' AS At, NULL AS Missing FROM range(3)").ToList();
        Assert.Equal([0L, 1L, 2L], classes.Select(c => c.Id));
        Assert.All(classes, c => Assert.Null(c.Missing));
    }

    [Fact]
    public async Task QueryMultiple_QueryFirst_and_Execute_with_parameter_objects()
    {
        await using var connection = await fixture.OpenAsync();
        await connection.ExecuteAsync("CREATE TEMP TABLE people (id INTEGER, name VARCHAR)");
        var inserted = await connection.ExecuteAsync("INSERT INTO people VALUES (@id, @name)", new[] { new { id = 1, name = "ada" }, new { id = 2, name = "grace" } });
        Assert.Equal(2, inserted);

        using (var multi = await connection.QueryMultipleAsync("SELECT count(*) FROM people WHERE id >= @min; SELECT name FROM people WHERE id = @id ORDER BY 1", new { min = 1, id = 2 }))
        {
            Assert.Equal(2L, await multi.ReadSingleAsync<long>());
            Assert.Equal("grace", await multi.ReadSingleAsync<string>());
        }

        Assert.Equal("ada", await connection.QueryFirstAsync<string>("SELECT name FROM people ORDER BY id"));
        Assert.Equal(1, await connection.ExecuteAsync("UPDATE people SET name = :name WHERE id = :id", new { id = 1, name = "lovelace" }));
        Assert.Equal("lovelace", connection.QuerySingle<string>("SELECT name FROM people WHERE id = $id", new { id = 1 }));
    }

    [Fact]
    public async Task List_parameters_expand_into_IN_lists()
    {
        await using var connection = await fixture.OpenAsync();
        var found = await connection.QueryAsync<long>("SELECT range FROM range(10) WHERE range IN @ids ORDER BY 1", new { ids = new[] { 2L, 5L, 7L } });
        Assert.Equal([2L, 5L, 7L], found);
    }

    public sealed record Order(int Id, string Customer, decimal Total, DateTime PlacedAt);

    public sealed class Line
    {
        public int OrderId { get; set; }

        public string Product { get; set; } = "";

        public Order? Order { get; set; }
    }

    private static async Task CreateOrdersAsync(QuiverConnection connection)
    {
        await connection.ExecuteAsync("""
            CREATE TEMP TABLE orders (id INTEGER PRIMARY KEY, customer VARCHAR, total DECIMAL(12,2), placed_at TIMESTAMP);
            CREATE TEMP TABLE lines (order_id INTEGER, product VARCHAR);
            INSERT INTO orders VALUES (1, 'ada', 10.50, TIMESTAMP '2026-11-30 10:00'), (2, 'grace', 99.99, TIMESTAMP '2026-12-01 09:30');
            INSERT INTO lines VALUES (1, 'quill'), (1, 'ink'), (2, 'compiler')
            """);
    }

    [Fact]
    public async Task Multi_mapping_splits_rows_into_objects_on_the_named_column()
    {
        await using var connection = await fixture.OpenAsync();
        await CreateOrdersAsync(connection);

        var lines = (await connection.QueryAsync<Line, Order, Line>(
            """
            SELECT l.order_id AS OrderId, l.product AS Product, o.id, o.customer, o.total, o.placed_at AS PlacedAt
            FROM lines l JOIN orders o ON o.id = l.order_id ORDER BY l.product
            """,
            (line, order) =>
            {
                line.Order = order;
                return line;
            },
            splitOn: "id")).ToList();

        Assert.Equal(["compiler", "ink", "quill"], lines.Select(l => l.Product));
        Assert.Equal(new Order(2, "grace", 99.99m, new DateTime(2026, 12, 1, 9, 30, 0)), lines[0].Order);
        Assert.Equal(1, lines[1].Order!.Id);
        Assert.Equal(110.49m, await connection.ExecuteScalarAsync<decimal>("SELECT sum(total) FROM orders"));
    }

    [Fact]
    public async Task A_transaction_passed_to_Dapper_commits_or_rolls_back_every_command_in_it()
    {
        await using var connection = await fixture.OpenAsync();
        await connection.ExecuteAsync("CREATE TEMP TABLE accounts (id INTEGER PRIMARY KEY, balance DECIMAL(12,2)); INSERT INTO accounts VALUES (1, 100), (2, 0)");
        const string Debit = "UPDATE accounts SET balance = balance - @amount WHERE id = @from";
        const string Credit = "UPDATE accounts SET balance = balance + @amount WHERE id = @to";

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await connection.ExecuteAsync(Debit, new { amount = 30m, from = 1 }, transaction);
            await connection.ExecuteAsync(Credit, new { amount = 30m, to = 2 }, transaction);
            await transaction.CommitAsync();
        }

        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await connection.ExecuteAsync(Debit, new { amount = 50m, from = 1 }, transaction);
            await transaction.RollbackAsync();
        }

        Assert.Equal([70m, 30m], await connection.QueryAsync<decimal>("SELECT balance FROM accounts ORDER BY id"));
        await using var open = await connection.BeginTransactionAsync();
        Assert.Throws<InvalidOperationException>(() => connection.Execute(Debit, new { amount = 1m, from = 1 }));
    }
}
