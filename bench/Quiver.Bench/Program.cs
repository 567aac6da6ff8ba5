using System.Globalization;
using Quiver.Bench;
using Quiver.Bench.Peers;
using Quiver.DuckDb;

// dotnet run -c Release --project bench/Quiver.Bench -- [duckdb-scan|arrow-decode|grpc|server-scan|ado-scan|flight-scan|adbc-scan|ingest|small-queries|engine-process] [--rows N] [--runs K] [--quick]
// bench/run [--quick] runs `peers --postgres <connection string>` after starting a throwaway PostgreSQL.
if (args is [GrpcHost.Mode])
{
    return await GrpcHost.RunAsync();
}

if (args is [ScanChild.Mode, ..])
{
    return ScanChild.RunChild(args);
}

var workload = DuckDbScanWorkload.Name;
long? rowsOption = null;
var quick = false;
var runs = 5;
string? postgres = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case DuckDbScanWorkload.Name or ArrowDecodeWorkload.Name or GrpcWorkload.Name or ServerScanWorkload.Name or AdoScanWorkload.Name or FlightScanWorkload.Name or AdbcScanWorkload.Name or OdbcScanWorkload.Name or IngestWorkload.Name or PeersWorkload.Name or SmallQueryWorkload.Name or EngineProcessWorkload.Name:
            workload = args[i];
            break;
        case "--quick":
            quick = true;
            runs = 3;
            break;
        case "--rows" when i + 1 < args.Length && long.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r > 0:
            rowsOption = r;
            i++;
            break;
        case "--postgres" when i + 1 < args.Length:
            postgres = args[++i];
            break;
        case "--runs" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k > 0:
            runs = k;
            i++;
            break;
        default:
            Console.Error.WriteLine(
                $"quiver-bench: unknown or malformed argument '{args[i]}'. Usage: [{DuckDbScanWorkload.Name}|{ArrowDecodeWorkload.Name}|{GrpcWorkload.Name}|{ServerScanWorkload.Name}|{AdoScanWorkload.Name}|{FlightScanWorkload.Name}|{AdbcScanWorkload.Name}|{OdbcScanWorkload.Name} [--postgres <connection string>]|{IngestWorkload.Name}|{SmallQueryWorkload.Name}|{PeersWorkload.Name} --postgres <connection string>] [--rows N] [--runs K] [--quick]");
            return 2;
    }
}

var repoRoot = FindRepoRoot();
var results = Path.Combine(repoRoot, "bench", "results");
if (workload == ArrowDecodeWorkload.Name)
{
    // About 1 GB of IPC stream by default (32 bytes per row).
    var decodeRows = rowsOption ?? (quick ? 3_000_000 : 32_000_000);
    var decodeReport = Report.Write(
        ArrowDecodeWorkload.Name,
        "Quiver.Arrow decoding an in-memory IPC stream of (int64, float64, utf8 of 12 bytes) in 65,536-row batches, next to a plain memory copy of the same bytes.",
        new ArrowDecodeWorkload(decodeRows, runs).Run(),
        results);
    Console.WriteLine($"\nReport written to {Path.GetRelativePath(repoRoot, decodeReport)}");
    return 0;
}

if (workload == GrpcWorkload.Name)
{
    var grpcReport = Report.Write(
        GrpcWorkload.Name,
        "gRPC over cleartext HTTP/2 on loopback. Quiver's client calls Quiver's server layer (Kestrel, in a child process) and, as the peer, a grpc-js 1.14.7 server (Node.js), with the same calls; ratios are Quiver server / grpc-js server. A unary call counts as one message.",
        new GrpcWorkload(quick, runs).Run(),
        results,
        unit: "message");
    Console.WriteLine($"\nReport written to {Path.GetRelativePath(repoRoot, grpcReport)}");
    return 0;
}

if (workload == PeersWorkload.Name)
{
    if (postgres is null)
    {
        Console.Error.WriteLine("quiver-bench: the peers workload needs --postgres <Npgsql connection string>; bench/run starts a throwaway PostgreSQL and passes it.");
        return 2;
    }

    try
    {
        var peersReport = PeersReport.Write(new PeersWorkload(postgres, quick, runs).Run(), results);
        Console.WriteLine($"\nReport written to {Path.GetRelativePath(repoRoot, peersReport)}");
        return 0;
    }
    catch (Exception error) when (error is System.Data.Common.DbException or InvalidOperationException or IOException)
    {
        // A peer that cannot be reached or that read other values stops the run; no partial report is written.
        Console.Error.WriteLine($"quiver-bench: the peers run stopped, no report written: {error.Message}");
        Console.Error.WriteLine(error);
        return 1;
    }
}

var rows = rowsOption ?? (quick ? 1_000_000 : 10_000_000);
if (workload == OdbcScanWorkload.Name)
{
    var odbcReport = Report.Write(
        OdbcScanWorkload.Name,
        $"W8: the W1 scan (BIGINT, DOUBLE, VARCHAR of 12 chars, TIMESTAMP, DECIMAL(18,2), BOOLEAN) through ODBC and unixODBC's driver manager: a C program (gcc -O2) with a {OdbcScanWorkload.Rowset}-row block cursor and bound columns (SQL_C_SBIGINT, SQL_C_DOUBLE, SQL_C_CHAR, SQL_C_TYPE_TIMESTAMP, SQL_C_NUMERIC(18,2), SQL_C_BIT) touching every value, and pyodbc fetchmany(10000) on at most 1,000,000 rows; libquiverodbc (NativeAOT, Release) against the real server (child process, in-memory DuckDB, loopback) and Debian's psqlODBC 13.02 (default settings, but BoolsAsChar=0 so that BOOLEAN is SQL_BIT as in libquiverodbc) against PostgreSQL 15 with the same data (when bench/run passes --postgres); next to Quiver.Data's reader. The consumers time their own runs after a warm-up; all read the same totals first.",
        new OdbcScanWorkload(rows, runs, postgres).Run(repoRoot),
        results);
    Console.WriteLine($"\nReport written to {Path.GetRelativePath(repoRoot, odbcReport)}");
    return 0;
}

if (workload == EngineProcessWorkload.Name)
{
    var (scans, calls) = new EngineProcessWorkload(quick, rows, runs).Run();
    var scanReport = Report.Write(
        EngineProcessWorkload.Name + "-scan",
        "Process isolation's cost on W1: the W1 scan (BIGINT, DOUBLE, VARCHAR of 12 chars, TIMESTAMP, DECIMAL(18,2), BOOLEAN) read with Quiver.Data typed getters from one real server (child process, in-memory DuckDB, loopback), through a tenant whose DuckDB runs in the server and through a tenant whose DuckDB runs in an engine process the server relays to over a Unix socket; ratio = process / in-server by rows/s. Server CPU: the server process, plus the engine process for the process tenant (user + system, median run).",
        scans,
        results);
    var callReport = Report.Write(
        EngineProcessWorkload.Name + "-calls",
        "Process isolation's cost on W2 and on opening a session: `SELECT 1` one call at a time through Quiver.Data to a tenant whose DuckDB runs in the server and to one whose DuckDB runs in an engine process (same server); then, on a fresh server per run, the first session of a tenant whose engine process was started ahead (min_workers 1) and of one whose engine process the session starts (a call here is one session open). Server CPU for `SELECT 1`: the server process, plus the engine process for the process tenant.",
        calls,
        results,
        unit: "call");
    Console.WriteLine($"\nReports written to {Path.GetRelativePath(repoRoot, scanReport)} and {Path.GetRelativePath(repoRoot, callReport)}");
    return 0;
}

if (workload == FlightScanWorkload.Name)
{
    var flightReport = Report.Write(
        FlightScanWorkload.Name,
        "W7: the W1 scan (BIGINT, DOUBLE, VARCHAR of 12 chars, TIMESTAMP, DECIMAL(18,2), BOOLEAN) from one real server (child process, in-memory DuckDB, loopback), through quiver.v1 (Quiver.Data ExecuteArrowStreamAsync) and through Flight SQL (Apache.Arrow.Flight FlightClient: GetFlightInfo, then DoGet); both read every value from the Apache.Arrow batches with the same code after checking they read the same totals; ratio = Flight SQL / quiver.v1.",
        new FlightScanWorkload(rows, runs).Run(),
        results);
    Console.WriteLine($"\nReport written to {Path.GetRelativePath(repoRoot, flightReport)}");
    return 0;
}

var scratch = Directory.CreateTempSubdirectory("quiver-bench-");
try
{
    using var database = DuckDbDatabase.Open(
        DuckDbDatabase.InMemory, new DuckDbDatabaseOptions { ExtensionDirectory = Path.Combine(scratch.FullName, "extensions") });
    using var connection = database.Connect();
    var path = workload == SmallQueryWorkload.Name
        ? Report.Write(
            SmallQueryWorkload.Name,
            "W2's small queries on Quiver alone: `SELECT 1` and a one-row lookup by key (unique index, 1M rows) in-process through Quiver's DuckDB bindings, prepared per call and prepared once (and the lookup with its key written in the SQL text, prepared once: DuckDB re-plans a prepared statement that reads a table and takes a parameter at every execution), then through Quiver.Data against the real server (child process, in-memory DuckDB, loopback gRPC), one call at a time on one connection and from 64 connections. CPU is each process's user + system time per query (the server's from /proc).",
            new SmallQueryWorkload(quick, runs).Run(connection),
            results,
            unit: "query")
        : workload == IngestWorkload.Name
        ? Report.Write(
            IngestWorkload.Name,
            "Loading (BIGINT, DOUBLE, VARCHAR of 12 chars) rows into a table of the real server (child process, in-memory DuckDB, loopback): quiver.v1 Ingest with Arrow IPC streams of 16,384 rows appended by DuckDB's appender on the server (ratio to in-process DuckDB's appender through Quiver's bindings), and a prepared INSERT bound with Arrow parameter batches that the server runs once per row, on at most 200,000 rows (ratio to Ingest, by rows/s). Rows are built before timing; each run replaces the table.",
            new IngestWorkload(rows, runs).Run(connection),
            results)
        : workload == AdbcScanWorkload.Name
        ? Report.Write(
            AdbcScanWorkload.Name,
            "W6: the W1 scan (BIGINT, DOUBLE, VARCHAR of 12 chars, TIMESTAMP, DECIMAL(18,2), BOOLEAN) from the real server (child process, in-memory DuckDB, loopback) through libquiver_adbc (NativeAOT, published Release) consumed by a C program (gcc -O2) that loads it through AdbcDriverInit and touches every value of every Arrow batch, timing its own runs after a warm-up; next to Quiver.Data's reader with typed getters (ratio = ADBC / reader) and in-process DuckDB with typed vectors (ratio = reader / in-process). All read the same totals first.",
            new AdbcScanWorkload(rows, runs).Run(connection, repoRoot),
            results)
        : workload == AdoScanWorkload.Name
        ? Report.Write(
            AdoScanWorkload.Name,
            "Quiver.Data against the real server (child process, in-memory DuckDB, loopback gRPC): `SELECT id, amount, name, created, price, flag` over (BIGINT, DOUBLE, VARCHAR of 12 chars, TIMESTAMP, DECIMAL(18,2), BOOLEAN) read with DbDataReader typed getters (GetString for the text), next to in-process DuckDB reading the same result with typed vectors and a .NET string per text value; ratio = Quiver.Data / in-process. The same scan through ExecuteArrowStreamAsync, every value read from the Apache.Arrow spans (ratio = Arrow stream / reader). Then Dapper `Query<Row>` of 100,000 of those rows into a record.",
            new AdoScanWorkload(rows, runs).Run(connection),
            results)
        : workload == ServerScanWorkload.Name
        ? Report.Write(
            ServerScanWorkload.Name,
            "`SELECT id, amount, name` over (BIGINT, DOUBLE, VARCHAR of 12 chars), every value touched: through the Quiver server (child process, in-memory DuckDB, loopback gRPC, Arrow batches of the default 1 MiB decoded by Quiver.Arrow) and through in-process DuckDB; ratio = Quiver server / in-process.",
            new ServerScanWorkload(rows, runs).Run(connection),
            results)
        : Report.Write(
            DuckDbScanWorkload.Name,
            "In-process DuckDB through Quiver's bindings: `SELECT id, amount, name` over (BIGINT, DOUBLE, VARCHAR of 12 chars), every value touched.",
            new DuckDbScanWorkload(rows, runs).Run(connection),
            results);
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
