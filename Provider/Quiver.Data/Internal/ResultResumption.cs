using Grpc.Core;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Data.Internal;

/// <summary>
/// How a result stream of a reattachable session (CAPABILITY_REATTACH and CAPABILITY_RELEASE) resumes after its
/// connection broke, and tells the server which events it holds so that the server's window keeps room.
/// </summary>
internal sealed class ResultResumption
{
    /// <summary>Reattach attempts after one failure, each after a longer wait (7.75 s in all), before the break is reported.</summary>
    public const int AttemptsPerFailure = 6;

    private readonly Func<ulong, CancellationToken, Task<IGrpcResponseStream<ExecuteEvent>>> _reattach;
    private readonly Func<ulong, bool, Task> _release;

    public ResultResumption(
        string operationId, long windowBytes,
        Func<ulong, CancellationToken, Task<IGrpcResponseStream<ExecuteEvent>>> reattach, Func<ulong, bool, Task> release)
    {
        OperationId = operationId;
        ReleaseEveryBytes = Math.Max(1, windowBytes / 2);
        _reattach = reattach;
        _release = release;
    }

    public string OperationId { get; }

    /// <summary>
    /// Received bytes after which the client releases what it holds: half the server's window, which leaves the server
    /// the other half to go on sending while the Release travels.
    /// </summary>
    public long ReleaseEveryBytes { get; }

    /// <summary>Reattaches after <paramref name="afterSequence"/>; returns once the server accepted the call.</summary>
    public Task<IGrpcResponseStream<ExecuteEvent>> ReattachAsync(ulong afterSequence, CancellationToken cancellationToken) =>
        _reattach(afterSequence, cancellationToken);

    /// <summary>Releases events up to <paramref name="upToSequence"/>, or everything (cancelling the operation if it runs).</summary>
    public Task ReleaseAsync(ulong upToSequence, bool all) => _release(upToSequence, all);

    /// <summary>The wait before attempt <paramref name="attempt"/> (0-based) after one failure.</summary>
    public static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(attempt == 0 ? 0 : 250 << (attempt - 1));

    /// <summary>
    /// Whether a failure is the transport breaking under the call (the server said nothing): worth a reattach. A status
    /// with the server's own error is its answer and stands.
    /// </summary>
    public static bool IsBrokenTransport(Exception failure) => failure switch
    {
        RpcException rpc when ErrorTrailer.Read(rpc) is not null => false,
        RpcException rpc => (rpc.Status.DebugException ?? rpc.InnerException) is HttpProtocolException or HttpRequestException or IOException
            || rpc.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled,
        HttpRequestException or IOException => true,
        _ => false,
    };
}
