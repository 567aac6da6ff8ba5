using System.Collections.Concurrent;
using Google.Protobuf;
using Quiver.GrpcPeers;
using Quiver.GrpcPeers.Shapes;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;
using Quiver.Server.Grpc;

namespace Quiver.Server.Tests.Grpc;

/// <summary>
/// quiver.testing.Shapes on the server's gRPC layer: the application side of the transport tests, recording what the
/// handlers observed (cancellation) so tests can check the server side too.
/// </summary>
internal sealed class ShapesService
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<bool>> _hangs = new();

    /// <summary>Completes with true when the Hang call tagged <paramref name="tag"/> saw its cancellation token fire.</summary>
    public Task<bool> HangObserved(string tag) => Hang(tag).Task;

    public GrpcRouter Map(GrpcRouter router) => router
        .MapUnary(ShapesMethods.Echo, EchoAsync)
        .MapServerStreaming(ShapesMethods.Download, DownloadAsync)
        .MapUnary(ShapesMethods.Fail, FailAsync)
        .MapServerStreaming(ShapesMethods.FailMidStream, FailMidStreamAsync)
        .MapServerStreaming(ShapesMethods.Hang, HangAsync);

    private static Task<EchoReply> EchoAsync(EchoRequest request, GrpcCallContext call) =>
        Task.FromResult(new EchoReply
        {
            Text = request.Text,
            PayloadLength = (ulong)request.Payload.Length,
            Header = call.GetHeader("shape-header") ?? "",
        });

    private static async Task DownloadAsync(DownloadRequest request, GrpcResponseStream<Chunk> responses, GrpcCallContext call)
    {
        for (var i = 0; i < (int)request.Count; i++)
        {
            var data = ShapesMethods.Pattern(request.SameData ? 0 : i, (int)request.Size);
            await responses.WriteAsync(new Chunk { Index = (uint)i, Data = ByteString.CopyFrom(data) });
        }
    }

    private static Task<EchoReply> FailAsync(FailRequest request, GrpcCallContext call) => throw StatusOf(request);

    private static async Task FailMidStreamAsync(FailRequest request, GrpcResponseStream<Chunk> responses, GrpcCallContext call)
    {
        await responses.WriteAsync(new Chunk { Index = 0, Data = ByteString.CopyFrom(ShapesMethods.Pattern(0, 16)) });
        throw StatusOf(request);
    }

    private async Task HangAsync(HangRequest request, GrpcResponseStream<Chunk> responses, GrpcCallContext call)
    {
        await responses.WriteAsync(new Chunk { Index = 0, Data = ByteString.CopyFrom(ShapesMethods.Pattern(0, 16)) });
        using var registration = call.CancellationToken.Register(() => Hang(request.Tag).TrySetResult(true));
        await Task.Delay(Timeout.Infinite, call.CancellationToken);
    }

    private TaskCompletionSource<bool> Hang(string tag) =>
        _hangs.GetOrAdd(tag, _ => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));

    private static Exception StatusOf(FailRequest request) =>
        request.Crash ? new InvalidOperationException("a handler bug") : new GrpcStatusException((GrpcStatusCode)request.Code, request.Message, request.WithError
            ? new Error { SqlState = "42P01", ErrorClass = ErrorClass.Semantic, Message = request.Message, Line = 3, Column = 7, EngineError = "Catalog" }
            : null);
}
