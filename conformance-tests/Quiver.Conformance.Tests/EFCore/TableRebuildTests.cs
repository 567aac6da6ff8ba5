using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Quiver.Conformance.Tests.EFCore;

/// <summary>
/// Migration operations DuckDB cannot do in place on a table with an index or a foreign key, done by rebuilding the table
/// from the migration's target model, with its rows, keys, constraints, indexes and identity sequence kept.
/// </summary>
public sealed class TableRebuildTests(EfServer server) : IClassFixture<EfServer>
{
    // The schema before the migration: what LibraryContext's model was before Name became Title, Price a decimal,
    // Obsolete was dropped and Pages, a unique index and a check constraint were added.
    private const string Before = """
        CREATE SEQUENCE "Shelves_Id_seq";
        CREATE SEQUENCE "Books_Id_seq";
        CREATE TABLE "Shelves" ("Id" INTEGER NOT NULL DEFAULT nextval('"Shelves_Id_seq"'), "Label" VARCHAR NOT NULL, CONSTRAINT "PK_Shelves" PRIMARY KEY ("Id"));
        CREATE TABLE "Books" ("Id" INTEGER NOT NULL DEFAULT nextval('"Books_Id_seq"'), "ShelfId" INTEGER NOT NULL, "Name" VARCHAR NOT NULL,
            "Price" INTEGER NOT NULL, "Obsolete" VARCHAR,
            CONSTRAINT "PK_Books" PRIMARY KEY ("Id"), CONSTRAINT "FK_Books_Shelves_ShelfId" FOREIGN KEY ("ShelfId") REFERENCES "Shelves" ("Id"));
        CREATE INDEX "IX_Books_Name" ON "Books" ("Name");
        CREATE INDEX "IX_Books_ShelfId" ON "Books" ("ShelfId");
        INSERT INTO "Shelves" ("Label") VALUES ('fiction'), ('science');
        INSERT INTO "Books" ("ShelfId", "Name", "Price", "Obsolete") VALUES (1, 'Dune', 12, 'x'), (2, 'Cosmos', 30, NULL), (1, 'Emma', 8, 'y');
        """;

    // The operations `dotnet ef migrations add` writes for that change.
    private static readonly MigrationOperation[] Changes =
    [
        new DropIndexOperation { Name = "IX_Books_Name", Table = "Books" },
        new DropColumnOperation { Name = "Obsolete", Table = "Books" },
        new RenameColumnOperation { Name = "Name", Table = "Books", NewName = "Title" },
        new AlterColumnOperation
        {
            Name = "Price", Table = "Books", ClrType = typeof(decimal), ColumnType = "DECIMAL(12,2)", Precision = 12, Scale = 2,
            OldColumn = new AddColumnOperation { Name = "Price", Table = "Books", ClrType = typeof(int), ColumnType = "INTEGER" },
        },
        new AddColumnOperation { Name = "Pages", Table = "Books", ClrType = typeof(int), ColumnType = "INTEGER", DefaultValue = 100 },
        new CreateIndexOperation { Name = "IX_Books_Title", Table = "Books", Columns = ["Title"], IsUnique = true },
        new AddCheckConstraintOperation { Name = "CK_Books_Pages", Table = "Books", Sql = "\"Pages\" > 0" },
    ];

    private LibraryContext Context() => new(server.Options<LibraryContext>("rebuilds"));

    [Fact]
    public async Task Changing_columns_indexes_and_constraints_of_a_table_with_a_foreign_key_rebuilds_it_with_its_rows()
    {
        await using var context = Context();
        await context.Database.EnsureDeletedAsync();
        await context.Database.ExecuteSqlRawAsync(Before);

        var commands = Generate(context, Changes);
        Assert.Contains(commands, c => c.CommandText.StartsWith("-- Books rebuilt", StringComparison.Ordinal));
        await context.GetService<IMigrationCommandExecutor>().ExecuteNonQueryAsync(commands, context.GetService<IRelationalConnection>());

        var books = await context.Books.AsNoTracking().OrderBy(b => b.Id).Select(b => new { b.Id, b.ShelfId, b.Title, b.Price, b.Pages }).ToListAsync();
        Assert.Equal(
            [new { Id = 1, ShelfId = 1, Title = "Dune", Price = 12m, Pages = 100 }, new { Id = 2, ShelfId = 2, Title = "Cosmos", Price = 30m, Pages = 100 },
             new { Id = 3, ShelfId = 1, Title = "Emma", Price = 8m, Pages = 100 }],
            books);
        Assert.Equal(
            ["IX_Books_ShelfId", "IX_Books_Title"],
            await context.Database.SqlQueryRaw<string>("SELECT index_name AS \"Value\" FROM duckdb_indexes() WHERE table_name = 'Books' ORDER BY 1").ToListAsync());
        Assert.Equal(
            ["Books", "Shelves"],
            await context.Database.SqlQueryRaw<string>("SELECT table_name AS \"Value\" FROM duckdb_tables() ORDER BY 1").ToListAsync());
        Assert.Equal("DECIMAL(12,2)", await context.Database.SqlQueryRaw<string>(
            "SELECT data_type AS \"Value\" FROM duckdb_columns() WHERE table_name = 'Books' AND column_name = 'Price'").SingleAsync());

        // The sequence goes on where it was; the foreign key, the unique index and the check constraint hold.
        context.Books.Add(new Book { ShelfId = 2, Title = "Origin", Price = 9.99m, Pages = 300 });
        await context.SaveChangesAsync();
        Assert.Equal(4, await context.Books.Where(b => b.Title == "Origin").Select(b => b.Id).SingleAsync());
        await Rejected(context, new Book { ShelfId = 99, Title = "Nowhere", Price = 1, Pages = 1 });
        await Rejected(context, new Book { ShelfId = 1, Title = "Dune", Price = 1, Pages = 1 });
        await Rejected(context, new Book { ShelfId = 1, Title = "Empty", Price = 1, Pages = 0 });
    }

    [Fact]
    public void A_table_other_tables_reference_is_not_rebuilt_and_the_refusal_names_them()
    {
        using var context = Context();
        var change = new AlterColumnOperation
        {
            Name = "Label", Table = "Shelves", ClrType = typeof(string), ColumnType = "VARCHAR(80)", MaxLength = 80,
            OldColumn = new AddColumnOperation { Name = "Label", Table = "Shelves", ClrType = typeof(string), ColumnType = "VARCHAR" },
        };

        var refused = Assert.Throws<NotSupportedException>(() => Generate(context, [change]));

        Assert.Contains("\"Shelves\"", refused.Message);
        Assert.Contains("\"Books\" references it", refused.Message);
    }

    private static IReadOnlyList<MigrationCommand> Generate(LibraryContext context, IReadOnlyList<MigrationOperation> operations)
        => context.GetService<IMigrationsSqlGenerator>().Generate(operations, context.GetService<IDesignTimeModel>().Model);

    private static async Task Rejected(LibraryContext context, Book book)
    {
        context.Books.Add(book);
        await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync());
        context.ChangeTracker.Clear();
    }
}

/// <summary>The model after the migration.</summary>
public sealed class LibraryContext(DbContextOptions<LibraryContext> options) : DbContext(options)
{
    public DbSet<Shelf> Shelves => Set<Shelf>();

    public DbSet<Book> Books => Set<Book>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var book = modelBuilder.Entity<Book>();
        book.ToTable(t => t.HasCheckConstraint("CK_Books_Pages", "\"Pages\" > 0"));
        book.Property(b => b.Price).HasPrecision(12, 2);
        book.HasIndex(b => b.Title).IsUnique();
        book.HasOne<Shelf>().WithMany().HasForeignKey(b => b.ShelfId);
    }
}

public sealed class Shelf
{
    public int Id { get; set; }

    public required string Label { get; set; }
}

public sealed class Book
{
    public int Id { get; set; }

    public int ShelfId { get; set; }

    public required string Title { get; set; }

    public decimal Price { get; set; }

    public int Pages { get; set; }
}
