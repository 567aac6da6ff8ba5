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

    /// <summary>Per-call latencies in seconds over all timed runs, for percentiles (empty when not applicable).</summary>
    public IReadOnlyList<double> Latencies { get; init; } = [];

    /// <summary>CPU seconds (user + system) this process spent per timed run, median (null when not taken).</summary>
    /// <remarks>Linux counts CPU time in 10 ms ticks: meaningful for runs of a second or more.</remarks>
    public double? ClientCpuSeconds { get; init; }

    /// <summary>CPU seconds the server child process spent per timed run, median (null when not taken).</summary>
    public double? ServerCpuSeconds { get; init; }

    /// <summary>The measurement this one's ratio is taken against (by name); the report's first row when null.</summary>
    public string? ComparedTo { get; init; }

    /// <summary>The <paramref name="p"/>th percentile (0-100) of <see cref="Latencies"/>.</summary>
    public double LatencyPercentile(double p)
    {
        var sorted = Latencies.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
    }

    /// <summary>Runs <paramref name="run"/> once to warm up, then <paramref name="runs"/> times; each run returns its row count.</summary>
    /// <remarks>Allocation counts this thread's allocations, or every thread's when <paramref name="allThreads"/> (async workloads).</remarks>
    /// <remarks>This process's CPU time is kept per run, and with <paramref name="serverPid"/> that process's too.</remarks>
    public static Measurement Take(string name, int runs, Func<long> run, bool allThreads = false, int serverPid = 0)
    {
        var rows = run();
        var seconds = new List<double>(runs);
        var clientCpu = new List<double>(runs);
        var serverCpu = new List<double>(runs);
        long allocated = 0;
        for (var i = 0; i < runs; i++)
        {
            var before = allThreads ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread();
            var clientBefore = ProcessCpu.Seconds(Environment.ProcessId);
            var serverBefore = serverPid > 0 ? ProcessCpu.Seconds(serverPid) : 0;
            var clock = Stopwatch.StartNew();
            var counted = run();
            clock.Stop();
            clientCpu.Add(ProcessCpu.Seconds(Environment.ProcessId) - clientBefore);
            if (serverPid > 0)
            {
                serverCpu.Add(ProcessCpu.Seconds(serverPid) - serverBefore);
            }

            allocated = (allThreads ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread()) - before;
            if (counted != rows)
            {
                throw new InvalidOperationException($"{name}: run {i} read {counted} rows, the warm-up read {rows}.");
            }

            seconds.Add(clock.Elapsed.TotalSeconds);
        }

        return new Measurement(name, seconds, rows, allocated)
        {
            ClientCpuSeconds = clientCpu.Count > 0 ? clientCpu.Order().ElementAt(clientCpu.Count / 2) : null,
            ServerCpuSeconds = serverCpu.Count > 0 ? serverCpu.Order().ElementAt(serverCpu.Count / 2) : null,
        };
    }
}
