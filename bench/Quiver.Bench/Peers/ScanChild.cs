using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Npgsql;
using Quiver.DuckDb;

namespace Quiver.Bench.Peers;

/// <summary>What one peer's W1 scan measured in its own process.</summary>
internal sealed record ScanResult(
    Peer Peer,
    double[] Seconds,
    long AllocatedBytes,
    ScanTotals Totals,
    long ClientPeakResident,
    long ServerResidentBefore,
    long ServerPeakResident,
    double ClientCpuSeconds,
    double? ServerCpuSeconds)
{
    public Measurement ToMeasurement() => new(PeerTargets.Label(Peer), Seconds, Totals.Rows, AllocatedBytes)
    {
        Bytes = Totals.ValueBytes, ClientCpuSeconds = ClientCpuSeconds, ServerCpuSeconds = ServerCpuSeconds,
    };
}

/// <summary>
/// Runs each W1 scan in a fresh child process, so the client's peak resident memory is that scan's alone; the child
/// also watches the server process (the Quiver server, or the PostgreSQL backend serving its connection).
/// </summary>
internal static class ScanChild
{
    public const string Mode = "scan-child";
    private const string ResultPrefix = "SCAN-RESULT ";

    /// <summary>Parent side: runs one peer's scan of <paramref name="rows"/> rows in a child process.</summary>
    public static ScanResult Run(Peer peer, string target, long rows, int runs, int serverPid)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { typeof(ScanChild).Assembly.Location, Mode, peer.ToString(), target, rows.ToString(CultureInfo.InvariantCulture), runs.ToString(CultureInfo.InvariantCulture), serverPid.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start)!;
        ScanResult? result = null;
        while (child.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith(ResultPrefix, StringComparison.Ordinal))
            {
                result = JsonSerializer.Deserialize<ScanResult>(line[ResultPrefix.Length..]);
            }
        }

        child.WaitForExit();
        return child.ExitCode == 0 && result is not null
            ? result
            : throw new InvalidOperationException($"The {PeerTargets.Label(peer)} scan of {rows:N0} rows failed (exit code {child.ExitCode}).");
    }

    /// <summary>Child side: <c>scan-child peer target rows runs server-pid</c>.</summary>
    public static int RunChild(string[] args)
    {
        var peer = Enum.Parse<Peer>(args[1]);
        var target = args[2];
        var rows = long.Parse(args[3], CultureInfo.InvariantCulture);
        var runs = int.Parse(args[4], CultureInfo.InvariantCulture);
        var serverPid = int.Parse(args[5], CultureInfo.InvariantCulture);
        var query = PeerData.Scan(rows);

        Func<ScanTotals> scan;
        IDisposable session;
        if (peer == Peer.DuckDbInProcess)
        {
            var extensions = Directory.CreateTempSubdirectory("quiver-bench-extensions-");
            var database = DuckDbDatabase.Open(target, new DuckDbDatabaseOptions { ExtensionDirectory = extensions.FullName });
            var connection = database.Connect();
            scan = () => WideScan.Read(connection, query);
            session = new Disposables(connection, database, new Deletion(extensions));
        }
        else
        {
            // Pooling off, so that disposing the connection ends the server session before the process exits.
            var connection = PeerTargets.Create(peer, target + ";Pooling=false");
            connection.Open();
            if (connection is NpgsqlConnection postgres)
            {
                serverPid = postgres.ProcessID;
            }

            scan = () =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = query;
                command.CommandTimeout = 0;
                using var reader = command.ExecuteReader();
                return WideScan.Read(reader);
            };
            session = connection;
        }

        using (session)
        {
            var serverBefore = serverPid > 0 ? ProcessMemory.Resident(serverPid) : 0;
            if (serverPid > 0)
            {
                ProcessMemory.ResetPeak(serverPid);
            }

            ScanTotals? first = null;
            var measurement = Measurement.Take(PeerTargets.Label(peer), runs, () =>
            {
                var totals = scan();
                if (first is { } expected && totals != expected)
                {
                    throw new InvalidOperationException($"{PeerTargets.Label(peer)}: a run read {totals}, the warm-up read {expected}.");
                }

                first = totals;
                return totals.Rows;
            }, allThreads: true, serverPid);

            var serverPeak = serverPid > 0 ? ProcessMemory.PeakResident(serverPid) : 0;
            var result = new ScanResult(
                peer, [.. measurement.Seconds], measurement.AllocatedBytes, first!.Value,
                ProcessMemory.PeakResident(Environment.ProcessId), serverBefore, serverPeak, measurement.ClientCpuSeconds ?? 0, measurement.ServerCpuSeconds);
            Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(result));
        }

        return 0;
    }

    private sealed class Disposables(params IDisposable[] items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items)
            {
                item.Dispose();
            }
        }
    }

    private sealed class Deletion(DirectoryInfo folder) : IDisposable
    {
        public void Dispose() => folder.Delete(recursive: true);
    }
}
