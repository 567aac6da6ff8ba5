using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Quiver.Data;

namespace Quiver.Conformance.Tests.EFCore;

/// <summary>Migrations applied, rolled back and scripted against the real server, and EnsureCreated/EnsureDeleted.</summary>
public sealed class MigrationTests(EfServer server) : IClassFixture<EfServer>
{
    // The hand-kept migrations come without a model snapshot, which EF would otherwise compare the model with.
    private BlogContext Blogs(string tenant = "migrations")
        => new(server.Options<BlogContext>(tenant, o => o.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))));

    [Fact]
    public async Task A_migration_sequence_applies_rolls_back_and_applies_again()
    {
        await using var context = Blogs();
        await context.Database.EnsureDeletedAsync();

        await context.Database.MigrateAsync();
        var applied = (await context.Database.GetAppliedMigrationsAsync()).ToList();
        context.Blogs.Add(new Blog { Name = "first", Posts = { new Post { Body = "hello" } } });
        context.Labels.Add(new Label { Text = "added", Weight = 2, Rating = 4 });
        await context.SaveChangesAsync();
        var labels = await context.Labels.OrderBy(l => l.Text).Select(l => new { l.Text, l.Weight }).ToListAsync();

        Assert.Equal(["20261201000000_Initial", "20261202000000_Tags", "20261203000000_TagsBecomeLabels"], applied);
        Assert.Equal([new { Text = "added", Weight = 2 }, new { Text = "seeded", Weight = 5 }], labels);
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());

        var migrator = context.GetService<IMigrator>();
        await migrator.MigrateAsync("20261201000000_Initial");
        Assert.Equal(["20261201000000_Initial"], await context.Database.GetAppliedMigrationsAsync());
        Assert.Equal(["Blogs", "Posts", "__EFMigrationsHistory", "__EFMigrationsLock"], await TablesAsync(context));
        Assert.Equal(["Blogs_Id_seq", "Posts_Id_seq"], await NamesAsync(context, "SELECT sequence_name FROM duckdb_sequences() WHERE database_name = current_database() ORDER BY 1"));

        await migrator.MigrateAsync("0");
        Assert.Empty(await context.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await NamesAsync(context, "SELECT sequence_name FROM duckdb_sequences() WHERE database_name = current_database()"));

        await context.Database.MigrateAsync();
        Assert.Equal(3, (await context.Database.GetAppliedMigrationsAsync()).Count());
        Assert.Equal(1, await context.Labels.CountAsync());
    }

    [Fact]
    public async Task Three_migrators_at_once_apply_each_migration_once()
    {
        await using (var setup = Blogs("scripts"))
        {
            await setup.Database.EnsureDeletedAsync();
        }

        await using var first = Blogs("scripts");
        await using var second = Blogs("scripts");
        await using var third = Blogs("scripts");
        await Task.WhenAll(first.Database.MigrateAsync(), second.Database.MigrateAsync(), Task.Run(() => third.Database.Migrate()));

        Assert.Equal(3, (await first.Database.GetAppliedMigrationsAsync()).Count());
        Assert.Equal(1, await first.Labels.CountAsync(l => l.Text == "seeded"));
        Assert.Equal(0L, await ScalarAsync(first, "SELECT count(*) FROM \"__EFMigrationsLock\""));
    }

    [Fact]
    public void A_script_creates_the_sequences_and_history_and_idempotent_scripts_are_refused_with_a_reason()
    {
        using var context = Blogs();
        var migrator = context.GetService<IMigrator>();

        var script = migrator.GenerateScript();
        var refused = Assert.Throws<NotSupportedException>(() => migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent));

        Assert.Contains("CREATE SEQUENCE IF NOT EXISTS \"Blogs_Id_seq\"", script);
        Assert.Contains("\"Id\" INTEGER NOT NULL DEFAULT nextval('\"Blogs_Id_seq\"')", script);
        Assert.Contains("FOREIGN KEY (\"BlogId\") REFERENCES \"Blogs\" (\"Id\")", script);
        Assert.DoesNotContain("ON DELETE", script);
        Assert.Contains("CREATE TABLE IF NOT EXISTS \"__EFMigrationsHistory\"", script);
        Assert.Contains("INSERT INTO \"__EFMigrationsHistory\"", script);
        Assert.Contains("procedural IF", refused.Message);
    }

    [Fact]
    public void Operations_DuckDB_cannot_do_are_refused_naming_the_operation_and_table()
    {
        using var context = Blogs();
        var generator = context.GetService<IMigrationsSqlGenerator>();

        var foreignKey = Assert.Throws<NotSupportedException>(() => generator.Generate(
            [new AddForeignKeyOperation { Table = "Posts", Name = "FK_x", Columns = ["BlogId"], PrincipalTable = "Blogs", PrincipalColumns = ["Id"] }]));
        var renameIndex = Assert.Throws<NotSupportedException>(() => generator.Generate(
            [new RenameIndexOperation { Table = "Posts", Name = "IX_Posts_BlogId", NewName = "IX_other" }]));

        Assert.Contains("AddForeignKeyOperation on \"Posts\"", foreignKey.Message);
        Assert.Contains("RenameIndexOperation on \"Posts\"", renameIndex.Message);
    }

    [Fact]
    public async Task Altering_a_table_that_has_an_index_fails_with_the_servers_error_and_leaves_the_schema_as_it_was()
    {
        await using var context = Blogs("tenant-a");
        await context.Database.EnsureDeletedAsync();
        await context.Database.GetService<IMigrator>().MigrateAsync("20261201000000_Initial");
        var sql = context.GetService<IMigrationsSqlGenerator>().Generate(
            [new RenameColumnOperation { Table = "Posts", Name = "Body", NewName = "Text" }]);

        var failure = await Assert.ThrowsAsync<QuiverException>(() => context.Database.ExecuteSqlRawAsync(sql.Single().CommandText));

        Assert.Equal("2BP01", failure.SqlState);
        Assert.Contains("depend on it", failure.Message);
        Assert.Equal(1L, await ScalarAsync(context, "SELECT count(*) FROM duckdb_columns() WHERE table_name = 'Posts' AND column_name = 'Body'"));
    }

    [Fact]
    public async Task EnsureCreated_creates_the_model_once_and_EnsureDeleted_drops_every_object_of_the_tenant()
    {
        await using var context = new ShopContext(server.Options<ShopContext>("created"));
        await context.Database.EnsureDeletedAsync();

        Assert.True(await context.Database.EnsureCreatedAsync());
        Assert.False(await context.Database.EnsureCreatedAsync());
        await context.Database.ExecuteSqlRawAsync("CREATE SCHEMA extra; CREATE TABLE extra.t (x INTEGER); CREATE VIEW v AS SELECT * FROM \"Customers\"; CREATE SEQUENCE s; CREATE MACRO twice(x) AS x * 2; CREATE TYPE mood AS ENUM ('ok')");
        context.Customers.Add(new Customer { Name = "only", Since = new DateOnly(2026, 1, 1), Orders = { new Order { Placed = DateTime.UnixEpoch, Lines = { new OrderLine { Product = new Product { Name = "p" }, Quantity = 1 } } } } });
        await context.SaveChangesAsync();

        Assert.True(await context.Database.EnsureDeletedAsync());
        Assert.Empty(await TablesAsync(context));
        Assert.Equal(0L, await ScalarAsync(context, "SELECT count(*) FROM duckdb_views() WHERE NOT internal") );
        Assert.Equal(0L, await ScalarAsync(context, "SELECT count(*) FROM duckdb_sequences()"));
        Assert.Equal(0L, await ScalarAsync(context, "SELECT count(*) FROM duckdb_schemas() WHERE schema_name = 'extra'"));
        Assert.Equal(0L, await ScalarAsync(context, "SELECT count(*) FROM duckdb_types() WHERE type_name = 'mood'"));
        Assert.True(await context.Database.EnsureCreatedAsync());
        Assert.Equal(0, await context.Customers.CountAsync());
    }

    private static async Task<List<string>> TablesAsync(DbContext context)
        => await NamesAsync(context, "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND NOT temporary ORDER BY 1");

    private static async Task<List<string>> NamesAsync(DbContext context, string sql)
        => await context.Database.SqlQueryRaw<string>(sql).ToListAsync();

    private static async Task<long> ScalarAsync(DbContext context, string sql)
    {
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }
}
