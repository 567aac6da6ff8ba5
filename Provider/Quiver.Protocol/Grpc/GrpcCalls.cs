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
    public static async Task<TResponse> UnaryAsync<TResponse>(AsyncUnaryCall<TResponse> call, CancellationToken cancellationToken)
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

    internal static OperationCanceledException Cancelled(RpcException failure, CancellationToken cancellationToken) =>
        new("The call was cancelled.", failure, cancellationToken);
}
