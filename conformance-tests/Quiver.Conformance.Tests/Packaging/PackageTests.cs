using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Quiver.Conformance.Tests.Ado;

namespace Quiver.Conformance.Tests.Packaging;

/// <summary>
/// The packages as a user gets them: packed from the repository, installed from a local folder feed into a fresh console
/// app outside the repository (no Directory.Build.props, no project references), which runs a Dapper query against the
/// real server; and the shell installed as a .NET tool from the same feed.
/// </summary>
public sealed partial class PackageTests(AdoServer fixture) : IClassFixture<AdoServer>
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(10);

    private static string Metadata(string key) => typeof(PackageTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private const string Program = """
        using Dapper;
        using Quiver.Data;

        await using var dataSource = QuiverDataSource.Create(Environment.GetEnvironmentVariable("QUIVER_TEST_CONNECTION")!);
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<Row>("SELECT range AS Id, 'n' || range AS Name FROM range(@count) WHERE range IN @ids ORDER BY 1", new { count = 10, ids = new[] { 3, 5 } });
        foreach (var row in rows)
        {
            Console.WriteLine($"{row.Id}:{row.Name}");
        }

        Console.WriteLine("loaded " + typeof(QuiverConnection).Assembly.Location);

        public sealed record Row(long Id, string Name);
        """;

    [Fact]
    public async Task Packed_Quiver_Data_installs_from_a_local_feed_into_a_fresh_app_that_runs_a_Dapper_query_and_the_shell_installs_as_a_tool()
    {
        var work = Directory.CreateTempSubdirectory("quiver-packages-").FullName;
        try
        {
            var root = Metadata("QuiverRepoRoot");
            var version = Metadata("QuiverVersion");
            var feed = Path.Combine(work, "feed");
            var environment = new Dictionary<string, string>
            {
                // A cache of its own: a package of the same version restored earlier must not stand in for this build's.
                ["NUGET_PACKAGES"] = Path.Combine(work, "nuget-cache"),
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_NOLOGO"] = "1",
                ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            };

            // The same build the README's pack command makes, written to this test's own feed; restore was done by the build.
            foreach (var project in new[] { "Quiver.Arrow", "Quiver.Protocol", "Quiver.Data", "Quiver.Cli" })
            {
                await DotnetAsync(root, environment, "pack", Path.Combine(root, "Provider", project, project + ".csproj"), "-c", "Release", "--no-restore", "-o", feed);
            }

            Assert.True(File.Exists(Path.Combine(feed, $"Quiver.Data.{version}.nupkg")), "Quiver.Data was not packed with the version.json version " + version);
            Assert.True(File.Exists(Path.Combine(feed, $"Quiver.Data.{version}.snupkg")), "no symbols package");
            byte[] packedAssembly;
            using (var package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(feed, $"Quiver.Data.{version}.nupkg")))
            {
                var entries = package.Entries.Select(e => e.FullName).ToList();
                Assert.Contains("README.md", entries);
                Assert.Contains("lib/net10.0/Quiver.Data.xml", entries);
                await using var dll = package.GetEntry("lib/net10.0/Quiver.Data.dll")!.Open();
                packedAssembly = await System.Security.Cryptography.SHA256.HashDataAsync(dll);
            }

            var app = Directory.CreateDirectory(Path.Combine(work, "app")).FullName;
            await File.WriteAllTextAsync(Path.Combine(app, "NuGet.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="quiver-local" value="{feed}" />
                  </packageSources>
                  <fallbackPackageFolders>
                    <add key="machine" value="{Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages")}" />
                  </fallbackPackageFolders>
                </configuration>
                """);
            await File.WriteAllTextAsync(Path.Combine(app, "app.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Quiver.Data" Version="{version}" />
                    <PackageReference Include="Dapper" Version="2.1.86" />
                  </ItemGroup>
                </Project>
                """);
            await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), Program);

            var run = new Dictionary<string, string>(environment) { ["QUIVER_TEST_CONNECTION"] = fixture.ConnectionString };
            var output = await DotnetAsync(app, run, "run", "--project", Path.Combine(app, "app.csproj"));
            var lines = output.Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(["3:n3", "5:n5"], lines.Take(2));
            // The app ran this build's package, not one of the same version cached from an earlier build.
            Assert.StartsWith("loaded ", lines[2], StringComparison.Ordinal);
            Assert.Equal(packedAssembly, System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(lines[2]["loaded ".Length..])));

            var tools = Path.Combine(work, "tools");
            await DotnetAsync(work, environment, "tool", "install", "--tool-path", tools, "--add-source", feed, "quiver", "--version", version);
            var shell = await RunAsync(Path.Combine(tools, "quiver"), work, environment, "-C", fixture.ConnectionString, "--format", "csv", "-c", "SELECT 42 AS answer");
            Assert.Equal("answer\n42\n", shell.Replace("\r", "", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static Task<string> DotnetAsync(string directory, Dictionary<string, string> environment, params string[] args)
        => ChildBuilds.DotnetAsync(directory, environment, StepTimeout, args);

    private static Task<string> RunAsync(string program, string directory, Dictionary<string, string> environment, params string[] args)
        => ChildBuilds.RunAsync(program, directory, environment, StepTimeout, args);
}
