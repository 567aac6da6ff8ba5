using System.Globalization;
using Npgsql;
using Quiver.Bench.Peers;
using Quiver.Data;
using Quiver.GrpcPeers;

namespace Quiver.Bench;

/// <summary>
/// W8: the W1 scan through ODBC, as BI tools read it: a C program (bench/odbc/odbc_scan.c, gcc -O2) through unixODBC's
/// driver manager with a block cursor of 1,000 rows and bound columns, and pyodbc's fetchmany
/// (bench/odbc/pyodbc_scan.py); through libquiverodbc against the real server and, with a PostgreSQL connection string,
/// through Debian's psqlODBC against PostgreSQL with the same data; next to Quiver.Data's reader. The consumers time
/// their own runs after a warm-up; every path first reads the same totals.
/// </summary>
internal sealed class OdbcScanWorkload(long rows, int runs, string? postgres)
{
    public const string Name = "odbc-scan";
    public const int Rowset = 1000;

    /// <summary>pyodbc makes a Python object per value; a million rows keeps its runs under a minute.</summary>
    private const long PythonRows = 1_000_000;

    private const string Reader = "Quiver.Data reader, typed getters";
    private const string QuiverC = "libquiverodbc, C consumer, 1,000-row block cursor";
    private const string PostgresC = "psqlODBC -> PostgreSQL, C consumer, 1,000-row block cursor";
    private const string QuiverPython = "libquiverodbc, pyodbc fetchmany";
    private const string PostgresPython = "psqlODBC -> PostgreSQL, pyodbc fetchmany";
    private const string PsqlOdbc = "/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so";

    public IReadOnlyList<Measurement> Run(string repoRoot)
    {
        CheckPrerequisites();
        var library = PublishDriver(repoRoot);
        var consumer = CompileConsumer(repoRoot);
        var python = Path.Combine(repoRoot, "bench", "odbc", "pyodbc_scan.py");
        var pythonRows = Math.Min(rows, PythonRows);
        var (server, address, token) = BenchServer.Start();
        try
        {
            using var connection = new QuiverConnection($"Host={address.Host};Port={address.Port};Token={token};Command Timeout=0");
            connection.Open();
            PeerData.Load(connection, Peer.Quiver, rows);
            if (pythonRows != rows)
            {
                PeerData.Load(connection, Peer.Quiver, pythonRows);
            }

            var reader = Measurement.Take(Reader, runs, () => ScanReader(connection, out _), allThreads: true);
            ScanReader(connection, out var expected);
            var odbc = $"Driver={library};Host={address.Host};Port={address.Port};Token={token};Command Timeout=0";
            var (quiverC, _) = Consumer(QuiverC, consumer, [odbc, PeerData.Scan(rows), Count(runs), Count(Rowset)], expected);
            var (quiverPython, pythonTotals) = Consumer(QuiverPython, "/usr/bin/python3", [python, odbc, PeerData.Scan(pythonRows), Count(runs)], null);
            var measurements = new List<Measurement> { reader, quiverC with { ComparedTo = Reader } };
            if (postgres is not null)
            {
                var postgresOdbc = LoadPostgres(pythonRows);
                measurements.Add(Consumer(PostgresC, consumer, [postgresOdbc, PeerData.Scan(rows), Count(runs), Count(Rowset)], expected).Measurement with { ComparedTo = QuiverC });
                measurements.Add(quiverPython);
                measurements.Add(Consumer(PostgresPython, "/usr/bin/python3", [python, postgresOdbc, PeerData.Scan(pythonRows), Count(runs)], pythonTotals).Measurement with { ComparedTo = QuiverPython });
            }
            else
            {
                Console.Error.WriteLine("quiver-bench: no --postgres connection string, so psqlODBC is not measured (bench/run passes one).");
                measurements.Add(quiverPython);
            }

            return measurements;
        }
        finally
        {
            QuiverConnection.ClearAllPools();
            ChildProcesses.KillAndDisposeAsync(server).GetAwaiter().GetResult();
        }
    }

    private static string Count(long value) => value.ToString(CultureInfo.InvariantCulture);

    private void CheckPrerequisites()
    {
        var missing = new List<string>();
        if (!File.Exists("/usr/include/sqlext.h"))
        {
            missing.Add("unixodbc-dev");
        }

        if (!Directory.Exists("/usr/lib/python3/dist-packages") || !Directory.EnumerateFileSystemEntries("/usr/lib/python3/dist-packages", "pyodbc*").Any())
        {
            missing.Add("python3-pyodbc");
        }

        if (postgres is not null && !File.Exists(PsqlOdbc))
        {
            missing.Add("odbc-postgresql");
        }

        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"W8 needs Debian's {string.Join(", ", missing)} (bench/run installs them): apt-get install {string.Join(' ', missing)}");
        }
    }

    /// <summary>The same tables in the throwaway PostgreSQL; returns psqlODBC's connection string for it.</summary>
    private string LoadPostgres(long pythonRows)
    {
        using var connection = new NpgsqlConnection(postgres);
        connection.Open();
        foreach (var size in new[] { rows, pythonRows }.Distinct())
        {
            using (var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS wide_{size}", connection))
            {
                drop.ExecuteNonQuery();
            }

            PeerData.Load(connection, Peer.Npgsql, size);
        }

        var builder = new NpgsqlConnectionStringBuilder(postgres);
        return $"Driver={PsqlOdbc};Server={builder.Host};Port={builder.Port};Database={builder.Database};Uid={builder.Username};Pwd={builder.Password};BoolsAsChar=0";
    }

    private long ScanReader(QuiverConnection connection, out ScanTotals totals)
    {
        using var command = new QuiverCommand(PeerData.Scan(rows), connection);
        using var reader = command.ExecuteReader();
        totals = WideScan.Read(reader);
        return totals.Rows;
    }

    /// <summary>Runs a consumer; its totals must equal <paramref name="expected"/> (text, prices, amounts and rows) when given.</summary>
    private (Measurement Measurement, ScanTotals Totals) Consumer(string name, string program, string[] args, ScanTotals? expected)
    {
        var (seconds, read) = ConsumerOutput.Parse(ExternalProgram.Run(program, args), runs, name);
        if (expected is { } e && !ConsumerOutput.Same(read, e))
        {
            throw new InvalidOperationException($"{name} read {read}, Quiver.Data {e}.");
        }

        return (new Measurement(name, seconds, read.Rows, 0), read);
    }

    private static string PublishDriver(string repoRoot)
    {
        var output = Path.Combine(repoRoot, "artifacts", "odbc", "bench");
        ExternalProgram.Run("dotnet", "publish", Path.Combine(repoRoot, "Provider", "Quiver.Odbc"), "-c", "Release", "-o", output);
        return Path.Combine(output, "libquiverodbc.so");
    }

    private static string CompileConsumer(string repoRoot)
    {
        var program = Path.Combine(Directory.CreateTempSubdirectory("quiver-bench-odbc-").FullName, "odbc_scan");
        ExternalProgram.Run("gcc", "-std=c11", "-D_POSIX_C_SOURCE=200809L", "-O2", "-o", program, Path.Combine(repoRoot, "bench", "odbc", "odbc_scan.c"), "-lodbc");
        return program;
    }
}
