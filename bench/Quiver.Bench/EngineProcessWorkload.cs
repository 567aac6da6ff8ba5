using System.Diagnostics;
using Quiver.Bench.Peers;
using Quiver.Data;
using Quiver.GrpcPeers;

namespace Quiver.Bench;

/// <summary>
/// Issue 24's measurements of process isolation, in one server with a tenant of each kind: the W1 scan and W2's
/// <c>SELECT 1</c> through a tenant whose DuckDB runs in the server (isolation "tenant") and through one whose DuckDB
/// runs in an engine process (isolation "process"), the extra hop being the server relaying over a Unix socket; and the
/// first session of a process tenant with its engine process already started (min_workers 1) and with none.
/// </summary>
internal sealed class EngineProcessWorkload(bool quick, long rows, int runs)
{
    public const string Name = "engine-process";
    private const string Tokens = """
        {"tokens": [
          {"token": "bench-in-process-0123456789", "principal": "inside", "tenant": "inside"},
          {"token": "bench-own-process-012345678", "principal": "own", "tenant": "own"},
          {"token": "bench-warm-process-01234567", "principal": "warm", "tenant": "warm"},
          {"token": "bench-cold-process-01234567", "principal": "cold", "tenant": "cold"}
        ],
         "tenants": {
           "own": {"isolation": "process", "min_workers": 1},
           "warm": {"isolation": "process", "min_workers": 1},
           "cold": {"isolation": "process"}
         }}
        """;

    private const string InsideLabel = "tenant isolation (DuckDB in the server)";
    private const string OwnLabel = "process isolation (DuckDB in an engine process)";

    private int Calls => quick ? 2_000 : 20_000;

    /// <summary>The scans (per row) and the small calls and session opens (per call), as two lists.</summary>
    public (IReadOnlyList<Measurement> Scans, IReadOnlyList<Measurement> Calls) Run()
    {
        var tokens = Path.GetTempFileName();
        File.WriteAllText(tokens, Tokens);
        try
        {
            var (scans, calls) = Through(tokens);
            return (scans, [.. calls, .. SessionOpens(tokens)]);
        }
        finally
        {
            File.Delete(tokens);
        }
    }

    private (List<Measurement> Scans, List<Measurement> Calls) Through(string tokens)
    {
        var (server, address) = Start(tokens, "own");
        try
        {
            using var inside = Open(address, "bench-in-process-0123456789");
            using var own = Open(address, "bench-own-process-012345678");
            foreach (var connection in new[] { inside, own })
            {
                using var create = new QuiverCommand(WideScan.Create(rows), connection) { CommandTimeout = 0 };
                create.ExecuteNonQuery();
            }

            if (Scan(inside) != Scan(own))
            {
                throw new InvalidOperationException("The two tenants read different totals.");
            }

            var scanInside = $"W1 reader scan, {InsideLabel}";
            var selectInside = $"SELECT 1, {InsideLabel}";
            return (
                [
                    Measurement.Take(scanInside, runs, () => Scan(inside).Rows, allThreads: true),
                    Measurement.Take($"W1 reader scan, {OwnLabel}", runs, () => Scan(own).Rows, allThreads: true) with { ComparedTo = scanInside },
                ],
                [
                    Latencies.Sequential(selectInside, runs, Calls, _ => RoundTripWorkload.SelectOne(inside)),
                    Latencies.Sequential($"SELECT 1, {OwnLabel}", runs, Calls, _ => RoundTripWorkload.SelectOne(own)) with { ComparedTo = selectInside },
                ]);
        }
        finally
        {
            QuiverConnection.ClearAllPools();
            ChildProcesses.KillAndDisposeAsync(server).GetAwaiter().GetResult();
        }
    }

    // Each run a fresh server: the first session of a tenant whose engine process was started ahead, and of one whose
    // engine process starts with that session.
    private IEnumerable<Measurement> SessionOpens(string tokens)
    {
        var warm = new List<double>();
        var cold = new List<double>();
        for (var run = 0; run <= runs; run++)
        {
            var (server, address) = Start(tokens, "warm");
            try
            {
                // The server's own first call (its code compiled, the client's connection made) is not the engine's cost.
                using (var inside = Open(address, "bench-in-process-0123456789"))
                {
                    RoundTripWorkload.SelectOne(inside);
                }

                var warmOpen = TimeOpen(address, "bench-warm-process-01234567");
                var coldOpen = TimeOpen(address, "bench-cold-process-01234567");
                // The first run warms the harness's own code up, as Measurement.Take's warm-up does.
                if (run > 0)
                {
                    warm.Add(warmOpen);
                    cold.Add(coldOpen);
                }
            }
            finally
            {
                QuiverConnection.ClearAllPools();
                ChildProcesses.KillAndDisposeAsync(server).GetAwaiter().GetResult();
            }
        }

        var warmName = "first session of a tenant, engine process started ahead (min_workers 1)";
        return
        [
            new Measurement(warmName, warm, 1, 0) { Latencies = warm, ComparedTo = warmName },
            new Measurement("first session of a tenant, engine process started by it", cold, 1, 0) { Latencies = cold, ComparedTo = warmName },
        ];
    }

    private static double TimeOpen(Uri address, string token)
    {
        var start = Stopwatch.GetTimestamp();
        using var connection = Open(address, token);
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static QuiverConnection Open(Uri address, string token)
    {
        var connection = new QuiverConnection($"Host={address.Host};Port={address.Port};Token={token};Pooling=false;Command Timeout=0");
        connection.Open();
        return connection;
    }

    private static ScanTotals Scan(QuiverConnection connection)
    {
        using var command = new QuiverCommand(WideScan.Query, connection) { CommandTimeout = 0 };
        using var reader = command.ExecuteReader();
        return WideScan.Read(reader);
    }

    // The server with the tokens file, once it listens and the engine process of tenant `started` runs.
    private static (Process Server, Uri Address) Start(string tokens, string started)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(Quiver.Server.ServerOptions).Assembly.Location, "--listen", "127.0.0.1:0", "--data", ":memory:", "--tokens-file", tokens })
        {
            start.ArgumentList.Add(arg);
        }

        const string ready = "Quiver server listening on ";
        var server = Process.Start(start)!;
        Uri? address = null;
        var engine = false;
        while ((address is null || !engine) && server.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith(ready, StringComparison.Ordinal))
            {
                address = new Uri(line[ready.Length..line.IndexOf(' ', ready.Length)]);
            }

            engine |= line.StartsWith($"Engine process of tenant '{started}' started", StringComparison.Ordinal);
        }

        if (address is null || !engine)
        {
            throw new InvalidOperationException($"The Quiver server did not start its engine process: {server.StandardError.ReadToEnd()}");
        }

        // Later lines (engine processes starting, their warnings) must not fill a pipe and block the server.
        _ = Task.Run(() => server.StandardOutput.ReadToEnd());
        _ = Task.Run(() => server.StandardError.ReadToEnd());
        return (server, address);
    }
}
