using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Quiver.Bench;

/// <summary>Writes a workload's measurements as a markdown report: machine facts, medians, min/max, ratios.</summary>
internal static class Report
{
    public static string Write(string workload, string description, IReadOnlyList<Measurement> measurements, string folder, string unit = "row")
    {
        var baseline = measurements[0];
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"# {workload}");
        text.AppendLine();
        text.AppendLine(description);
        text.AppendLine();
        foreach (var fact in MachineFacts())
        {
            text.AppendLine(c, $"- {fact}");
        }

        text.AppendLine(c, $"- runs per variant: {baseline.Seconds.Count} after one warm-up; {unit}s per run: {baseline.Rows:N0} (first variant)");
        text.AppendLine();
        var throughput = measurements.Any(m => m.Bytes > 0);
        var latency = measurements.Any(m => m.Latencies.Count > 0);
        var header = new StringBuilder($"| variant | median s | min s | max s | {unit}s/s (median) |");
        if (throughput)
        {
            header.Append(" GB/s (median) | ns per value |");
        }

        if (latency)
        {
            header.Append(" p50 µs | p99 µs | p99.9 µs |");
        }

        var cpu = measurements.Any(m => m.ServerCpuSeconds is not null);
        if (cpu)
        {
            header.Append(c, $" client CPU µs per {unit} | server CPU µs per {unit} |");
        }

        header.Append(c, $" bytes allocated per {unit} | ratio (to) |");
        text.AppendLine(header.ToString());
        text.AppendLine("|---" + string.Concat(Enumerable.Repeat("|---:", header.ToString().Count(ch => ch == '|') - 2)) + "|");
        foreach (var m in measurements)
        {
            var reference = m.ComparedTo is { } name ? measurements.Single(x => x.Name == name) : baseline;
            var row = new StringBuilder(string.Create(c, $"| {m.Name} | {m.Median:F3} | {m.Min:F3} | {m.Max:F3} | {Rate(m.RowsPerSecond)} |"));
            if (throughput)
            {
                row.Append(c, $" {(m.Bytes > 0 ? (m.Bytes / m.Median / 1e9).ToString("F2", c) : "-")} | {(m.Values > 0 ? (m.Median * 1e9 / m.Values).ToString("F2", c) : "-")} |");
            }

            if (latency)
            {
                row.Append(m.Latencies.Count == 0 ? " - | - | - |"
                    : string.Create(c, $" {m.LatencyPercentile(50) * 1e6:F0} | {m.LatencyPercentile(99) * 1e6:F0} | {m.LatencyPercentile(99.9) * 1e6:F0} |"));
            }

            if (cpu)
            {
                row.Append(m.ServerCpuSeconds is { } server
                    ? string.Create(c, $" {m.ClientCpuSeconds * 1e6 / m.Rows:F3} | {server * 1e6 / m.Rows:F3} |")
                    : " - | - |");
            }

            var ratio = ReferenceEquals(reference, m) ? "1.00x" : string.Create(c, $"{m.RowsPerSecond / reference.RowsPerSecond:F2}x ({reference.Name})");
            row.Append(c, $" {(double)m.AllocatedBytes / m.Rows:F2} | {ratio} |");
            text.AppendLine(row.ToString());
        }

        return Save(folder, workload, text.ToString());
    }

    /// <summary>The date, the machine and the runtime, one fact per line.</summary>
    public static IEnumerable<string> MachineFacts()
    {
        var c = CultureInfo.InvariantCulture;
        yield return string.Create(c, $"date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        yield return string.Create(c, $"machine: {Environment.ProcessorCount} cores{(cpu is null ? "" : $" ({cpu})")}{(memory is null ? "" : $", {memory} memory")}, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}");
        yield return string.Create(c, $"runtime: {RuntimeInformation.FrameworkDescription}, DuckDB {Quiver.DuckDb.DuckDbDatabase.LibraryVersion}");
    }

    /// <summary>Writes the report text to <c>folder/date-workload.md</c>, echoes it to the console and returns the path.</summary>
    public static string Save(string folder, string workload, string text)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{DateTime.UtcNow:yyyy-MM-dd-HHmm}-{workload}.md");
        File.WriteAllText(path, text);
        Console.Write(text);
        return path;
    }

    public static string Rate(double perSecond) => perSecond >= 1e6
        ? string.Create(CultureInfo.InvariantCulture, $"{perSecond / 1e6:F1}M")
        : string.Create(CultureInfo.InvariantCulture, $"{perSecond:N0}");
}
