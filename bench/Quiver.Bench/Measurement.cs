using System.Diagnostics;

namespace Quiver.Bench;

/// <summary>One variant of a workload, timed over repeated runs after a warm-up.</summary>
internal sealed record Measurement(string Name, IReadOnlyList<double> Seconds, long Rows, long AllocatedBytes)
{
    private readonly double[] _sorted = Seconds.Order().ToArray();

    public double Median => _sorted[_sorted.Length / 2];
    public double Min => _sorted[0];
    public double Max => _sorted[^1];
    public double RowsPerSecond => Rows / Median;

    /// <summary>Bytes each run processes, for workloads measured in GB/s (0 when not applicable).</summary>
    public long Bytes { get; init; }

    /// <summary>Values each run reads, for a per-value cost (0 when not applicable).</summary>
    public long Values { get; init; }

    /// <summary>Runs <paramref name="run"/> once to warm up, then <paramref name="runs"/> times; each run returns its row count.</summary>
    public static Measurement Take(string name, int runs, Func<long> run)
    {
        var rows = run();
        var seconds = new List<double>(runs);
        long allocated = 0;
        for (var i = 0; i < runs; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            var counted = run();
            clock.Stop();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (counted != rows)
            {
                throw new InvalidOperationException($"{name}: run {i} read {counted} rows, the warm-up read {rows}.");
            }

            seconds.Add(clock.Elapsed.TotalSeconds);
        }

        return new Measurement(name, seconds, rows, allocated);
    }
}
