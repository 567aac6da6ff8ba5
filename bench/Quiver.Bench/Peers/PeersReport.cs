using System.Globalization;
using System.Text;

namespace Quiver.Bench.Peers;

/// <summary>The peer comparison as markdown: facts, the targets with what was measured against them, then each workload.</summary>
internal static class PeersReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Write(PeerResults results, string folder)
    {
        var text = new StringBuilder();
        text.AppendLine("# Quiver against its peers");
        text.AppendLine();
        text.AppendLine("Written by `bench/run`; what each workload does and how to read this: bench/README.md. Medians over the runs; ratios are between peers measured in this same run.");
        text.AppendLine();
        foreach (var fact in results.Facts)
        {
            text.AppendLine(C, $"- {fact}");
        }

        text.AppendLine(C, $"- runs per variant: {results.Scans[0][0].Seconds.Length} after one warm-up");
        text.AppendLine();
        Targets(text, results);
        Scans(text, results);
        RoundTrips(text, results);
        Sessions(text, results);
        Materialise(text, results);
        EfCore(text, results);
        return Report.Save(folder, PeersWorkload.Name, text.ToString());
    }

    private static void Targets(StringBuilder text, PeerResults r)
    {
        var largest = r.Scans[^1];
        var quiver = Find(largest, Peer.Quiver);
        var npgsql = Find(largest, Peer.Npgsql);
        var ceiling = Find(largest, Peer.DuckDbInProcess);
        var smallestQuiver = Find(r.Scans[0], Peer.Quiver);
        var rows = $"{r.ScanSizes[^1]:N0}";
        const string None = "";
        var cpu = $"CPU s per M rows: client {PerMillion(quiver.ClientCpuSeconds, quiver)}, server {PerMillion(quiver.ServerCpuSeconds, quiver)}; in-process DuckDB {PerMillion(ceiling.ClientCpuSeconds, ceiling)}";
        var lines = new List<(string Target, string Measured, string Engine, bool Met)>
        {
            ($"W1 scan of {rows} rows: Quiver >= 3x Npgsql rows/s", Ratio(Rows(quiver) / Rows(npgsql)), Ratio(Rows(ceiling) / Rows(npgsql)), Rows(quiver) >= 3 * Rows(npgsql)),
            ($"W1 scan of {rows} rows: Quiver >= 0.5x in-process DuckDB rows/s", Ratio(Rows(quiver) / Rows(ceiling)), cpu, Rows(quiver) >= 0.5 * Rows(ceiling)),
            ($"W1 memory flat: Quiver client peak RSS at {rows} rows <= 1.25x that at {r.ScanSizes[0]:N0}",
                $"{Mb(quiver.ClientPeakResident)} vs {Mb(smallestQuiver.ClientPeakResident)} MB ({Ratio((double)quiver.ClientPeakResident / smallestQuiver.ClientPeakResident)})",
                None, quiver.ClientPeakResident <= 1.25 * smallestQuiver.ClientPeakResident),
            ($"W1 memory flat: Quiver server peak RSS at {rows} rows <= 1.25x that at {r.ScanSizes[0]:N0}",
                $"{Mb(quiver.ServerPeakResident)} vs {Mb(smallestQuiver.ServerPeakResident)} MB ({Ratio((double)quiver.ServerPeakResident / smallestQuiver.ServerPeakResident)})",
                None, quiver.ServerPeakResident <= 1.25 * smallestQuiver.ServerPeakResident),
        };
        foreach (var variant in new[] { "SELECT 1", "lookup by key" })
        {
            var q = RoundTrip(r, variant, Peer.Quiver).LatencyPercentile(50);
            var n = RoundTrip(r, variant, Peer.Npgsql).LatencyPercentile(50);
            var e = RoundTrip(r, variant, Peer.DuckDbInProcess).LatencyPercentile(50);
            lines.Add(($"W2 {variant}: Quiver p50 <= 2x Npgsql p50", $"{Micros(q)} vs {Micros(n)} µs ({Ratio(q / n)})", $"{Micros(e)} µs ({Ratio(e / n)})", q <= 2 * n));
        }

        var concurrent = $"lookup by key, {RoundTripWorkload.Clients} connections";
        var qQps = RoundTrip(r, concurrent, Peer.Quiver).RowsPerSecond;
        var nQps = RoundTrip(r, concurrent, Peer.Npgsql).RowsPerSecond;
        var eQps = RoundTrip(r, concurrent, Peer.DuckDbInProcess).RowsPerSecond;
        lines.Add(($"W2 {RoundTripWorkload.Clients} connections: Quiver queries/s >= Npgsql", $"{qQps:N0} vs {nQps:N0} ({Ratio(qQps / nQps)})", $"{eQps:N0} ({Ratio(eQps / nQps)})", qQps >= nQps));
        var open = r.Opens.Single(m => m.Name == PeerTargets.Label(Peer.Quiver)).LatencyPercentile(50);
        lines.Add(("W3 Quiver session open + close (pooling off) p50 <= 500 µs", $"{Micros(open)} µs", None, open <= 0.0005));
        var w4Quiver = r.Materialise.Single(m => m.Name == PeerTargets.Label(Peer.Quiver)).RowsPerSecond;
        var w4Npgsql = r.Materialise.Single(m => m.Name == PeerTargets.Label(Peer.Npgsql)).RowsPerSecond;
        var w4Engine = r.Materialise.Single(m => m.Name == PeerTargets.Label(Peer.DuckDbInProcess)).RowsPerSecond;
        lines.Add(("W4 Dapper: Quiver rows/s >= Npgsql", Ratio(w4Quiver / w4Npgsql), Ratio(w4Engine / w4Npgsql), w4Quiver >= w4Npgsql));
        foreach (var variant in new[] { "no tracking", "tracked" })
        {
            var w5 = r.EfCore.Where(x => x.Variant == variant).Select(x => x.Measurement.RowsPerSecond).ToList();
            lines.Add(($"W5 EF Core read ({variant}): Quiver rows/s >= Npgsql's provider", Ratio(w5[0] / w5[1]), None, w5[0] >= w5[1]));
        }

        text.AppendLine("## Targets");
        text.AppendLine();
        text.AppendLine("The last column is the same measure for in-process DuckDB, the engine alone (no network, no server), where it tells how much of a gap is the engine's: a target the engine alone misses cannot be met by any client/server path over it. For the W1 ratio to in-process DuckDB it gives the CPU each side spends per million rows instead (on two cores, client and server get one each).");
        text.AppendLine();
        text.AppendLine("| target | measured | met | in-process DuckDB |");
        text.AppendLine("|---|---|---|---|");
        foreach (var (target, measured, engine, met) in lines)
        {
            text.AppendLine(C, $"| {target} | {measured} | {(met ? "yes" : "**no**")} | {engine} |");
        }

        text.AppendLine();
    }

    private static void Scans(StringBuilder text, PeerResults r)
    {
        text.AppendLine("## W1 scan");
        text.AppendLine();
        text.AppendLine("`SELECT id, amount, name, created, price, flag FROM wide_n` (a table of n rows), every value read with the peer's typed access (DbDataReader getters; text as .NET strings). Each peer and size runs in its own process. MB/s counts the values' natural binary size (8 bytes per number and timestamp, 1 per flag, the text's UTF-8). CPU: user + system seconds per million rows of the client process and of the server (the Quiver server process, or the PostgreSQL backend serving the connection), medians over the runs, in 10 ms ticks (coarse for the smallest size); less sensitive to a noisy machine than wall time. Server RSS: the Quiver server process, or the PostgreSQL backend (its share of shared buffers included); \"growth\" is the peak minus the resident size before the first run. Ratios are rows/s.");
        text.AppendLine();
        text.AppendLine("| rows | peer | median s | min s | max s | rows/s | MB/s | client CPU s per M rows | server CPU s per M rows | bytes allocated per row | client peak RSS MB | server peak RSS MB (growth) | vs Npgsql | vs in-process DuckDB |");
        text.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (var i = 0; i < r.ScanSizes.Count; i++)
        {
            var npgsql = Find(r.Scans[i], Peer.Npgsql);
            var ceiling = Find(r.Scans[i], Peer.DuckDbInProcess);
            foreach (var scan in r.Scans[i])
            {
                var m = scan.ToMeasurement();
                var server = scan.ServerPeakResident > 0 ? $"{Mb(scan.ServerPeakResident)} ({Mb(scan.ServerPeakResident - scan.ServerResidentBefore)})" : "in-process";
                text.AppendLine(C, $"| {r.ScanSizes[i]:N0} | {m.Name} | {m.Median:F3} | {m.Min:F3} | {m.Max:F3} | {Report.Rate(m.RowsPerSecond)} | {m.Bytes / m.Median / 1e6:F0} | {scan.ClientCpuSeconds * 1e6 / m.Rows:F2} | {(scan.ServerCpuSeconds is { } serverCpu ? (serverCpu * 1e6 / m.Rows).ToString("F2", C) : "in-process")} | {(double)m.AllocatedBytes / m.Rows:F0} | {Mb(scan.ClientPeakResident)} | {server} | {Ratio(Rows(scan) / Rows(npgsql))} | {Ratio(Rows(scan) / Rows(ceiling))} |");
            }
        }

        text.AppendLine();
    }

    private static void RoundTrips(StringBuilder text, PeerResults r)
    {
        text.AppendLine("## W2 round trips");
        text.AppendLine();
        text.AppendLine(C, $"`SELECT 1` (ExecuteScalar) and `SELECT ... FROM wide_{PeerData.LookupRows} WHERE id = @id` (keys spread over the table's unique index; a new command with one parameter per call, the row read), one after another on one open connection; then the lookup from {RoundTripWorkload.Clients} connections at once (async ADO.NET; in-process DuckDB: one connection per client). In-process DuckDB prepares each statement per call, as the others parse it per call. Queries/s is the median run's; percentiles are over every call of every timed run. CPU: user + system µs per query of the client process (for an in-process peer, the engine's work too) and of the server (the Quiver server process, or the PostgreSQL backends of the connections used), medians over the runs.");
        text.AppendLine();
        text.AppendLine("| query | peer | queries/s | min s | max s | p50 µs | p99 µs | p99.9 µs | client CPU µs per query | server CPU µs per query | bytes allocated per query | p50 vs Npgsql | queries/s vs Npgsql |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (variant, peer, m) in r.RoundTrips)
        {
            var npgsql = RoundTrip(r, variant, Peer.Npgsql);
            text.AppendLine(C, $"| {variant} | {m.Name} | {m.RowsPerSecond:N0} | {m.Min:F3} | {m.Max:F3} | {Micros(m.LatencyPercentile(50))} | {Micros(m.LatencyPercentile(99))} | {Micros(m.LatencyPercentile(99.9))} | {PerQuery(m.ClientCpuSeconds, m)} | {PerQuery(m.ServerCpuSeconds, m)} | {(double)m.AllocatedBytes / m.Rows:F0} | {Ratio(m.LatencyPercentile(50) / npgsql.LatencyPercentile(50))} | {Ratio(m.RowsPerSecond / npgsql.RowsPerSecond)} |");
        }

        text.AppendLine();
    }

    private static void Sessions(StringBuilder text, PeerResults r)
    {
        text.AppendLine("## W3 session open");
        text.AppendLine();
        text.AppendLine("Open + close of a connection with pooling off, one after another: Quiver opens and closes a server session (OpenSession/CloseSession over an HTTP/2 connection the data source keeps), PostgreSQL starts and ends a backend process over a new TCP connection, SQLite opens the file, in-process DuckDB creates a connection.");
        text.AppendLine();
        text.AppendLine("| peer | opens/s | p50 µs | p99 µs | p99.9 µs | bytes allocated per open | p50 vs Npgsql |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        var npgsql = r.Opens.Single(m => m.Name == PeerTargets.Label(Peer.Npgsql));
        foreach (var m in r.Opens)
        {
            text.AppendLine(C, $"| {m.Name} | {m.RowsPerSecond:N0} | {Micros(m.LatencyPercentile(50))} | {Micros(m.LatencyPercentile(99))} | {Micros(m.LatencyPercentile(99.9))} | {PerQuery(m.ClientCpuSeconds, m)} | {PerQuery(m.ServerCpuSeconds, m)} | {(double)m.AllocatedBytes / m.Rows:F0} | {Ratio(m.LatencyPercentile(50) / npgsql.LatencyPercentile(50))} |");
        }

        text.AppendLine();
        text.AppendLine(C, $"{SessionWorkload.HeldSessions:N0} sessions held open at once (pooling off); server memory is proportional set size (PSS: shared pages divided among the processes sharing them): a Quiver server process started for this measurement (no data loaded), or every PostgreSQL process (postmaster, background workers, one backend per session).");
        text.AppendLine();
        text.AppendLine("| peer | sessions | server PSS before MB | server PSS after MB | KB per session | vs Npgsql |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        var pg = r.HeldSessions.Single(s => s.Peer == Peer.Npgsql);
        foreach (var s in r.HeldSessions)
        {
            text.AppendLine(C, $"| {PeerTargets.Label(s.Peer)} | {s.Sessions:N0} | {Mb(s.ServerBefore)} | {Mb(s.ServerAfter)} | {s.BytesPerSession / 1024:F0} | {Ratio(s.BytesPerSession / pg.BytesPerSession)} |");
        }

        text.AppendLine();
    }

    private static void Materialise(StringBuilder text, PeerResults r)
    {
        text.AppendLine("## W4 materialisation");
        text.AppendLine();
        text.AppendLine(C, $"Dapper `Query<WideRow>` of the table of {MaterialiseWorkload.Rows:N0} rows into a record with init properties (buffered list); in-process DuckDB builds the same records from its vectors by hand.");
        text.AppendLine();
        text.AppendLine("| peer | median s | min s | max s | rows/s | bytes allocated per row | vs Npgsql |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        var npgsql = r.Materialise.Single(m => m.Name == PeerTargets.Label(Peer.Npgsql));
        foreach (var m in r.Materialise)
        {
            text.AppendLine(C, $"| {m.Name} | {m.Median:F3} | {m.Min:F3} | {m.Max:F3} | {Report.Rate(m.RowsPerSecond)} | {(double)m.AllocatedBytes / m.Rows:F0} | {Ratio(m.RowsPerSecond / npgsql.RowsPerSecond)} |");
        }

        text.AppendLine();
    }

    private static void EfCore(StringBuilder text, PeerResults r)
    {
        text.AppendLine("## W5 EF Core");
        text.AppendLine();
        text.AppendLine(C, $"`ToList()` of the {EfCoreWorkload.Rows:N0}-row table into entities, without and with change tracking (a new context per run), and `SaveChanges` of {EfCoreWorkload.Inserts:N0} added entities whose keys the database generates (RETURNING), through each provider's EF Core 10 package. The two providers share the harness process, so their runs ({r.EfCore[0].Measurement.Seconds.Count} each after one warm-up) alternate, each after a full garbage collection.");
        text.AppendLine();
        text.AppendLine("| workload | provider | median s | min s | max s | rows/s | bytes allocated per row | vs Npgsql's provider |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var group in r.EfCore.GroupBy(x => x.Variant))
        {
            var npgsql = group.Last().Measurement;
            foreach (var (variant, m) in group)
            {
                text.AppendLine(C, $"| {variant} | {m.Name} | {m.Median:F3} | {m.Min:F3} | {m.Max:F3} | {Report.Rate(m.RowsPerSecond)} | {(double)m.AllocatedBytes / m.Rows:F0} | {Ratio(m.RowsPerSecond / npgsql.RowsPerSecond)} |");
            }
        }

        text.AppendLine();
    }

    private static ScanResult Find(ScanResult[] scans, Peer peer) => scans.Single(s => s.Peer == peer);

    private static Measurement RoundTrip(PeerResults r, string variant, Peer peer) => r.RoundTrips.Single(x => x.Variant == variant && x.Peer == peer).Measurement;

    private static double Rows(ScanResult scan) => scan.ToMeasurement().RowsPerSecond;

    private static string Ratio(double ratio) => string.Create(C, $"{ratio:F2}x");

    private static string Micros(double seconds) => string.Create(C, $"{seconds * 1e6:F0}");

    private static string PerMillion(double? cpuSeconds, ScanResult scan) =>
        cpuSeconds is { } seconds ? string.Create(C, $"{seconds * 1e6 / scan.ToMeasurement().Rows:F2}") : "in-process";

    private static string PerQuery(double? cpuSeconds, Measurement m) =>
        cpuSeconds is { } seconds ? string.Create(C, $"{seconds * 1e6 / m.Rows:F0}") : "in-process";

    private static string Mb(long bytes) => string.Create(C, $"{bytes / 1048576.0:F0}");
}
