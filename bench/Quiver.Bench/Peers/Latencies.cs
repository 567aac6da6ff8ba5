using System.Diagnostics;

namespace Quiver.Bench.Peers;

/// <summary>Timed repetitions of one small operation, one at a time or from many clients at once.</summary>
internal static class Latencies
{
    /// <summary><paramref name="calls"/> calls of <paramref name="call"/> in a row per run; every call's latency kept.</summary>
    public static Measurement Sequential(string name, int runs, int calls, Action<int> call, params int[] serverPids)
    {
        var latencies = new List<double>();
        var measurement = Measurement.Take(name, runs, () =>
        {
            latencies.Clear();
            for (var i = 0; i < calls; i++)
            {
                var start = Stopwatch.GetTimestamp();
                call(i);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            }

            return calls;
        }, allThreads: true, serverPids);
        return measurement with { Latencies = latencies.ToArray() };
    }

    /// <summary>
    /// <paramref name="clients"/> clients, each making <paramref name="callsPerClient"/> calls one after another per run,
    /// all at once; <paramref name="client"/> gives client k its call.
    /// </summary>
    public static Measurement Concurrent(string name, int runs, int clients, int callsPerClient, Func<int, Func<int, Task>> client, params int[] serverPids)
    {
        var calls = Enumerable.Range(0, clients).Select(client).ToArray();
        var latencies = new double[clients][];
        var measurement = Measurement.Take(name, runs, () =>
        {
            var workers = Enumerable.Range(0, clients).Select(k => Task.Run(async () =>
            {
                var own = new double[callsPerClient];
                for (var i = 0; i < callsPerClient; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    await calls[k](k * callsPerClient + i);
                    own[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
                }

                latencies[k] = own;
            }));
            Task.WhenAll(workers).GetAwaiter().GetResult();
            return (long)clients * callsPerClient;
        }, allThreads: true, serverPids);
        return measurement with { Latencies = latencies.SelectMany(l => l).ToArray() };
    }
}
