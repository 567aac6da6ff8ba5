using Grpc.Core;
using System.Collections.Concurrent;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Server.Execution;

/// <summary>
/// The limits on running operations: per principal, then server-wide. An operation waits for a slot for at most the
/// queue timeout, then fails with a transient UNAVAILABLE, so a burst queues briefly instead of overloading DuckDB,
/// and one principal's operations can hold only its own share of the server.
/// </summary>
internal sealed class Admission(int slots, int slotsPerPrincipal, TimeSpan queueTimeout)
{
    private readonly SemaphoreSlim _slots = new(slots, slots);

    // Principals come from the tokens file (a bounded set), so their semaphores are kept for the server's life.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _perPrincipal = new(StringComparer.Ordinal);

    private int _waiting;

    /// <summary>Operations waiting for a slot now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public async ValueTask<Slot> EnterAsync(string principal, CancellationToken cancellation)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            return await WaitForSlotAsync(principal, cancellation);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    private async ValueTask<Slot> WaitForSlotAsync(string principal, CancellationToken cancellation)
    {
        // A principal allowed every slot needs no limit of its own.
        var mine = slotsPerPrincipal < slots ? _perPrincipal.GetOrAdd(principal, _ => new SemaphoreSlim(slotsPerPrincipal, slotsPerPrincipal)) : null;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        if (mine is not null && !await mine.WaitAsync(queueTimeout, cancellation))
        {
            throw Full($"'{principal}' is running its limit of {slotsPerPrincipal} operations (max-operations-per-principal)");
        }

        try
        {
            var left = queueTimeout - waited.Elapsed;
            if (!await _slots.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, cancellation))
            {
                throw Full($"The server is running its limit of {slots} operations (max-concurrent-operations)");
            }
        }
        catch
        {
            mine?.Release();
            throw;
        }

        return new Slot(_slots, mine);
    }

    private RpcException Full(string what) => Failures.Status(StatusCode.Unavailable, Failures.Error(
        "53300",
        ErrorClass.Resource,
        $"{what} and none finished within {queueTimeout.TotalSeconds:0.###} s; retry later.",
        transient: true));

    internal sealed class Slot(SemaphoreSlim slots, SemaphoreSlim? principalSlots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
                principalSlots?.Release();
            }
        }
    }
}
