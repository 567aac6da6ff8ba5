using System.Diagnostics;
using System.Globalization;
using Quiver.Bench.Peers;
using Quiver.Data;
using Quiver.DuckDb;
using Quiver.GrpcPeers;

namespace Quiver.Bench;

/// <summary>
/// W6: the W1 scan through libquiver_adbc's stream, consumed by a C program (bench/adbc/adbc_scan.c, built here with
/// gcc -O2) that loads the driver as a driver manager does and touches every value, next to Quiver.Data's reader and
/// in-process DuckDB in the same run. The C program times its own runs (after a warm-up), so process start and driver
/// load are not counted; all three read the same totals first.
/// </summary>
internal sealed class AdbcScanWorkload(long rows, int runs)
{
    public const string Name = "adbc-scan";
    private const string InProcess = "in-process DuckDB, streaming, typed vectors";
    private const string Reader = "Quiver.Data reader, typed getters";
    private const string Query = WideScan.Query;

    public IReadOnlyList<Measurement> Run(DuckDbConnection local, string repoRoot)
    {
        var library = PublishDriver(repoRoot);
        var consumer = CompileConsumer(repoRoot);
        local.Execute(WideScan.Create(rows));
        var (server, address, token) = BenchServer.Start();
        try
        {
            using var connection = new QuiverConnection($"Host={address.Host};Port={address.Port};Token={token};Command Timeout=0");
            connection.Open();
            using (var create = new QuiverCommand(WideScan.Create(rows), connection))
            {
                create.ExecuteNonQuery();
            }

            var reader = Measurement.Take(Reader, runs, () => ScanReader(connection, out _), allThreads: true);
            ScanReader(connection, out var expected);
            var (seconds, totals) = RunConsumer(consumer, library, address, token);
            if (!ConsumerOutput.Same(totals, expected))
            {
                throw new InvalidOperationException($"The ADBC consumer read {totals}, Quiver.Data {expected}.");
            }

            return
            [
                Measurement.Take(InProcess, runs, () => WideScan.Read(local, Query).Rows),
                reader with { ComparedTo = InProcess },
                new Measurement("libquiver_adbc stream, C consumer touching every value", seconds, totals.Rows, 0) { ComparedTo = Reader },
            ];
        }
        finally
        {
            QuiverConnection.ClearAllPools();
            ChildProcesses.KillAndDisposeAsync(server).GetAwaiter().GetResult();
        }
    }

    private static long ScanReader(QuiverConnection connection, out ScanTotals totals)
    {
        using var command = new QuiverCommand(Query, connection);
        using var reader = command.ExecuteReader();
        totals = WideScan.Read(reader);
        return totals.Rows;
    }

    private (List<double> Seconds, ScanTotals Totals) RunConsumer(string consumer, string library, Uri address, string token)
    {
        var output = ExternalProgram.Run(consumer, library, $"quiver://{address.Host}:{address.Port}", token, Query, runs.ToString(CultureInfo.InvariantCulture));
        return ConsumerOutput.Parse(output, runs, "The ADBC consumer");
    }

    private static string PublishDriver(string repoRoot)
    {
        var output = Path.Combine(repoRoot, "artifacts", "adbc");
        ExternalProgram.Run("dotnet", "publish", Path.Combine(repoRoot, "Adbc", "Quiver.Adbc"), "-c", "Release", "-o", output);
        return Path.Combine(output, "libquiver_adbc.so");
    }

    private static string CompileConsumer(string repoRoot)
    {
        var program = Path.Combine(Directory.CreateTempSubdirectory("quiver-bench-adbc-").FullName, "adbc_scan");
        ExternalProgram.Run("gcc", "-std=c11", "-D_POSIX_C_SOURCE=200809L", "-O2", "-I", Path.Combine(repoRoot, "Adbc", "c"), "-o", program,
            Path.Combine(repoRoot, "bench", "adbc", "adbc_scan.c"), "-ldl");
        return program;
    }
}
