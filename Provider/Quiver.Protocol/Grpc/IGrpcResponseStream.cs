using Grpc.Core;

namespace Quiver.Protocol.Grpc;

/// <summary>The responses of a server-streaming call, read one at a time.</summary>
public interface IGrpcResponseStream<out TResponse> : IAsyncDisposable
{
    /// <summary>The message the last successful <see cref="MoveNextAsync"/> read.</summary>
    TResponse Current { get; }

    /// <summary>Reads the next message; false at a clean end (status OK). A non-OK status throws <see cref="RpcException"/>.</summary>
    ValueTask<bool> MoveNextAsync();
}

/// <summary>A started server-streaming call; disposing it before its end cancels the call on the server.</summary>
public sealed class ServerStream<TResponse> : IGrpcResponseStream<TResponse>
{
    private readonly AsyncServerStreamingCall<TResponse> _call;
    private readonly CancellationToken _cancellation;
    private readonly DateTime? _deadline;

    private ServerStream(AsyncServerStreamingCall<TResponse> call, CancellationToken cancellation, DateTime? deadline)
    {
        _call = call;
        _cancellation = cancellation;
        _deadline = deadline;
    }

    /// <inheritdoc/>
    public TResponse Current => _call.ResponseStream.Current;

    /// <summary>Returns once the response headers arrived; a call the server rejected outright throws here.</summary>
    /// <param name="call">The call.</param>
    /// <param name="cancellation">The token the call was started with: its cancellation is reported as <see cref="OperationCanceledException"/>.</param>
    /// <param name="deadline">The call's deadline, if it has one: a failure once it has passed is DEADLINE_EXCEEDED.</param>
    public static async Task<IGrpcResponseStream<TResponse>> StartAsync(
        AsyncServerStreamingCall<TResponse> call, CancellationToken cancellation = default, DateTime? deadline = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            var headers = await GrpcCalls.OffCallbackAsync(call.ResponseHeadersAsync).ConfigureAwait(false);
            // A call the server refused before sending anything ends with its headers (trailers-only): Grpc.Net.Client
            // completes them normally and only the first read throws. Quiver's error among them says so; reading
            // surfaces the failure here, where the caller can still retry the call.
            if (headers.Get(ErrorTrailer.Key) is not null)
            {
                await call.ResponseStream.MoveNext(CancellationToken.None).ConfigureAwait(false);
                throw new RpcException(new Status(StatusCode.Internal, "The server sent an error in the response headers but did not end the call with it."));
            }
        }
        catch (RpcException failure) when (GrpcCalls.IsCallerCancellation(failure, cancellation))
        {
            call.Dispose();
            throw GrpcCalls.Cancelled(failure, cancellation);
        }
        catch (RpcException failure) when (GrpcCalls.PastDeadline(failure, deadline))
        {
            call.Dispose();
            throw GrpcCalls.DeadlineExceeded(failure);
        }
        catch
        {
            call.Dispose();
            throw;
        }

        return new ServerStream<TResponse>(call, cancellation, deadline);
    }

    /// <inheritdoc/>
    public async ValueTask<bool> MoveNextAsync()
    {
        try
        {
            // No hop here: once the headers are in, reads complete from the HTTP/2 stream, not from inside the call's
            // own processing.
            return await _call.ResponseStream.MoveNext(CancellationToken.None).ConfigureAwait(false);
        }
        catch (RpcException failure) when (GrpcCalls.IsCallerCancellation(failure, _cancellation))
        {
            throw GrpcCalls.Cancelled(failure, _cancellation);
        }
        catch (RpcException failure) when (GrpcCalls.PastDeadline(failure, _deadline))
        {
            throw GrpcCalls.DeadlineExceeded(failure);
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _call.Dispose();
        return ValueTask.CompletedTask;
    }
}
