using System.Globalization;
using Quiver.Bench.Peers;

namespace Quiver.Bench;

/// <summary>
/// What the native scan consumers (bench/adbc/adbc_scan.c, bench/odbc/odbc_scan.c, bench/odbc/pyodbc_scan.py) print:
/// "run &lt;seconds&gt;" per timed run, then "totals &lt;rows&gt; &lt;ids&gt; &lt;time checksum&gt; &lt;price cents&gt; &lt;text&gt; &lt;flags&gt; &lt;amounts&gt;".
/// </summary>
internal static class ConsumerOutput
{
    public static (List<double> Seconds, ScanTotals Totals) Parse(string output, int runs, string consumer)
    {
        var seconds = new List<double>();
        ScanTotals? totals = null;
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            if (parts[0] == "run")
            {
                seconds.Add(double.Parse(parts[1], CultureInfo.InvariantCulture));
            }
            else if (parts[0] == "totals")
            {
                totals = new ScanTotals(
                    long.Parse(parts[1], CultureInfo.InvariantCulture), 0, double.Parse(parts[7], CultureInfo.InvariantCulture),
                    ulong.Parse(parts[4], CultureInfo.InvariantCulture) / 100m, long.Parse(parts[5], CultureInfo.InvariantCulture));
            }
        }

        return seconds.Count == runs && totals is { } read
            ? (seconds, read)
            : throw new InvalidOperationException($"{consumer} did not report its runs and totals:\n{output}");
    }

    /// <summary>Whether two scans read the same rows, text, prices and amounts (the values every consumer folds in).</summary>
    public static bool Same(ScanTotals a, ScanTotals b)
        => a.Rows == b.Rows && a.TextCharacters == b.TextCharacters && a.Prices == b.Prices && a.Amounts == b.Amounts;
}
