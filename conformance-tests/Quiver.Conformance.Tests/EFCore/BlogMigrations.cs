using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Quiver.Conformance.Tests.EFCore;

// Migrations as `dotnet ef migrations add` writes them for this provider (the identity annotation included), kept by hand
// here so that the test does not depend on the tool.

/// <summary>The model the three migrations below arrive at.</summary>
public sealed class BlogContext(DbContextOptions<BlogContext> options) : DbContext(options)
{
    public DbSet<Blog> Blogs => Set<Blog>();

    public DbSet<Post> Posts => Set<Post>();

    public DbSet<Label> Labels => Set<Label>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Label>().ToTable("Labels");
        modelBuilder.Entity<Label>().Property(l => l.Text).HasColumnName("Text");
    }
}

public sealed class Blog
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public List<Post> Posts { get; } = [];
}

public sealed class Post
{
    public int Id { get; set; }

    public int BlogId { get; set; }

    public required string Body { get; set; }
}

public sealed class Label
{
    public long Id { get; set; }

    public required string Text { get; set; }

    public int Weight { get; set; }

    public int? Rating { get; set; }
}

[DbContext(typeof(BlogContext))]
[Migration("20261201000000_Initial")]
public sealed class InitialMigration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Blogs",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Quiver:IdentitySequence", "Blogs_Id_seq"),
                Name = table.Column<string>(type: "VARCHAR", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Blogs", x => x.Id));
        migrationBuilder.CreateTable(
            name: "Posts",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Quiver:IdentitySequence", "Posts_Id_seq"),
                BlogId = table.Column<int>(type: "INTEGER", nullable: false),
                Body = table.Column<string>(type: "VARCHAR", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Posts", x => x.Id);
                table.ForeignKey("FK_Posts_Blogs_BlogId", x => x.BlogId, "Blogs", "Id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex(name: "IX_Posts_BlogId", table: "Posts", column: "BlogId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "Posts").Annotation("Quiver:OwnedSequences", "Posts_Id_seq");
        migrationBuilder.DropTable(name: "Blogs").Annotation("Quiver:OwnedSequences", "Blogs_Id_seq");
    }
}

[DbContext(typeof(BlogContext))]
[Migration("20261202000000_Tags")]
public sealed class TagsMigration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Tags",
            columns: table => new
            {
                Id = table.Column<long>(type: "BIGINT", nullable: false).Annotation("Quiver:IdentitySequence", "Tags_Id_seq"),
                Name = table.Column<string>(type: "VARCHAR(40)", maxLength: 40, nullable: false),
                Rating = table.Column<int>(type: "INTEGER", nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Tags", x => x.Id));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "Tags").Annotation("Quiver:OwnedSequences", "Tags_Id_seq");
    }
}

[DbContext(typeof(BlogContext))]
[Migration("20261203000000_TagsBecomeLabels")]
public sealed class TagsBecomeLabelsMigration : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.RenameColumn(name: "Name", table: "Tags", newName: "Text");
        migrationBuilder.AddColumn<int>(name: "Weight", table: "Tags", type: "INTEGER", nullable: false, defaultValue: 1);
        migrationBuilder.RenameTable(name: "Tags", newName: "Labels");
        migrationBuilder.InsertData(table: "Labels", columns: ["Text", "Weight"], columnTypes: ["VARCHAR(40)", "INTEGER"], values: new object[,] { { "seeded", 5 } });
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        // No DeleteData here: DuckDB 1.5 fails the commit of a transaction that changes rows of a table and then drops one
        // of its columns (docs/efcore.md); the seeded row goes with the table in the previous migration's Down.
        migrationBuilder.RenameTable(name: "Labels", newName: "Tags");
        migrationBuilder.DropColumn(name: "Weight", table: "Tags");
        migrationBuilder.RenameColumn(name: "Text", table: "Tags", newName: "Name");
    }
}
