using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Server.Execution;

/// <summary>
/// The server-wide limit on running operations: an operation waits for a slot for at most the queue timeout, then
/// fails with a transient UNAVAILABLE, so a burst queues briefly instead of overloading DuckDB.
/// </summary>
internal sealed class Admission(int slots, TimeSpan queueTimeout)
{
    private readonly SemaphoreSlim _slots = new(slots, slots);

    public async ValueTask<Slot> EnterAsync(CancellationToken cancellation)
    {
        if (!await _slots.WaitAsync(queueTimeout, cancellation))
        {
            throw Failures.Status(GrpcStatusCode.Unavailable, Failures.Error(
                "53300",
                ErrorClass.Resource,
                $"The server is running its limit of {slots} operations (max-concurrent-operations) and none finished within {queueTimeout.TotalSeconds:0.###} s; retry later.",
                transient: true));
        }

        return new Slot(_slots);
    }

    internal readonly struct Slot(SemaphoreSlim slots) : IDisposable
    {
        public void Dispose() => slots.Release();
    }
}
