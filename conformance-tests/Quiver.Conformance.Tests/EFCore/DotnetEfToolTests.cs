using System.Reflection;
using Quiver.Conformance.Tests.Packaging;
using Quiver.Data;

namespace Quiver.Conformance.Tests.EFCore;

/// <summary>
/// `dotnet ef` (the dotnet-ef tool, 10.0.15) against the real server from a sample project outside the repository:
/// migrations add, database update, then the app's own SaveChanges and query, and dbcontext scaffold.
/// </summary>
public sealed class DotnetEfToolTests(EfServer server) : IClassFixture<EfServer>
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(10);

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private const string Program = """
        using Microsoft.EntityFrameworkCore;

        await using var context = new SampleContext();
        context.Notes.Add(new Note { Text = "from the sample", Written = new DateTime(2026, 12, 3), Stars = [4, 5], Tags = { new Tag { Name = "ef" } } });
        await context.SaveChangesAsync();
        Console.WriteLine($"notes={await context.Notes.CountAsync()} tags={await context.Tags.CountAsync(t => t.Note.Text == "from the sample")}");

        public sealed class SampleContext : DbContext
        {
            public DbSet<Note> Notes => Set<Note>();

            public DbSet<Tag> Tags => Set<Tag>();

            protected override void OnConfiguring(DbContextOptionsBuilder options)
                => options.UseQuiver(Environment.GetEnvironmentVariable("QUIVER_TEST_CONNECTION"));
        }

        public sealed class Note
        {
            public int Id { get; set; }

            public required string Text { get; set; }

            public DateTime Written { get; set; }

            public int[] Stars { get; set; } = [];

            public List<Tag> Tags { get; } = [];
        }

        public sealed class Tag
        {
            public long Id { get; set; }

            public int NoteId { get; set; }

            public Note Note { get; set; } = null!;

            public required string Name { get; set; }
        }
        """;

    private static string RepoRoot => typeof(DotnetEfToolTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "QuiverRepoRoot").Value!;

    [Fact]
    public async Task Dotnet_ef_adds_and_applies_a_migration_and_scaffolds_the_database_back()
    {
        var work = Directory.CreateTempSubdirectory("quiver-dotnet-ef-").FullName;
        try
        {
            var app = Directory.CreateDirectory(Path.Combine(work, "sample")).FullName;
            await File.WriteAllTextAsync(Path.Combine(app, "sample.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <ProjectReference Include="{Path.Combine(RepoRoot, "EFCore", "Quiver.EntityFrameworkCore", "Quiver.EntityFrameworkCore.csproj")}" />
                    <PackageReference Include="Microsoft.EntityFrameworkCore.Design" Version="10.0.15" PrivateAssets="all" />
                  </ItemGroup>
                </Project>
                """);
            await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), Program);
            var environment = new Dictionary<string, string>
            {
                ["QUIVER_TEST_CONNECTION"] = server.ConnectionString("migrations"),
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
            };
            var tools = Path.Combine(work, "tools");
            var dotnetEf = Path.Combine(tools, "dotnet-ef");

            // The provider as this build made it: the sample builds against its output instead of rebuilding it.
            string[] build = ["build", "-c", Configuration, "-p:BuildProjectReferences=false"];
            await ChildBuilds.DotnetAsync(app, environment, StepTimeout, build);
            await ChildBuilds.DotnetAsync(work, environment, StepTimeout, "tool", "install", "dotnet-ef", "--version", "10.0.15", "--tool-path", tools);
            await ChildBuilds.RunAsync(dotnetEf, app, environment, StepTimeout, "migrations", "add", "Initial", "--no-build", "--configuration", Configuration);
            await ChildBuilds.DotnetAsync(app, environment, StepTimeout, build);
            await ChildBuilds.RunAsync(dotnetEf, app, environment, StepTimeout, "database", "update", "--no-build", "--configuration", Configuration);
            var ran = await ChildBuilds.DotnetAsync(app, environment, StepTimeout, "run", "--no-build", "-c", Configuration);
            await ChildBuilds.RunAsync(dotnetEf, app, environment, StepTimeout,
                "dbcontext", "scaffold", server.ConnectionString("migrations"), "Quiver.EntityFrameworkCore",
                "--output-dir", "Scaffolded", "--context", "ScaffoldedContext", "--namespace", "Scaffolded", "--no-build", "--configuration", Configuration);

            var migration = await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(app, "Migrations"), "*_Initial.cs").Single());
            Assert.Contains(".Annotation(\"Quiver:IdentitySequence\", \"Notes_Id_seq\")", migration);
            Assert.Contains("notes=1 tags=1", ran);
            await using (var connection = new QuiverConnection(server.ConnectionString("migrations")))
            {
                await connection.OpenAsync();
                await using var history = new QuiverCommand("SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"", connection);
                Assert.EndsWith("_Initial", (string)(await history.ExecuteScalarAsync())!);
            }

            var scaffolded = Path.Combine(app, "Scaffolded");
            var note = await File.ReadAllTextAsync(Path.Combine(scaffolded, "Note.cs"));
            var context = await File.ReadAllTextAsync(Path.Combine(scaffolded, "ScaffoldedContext.cs"));
            Assert.Contains("public string Text { get; set; }", note);
            Assert.Contains("public int[] Stars { get; set; }", note);
            Assert.Contains("type: \"INTEGER[]\"", migration);
            Assert.Contains("public virtual ICollection<Tag> Tags", note);
            Assert.Contains("UseQuiver(", context);
            Assert.Contains("HasDefaultValueSql(\"nextval('\\\"Notes_Id_seq\\\"')\")", context);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
