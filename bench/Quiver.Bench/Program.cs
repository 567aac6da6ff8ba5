using System.Globalization;
using Quiver.Bench;
using Quiver.DuckDb;

// dotnet run -c Release --project bench/Quiver.Bench -- [duckdb-scan] [--rows N] [--runs K] [--quick]
var rows = 10_000_000L;
var runs = 5;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case DuckDbScanWorkload.Name:
            break;
        case "--quick":
            rows = 1_000_000;
            runs = 3;
            break;
        case "--rows" when i + 1 < args.Length && long.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0:
            rows = r;
            i++;
            break;
        case "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k > 0:
            runs = k;
            i++;
            break;
        default:
            Console.Error.WriteLine($"quiver-bench: unknown or malformed argument '{args[i]}'. Usage: [{DuckDbScanWorkload.Name}] [--rows N] [--runs K] [--quick]");
            return 2;
    }
}

var repoRoot = FindRepoRoot();
var scratch = Directory.CreateTempSubdirectory("quiver-bench-");
try
{
    using var database = DuckDbDatabase.Open(
        DuckDbDatabase.InMemory, new DuckDbDatabaseOptions { ExtensionDirectory = Path.Combine(scratch.FullName, "extensions") });
    using var connection = database.Connect();
    var measurements = new DuckDbScanWorkload(rows, runs).Run(connection);
    var path = Report.Write(
        DuckDbScanWorkload.Name,
        "In-process DuckDB through Quiver's bindings: `SELECT id, amount, name` over (BIGINT, DOUBLE, VARCHAR of 12 chars), every value touched.",
        measurements,
        Path.Combine(repoRoot, "bench", "results"));
    Console.WriteLine($"\nReport written to {Path.GetRelativePath(repoRoot, path)}");
    return 0;
}
finally
{
    scratch.Delete(recursive: true);
}

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Provider.sln")))
        {
            return dir.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
