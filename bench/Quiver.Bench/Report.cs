using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Quiver.Bench;

/// <summary>Writes a workload's measurements as a markdown report: machine facts, medians, min/max, ratios.</summary>
internal static class Report
{
    public static string Write(string workload, string description, IReadOnlyList<Measurement> measurements, string folder)
    {
        var baseline = measurements[0];
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"# {workload}");
        text.AppendLine();
        text.AppendLine(description);
        text.AppendLine();
        text.AppendLine(c, $"- date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine(c, $"- machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}");
        text.AppendLine(c, $"- runtime: {RuntimeInformation.FrameworkDescription}, DuckDB {Quiver.DuckDb.DuckDbDatabase.LibraryVersion}");
        text.AppendLine(c, $"- runs per variant: {baseline.Seconds.Count} after one warm-up; rows per run: {baseline.Rows:N0}");
        text.AppendLine();
        var throughput = measurements.Any(m => m.Bytes > 0);
        text.AppendLine(throughput
            ? "| variant | median s | min s | max s | rows/s (median) | GB/s (median) | ns per value | bytes allocated per row | vs first row |"
            : "| variant | median s | min s | max s | rows/s (median) | bytes allocated per row | vs first row |");
        text.AppendLine(throughput ? "|---|---:|---:|---:|---:|---:|---:|---:|---:|" : "|---|---:|---:|---:|---:|---:|---:|");
        foreach (var m in measurements)
        {
            var extra = !throughput ? ""
                : $" {(m.Bytes > 0 ? (m.Bytes / m.Median / 1e9).ToString("F2", c) : "-")} | {(m.Values > 0 ? (m.Median * 1e9 / m.Values).ToString("F2", c) : "-")} |";
            text.AppendLine(c,
                $"| {m.Name} | {m.Median:F3} | {m.Min:F3} | {m.Max:F3} | {m.RowsPerSecond / 1e6:F1}M |{extra} {(double)m.AllocatedBytes / m.Rows:F2} | {m.RowsPerSecond / baseline.RowsPerSecond:F2}x |");
        }

        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{DateTime.UtcNow:yyyy-MM-dd-HHmm}-{workload}.md");
        File.WriteAllText(path, text.ToString());
        Console.Write(text);
        return path;
    }
}
