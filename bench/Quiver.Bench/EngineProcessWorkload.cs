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
internal sealed partial class EngineProcessWorkload(bool quick, long rows, int runs)
{
    public const string Name = "engine-process";
    private const string Tokens = """
        {"tokens": [
          {"token": "bench-in-process-0123456789", "principal": "inside", "tenant": "inside"},
          {"token": "bench-own-process-012345678", "principal": "own", "tenant": "own"},
          {"token": "bench-warm-process-01234567", "principal": "warm", "tenant": "warm"},
          {"token": "bench-cold-process-01234567", "principal": "cold", "tenant": "cold"},
          {"token": "bench-victim-process-012345", "principal": "victim", "tenant": "victim"}
        ],
         "tenants": {
           "own": {"isolation": "process", "min_workers": 1},
           "victim": {"isolation": "process", "min_workers": 1},
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
        var (server, address, engines) = Start(tokens, "own");
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
            var selectOwn = $"SELECT 1, {OwnLabel}";
            // Another tenant's engine process is killed (kill -9) halfway through each run; it comes back by itself.
            var kills = 0;
            void KillVictimAt(int call)
            {
                if (call == Calls / 2 && engines.TryGetValue("victim", out var pid) && Kill(pid))
                {
                    kills++;
                }
            }

            // Server-side CPU: the server's process, and for the process tenant its engine process as well.
            int[] insideCpu = [server.Id];
            int[] ownCpu = [server.Id, engines["own"]];
            var measured = (
                new List<Measurement>
                {
                    Measurement.Take(scanInside, runs, () => Scan(inside).Rows, allThreads: true, insideCpu),
                    Measurement.Take($"W1 reader scan, {OwnLabel}", runs, () => Scan(own).Rows, allThreads: true, ownCpu) with { ComparedTo = scanInside },
                },
                new List<Measurement>
                {
                    Latencies.Sequential(selectInside, runs, Calls, _ => RoundTripWorkload.SelectOne(inside), insideCpu),
                    Latencies.Sequential(selectOwn, runs, Calls, _ => RoundTripWorkload.SelectOne(own), ownCpu) with { ComparedTo = selectInside },
                    Latencies.Sequential($"SELECT 1, {InsideLabel}, another tenant's engine process killed mid-run", runs, Calls, i =>
                    {
                        KillVictimAt(i);
                        RoundTripWorkload.SelectOne(inside);
                    }, insideCpu) with { ComparedTo = selectInside },
                    Latencies.Sequential($"SELECT 1, {OwnLabel}, another tenant's engine process killed mid-run", runs, Calls, i =>
                    {
                        KillVictimAt(i);
                        RoundTripWorkload.SelectOne(own);
                    }, ownCpu) with { ComparedTo = selectOwn },
                });
            // The engine comes back by itself between runs, after a wait that grows with crashes in a row.
            Console.WriteLine($"Killed the other tenant's engine process {kills} times in {2 * (runs + 1)} runs.");
            return measured;
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
            var (server, address, _) = Start(tokens, "warm");
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

    // The server with the tokens file, once it listens and the engine process of tenant `started` runs; with the
    // latest engine process id of each tenant, kept up to date from the server's output.
    private static (Process Server, Uri Address, System.Collections.Concurrent.ConcurrentDictionary<string, int> Engines) Start(string tokens, string started)
    {
        var engines = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        void Note(string line)
        {
            if (EngineStarted().Match(line) is { Success: true } match)
            {
                engines[match.Groups[1].Value] = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

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
            Note(line);
        }

        if (address is null || !engine)
        {
            throw new InvalidOperationException($"The Quiver server did not start its engine process: {server.StandardError.ReadToEnd()}");
        }

        // Later lines (engine processes starting, their warnings) must not fill a pipe and block the server.
        _ = Task.Run(() =>
        {
            while (server.StandardOutput.ReadLine() is { } line)
            {
                Note(line);
            }
        });
        _ = Task.Run(() => server.StandardError.ReadToEnd());
        return (server, address, engines);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"Engine process of tenant '([^']+)' started \(pid (\d+)\)")]
    private static partial System.Text.RegularExpressions.Regex EngineStarted();

    // Process.Kill sends SIGKILL, as kill -9 does; false when the process was gone already.
    private static bool Kill(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            return true;
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
