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

    /// <summary>CPU seconds the server processes spent per timed run, all of them together, median (null when not taken).</summary>
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
    /// <remarks>This process's CPU time is kept per run, and that of <paramref name="serverPids"/> (those above 0) too.</remarks>
    public static Measurement Take(string name, int runs, Func<long> run, bool allThreads = false, params int[] serverPids)
    {
        var runner = new Runner(name, run, allThreads, serverPids);
        for (var i = 0; i < runs; i++)
        {
            runner.RunOnce(i);
        }

        return runner.Result();
    }

    /// <summary>
    /// Runs each variant once to warm up, then takes <paramref name="runs"/> runs of each in turns (the order rotating
    /// every round), each after a full garbage collection: for variants that share this process, so that no variant
    /// collects another's garbage and a drift of the machine's load over the measurement falls on all of them alike.
    /// </summary>
    public static IReadOnlyList<Measurement> TakeInTurns(IReadOnlyList<(string Name, Func<long> Run)> variants, int runs, bool allThreads = false)
    {
        var runners = variants.Select(v => new Runner(v.Name, v.Run, allThreads, [])).ToList();
        for (var i = 0; i < runs; i++)
        {
            for (var k = 0; k < runners.Count; k++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                runners[(i + k) % runners.Count].RunOnce(i);
            }
        }

        return runners.Select(r => r.Result()).ToList();
    }

    private sealed class Runner(string name, Func<long> run, bool allThreads, int[] serverPids)
    {
        private readonly int[] _servers = serverPids.Where(pid => pid > 0).ToArray();
        private readonly long _rows = run();
        private readonly List<double> _seconds = [];
        private readonly List<double> _clientCpu = [];
        private readonly List<double> _serverCpu = [];
        private long _allocated;

        public void RunOnce(int index)
        {
            var before = allThreads ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread();
            var clientBefore = ProcessCpu.Seconds(Environment.ProcessId);
            var serverBefore = ServerCpu();
            var clock = Stopwatch.StartNew();
            var counted = run();
            clock.Stop();
            _clientCpu.Add(ProcessCpu.Seconds(Environment.ProcessId) - clientBefore);
            if (_servers.Length > 0)
            {
                _serverCpu.Add(ServerCpu() - serverBefore);
            }

            _allocated = (allThreads ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread()) - before;
            if (counted != _rows)
            {
                throw new InvalidOperationException($"{name}: run {index} read {counted} rows, the warm-up read {_rows}.");
            }

            _seconds.Add(clock.Elapsed.TotalSeconds);
        }

        private double ServerCpu() => _servers.Sum(ProcessCpu.Seconds);

        public Measurement Result() => new(name, _seconds, _rows, _allocated)
        {
            ClientCpuSeconds = _clientCpu.Count > 0 ? _clientCpu.Order().ElementAt(_clientCpu.Count / 2) : null,
            ServerCpuSeconds = _serverCpu.Count > 0 ? _serverCpu.Order().ElementAt(_serverCpu.Count / 2) : null,
        };
    }
}
