using Grpc.Core;

namespace Quiver.Protocol.Grpc;

/// <summary>
/// Grpc.Net.Client calls as Quiver's clients see them: the caller's own cancellation is an
/// <see cref="OperationCanceledException"/> (as everywhere in .NET), a passed deadline stays DEADLINE_EXCEEDED.
/// (Grpc.Net.Client's ThrowOperationCanceledOnCancellation would turn deadlines into cancellations too.)
/// </summary>
public static class GrpcCalls
{
    /// <summary>The response of a unary call.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">The token the call was started with: its cancellation is an <see cref="OperationCanceledException"/>.</param>
    /// <param name="deadline">The call's deadline, if it has one: a failure once it has passed is DEADLINE_EXCEEDED.</param>
    public static async Task<TResponse> UnaryAsync<TResponse>(AsyncUnaryCall<TResponse> call, CancellationToken cancellationToken, DateTime? deadline = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        using (call)
        {
            try
            {
                return await OffCallbackAsync(call.ResponseAsync).ConfigureAwait(false);
            }
            catch (RpcException failure) when (IsCallerCancellation(failure, cancellationToken))
            {
                throw Cancelled(failure, cancellationToken);
            }
            catch (RpcException failure) when (PastDeadline(failure, deadline))
            {
                throw DeadlineExceeded(failure);
            }
        }
    }

    /// <summary>
    /// Awaits <paramref name="task"/> and, when it was not complete yet, continues on the thread pool. Grpc.Net.Client
    /// completes calls from inside its own call processing; a caller that continued there and then blocked
    /// (sync-over-async ADO.NET: ExecuteReader after OpenAsync) stopped the next call from ever completing.
    /// </summary>
    public static async Task<T> OffCallbackAsync<T>(Task<T> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.IsCompleted)
        {
            return await task.ConfigureAwait(false);
        }

        try
        {
            return await task.ConfigureAwait(false);
        }
        finally
        {
            await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        }
    }

    /// <summary>Whether <paramref name="failure"/> is the caller's own cancellation (not a deadline, not the server's).</summary>
    public static bool IsCallerCancellation(RpcException failure, CancellationToken cancellationToken) =>
        failure?.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested;

    /// <summary>
    /// Whether <paramref name="failure"/> came when the caller's deadline had already passed. Whatever status the
    /// transport reports then (seen in CI: a status other than DEADLINE_EXCEEDED for a call whose few-millisecond
    /// deadline had passed; the server ends such a call at its own deadline, and the client's timer may fire after that
    /// news arrives), the call failed because its deadline passed, and gRPC's contract is DEADLINE_EXCEEDED.
    /// </summary>
    internal static bool PastDeadline(RpcException failure, DateTime? deadline) =>
        deadline is { } due && failure.StatusCode is not (StatusCode.OK or StatusCode.DeadlineExceeded) && DateTime.UtcNow >= due.ToUniversalTime();

    internal static RpcException DeadlineExceeded(RpcException failure) =>
        new(new Status(StatusCode.DeadlineExceeded, $"Deadline Exceeded (the call then ended with {failure.StatusCode}: {failure.Status.Detail})", failure), failure.Trailers);

    internal static OperationCanceledException Cancelled(RpcException failure, CancellationToken cancellationToken) =>
        new("The call was cancelled.", failure, cancellationToken);
}
