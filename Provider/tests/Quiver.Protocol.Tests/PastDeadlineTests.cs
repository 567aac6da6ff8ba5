using Grpc.Core;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Protocol.Tests;

/// <summary>
/// A call that fails after its deadline passed reports DEADLINE_EXCEEDED whatever status the transport gave. The race
/// that produces another status (the server's deadline news arriving before the client's own timer fires) cannot be
/// made to happen on demand, so the failing call here is a stand-in that fails with that status.
/// </summary>
public sealed class PastDeadlineTests
{
    private sealed class FailingReader(RpcException failure) : IAsyncStreamReader<PingResponse>
    {
        public PingResponse Current => throw new InvalidOperationException();

        public Task<bool> MoveNext(CancellationToken cancellationToken) => Task.FromException<bool>(failure);
    }

    private static AsyncServerStreamingCall<PingResponse> Failing(StatusCode status) => new(
        new FailingReader(new RpcException(new Status(status, "stream reset"))), Task.FromResult(new Metadata()),
        () => new Status(status, "stream reset"), () => [], () => { });

    [Fact]
    public async Task A_failure_after_the_deadline_is_DEADLINE_EXCEEDED()
    {
        await using var stream = await ServerStream<PingResponse>.StartAsync(Failing(StatusCode.Cancelled), CancellationToken.None, DateTime.UtcNow.AddSeconds(-1));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await stream.MoveNextAsync());

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains("Cancelled", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_before_the_deadline_keeps_its_status()
    {
        await using var stream = await ServerStream<PingResponse>.StartAsync(Failing(StatusCode.Cancelled), CancellationToken.None, DateTime.UtcNow.AddMinutes(5));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await stream.MoveNextAsync());

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }
}
