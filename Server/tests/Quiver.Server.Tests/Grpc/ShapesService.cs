using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;
using Quiver.GrpcPeers;
using Quiver.GrpcPeers.Shapes;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Server.Tests.Grpc;

/// <summary>
/// quiver.testing.Shapes hosted the way the server hosts quiver.v1: the application side of the transport tests,
/// recording what the handlers observed (cancellation) so tests can check the server side too.
/// </summary>
internal sealed class ShapesService : Shapes.ShapesBase
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<bool>> _hangs = new();

    /// <summary>Completes with true when the Hang call tagged <paramref name="tag"/> saw its cancellation token fire.</summary>
    public Task<bool> HangObserved(string tag) => Hang(tag).Task;

    public override Task<EchoReply> Echo(EchoRequest request, ServerCallContext context) =>
        Task.FromResult(new EchoReply
        {
            Text = request.Text,
            PayloadLength = (ulong)request.Payload.Length,
            Header = context.RequestHeaders.GetValue("shape-header") ?? "",
        });

    public override async Task Download(DownloadRequest request, IServerStreamWriter<Chunk> responseStream, ServerCallContext context)
    {
        for (var i = 0; i < (int)request.Count; i++)
        {
            var data = ShapesMethods.Pattern(request.SameData ? 0 : i, (int)request.Size);
            await responseStream.WriteAsync(new Chunk { Index = (uint)i, Data = ByteString.CopyFrom(data) });
        }
    }

    public override Task<EchoReply> Fail(FailRequest request, ServerCallContext context) => throw StatusOf(request);

    public override async Task FailMidStream(FailRequest request, IServerStreamWriter<Chunk> responseStream, ServerCallContext context)
    {
        await responseStream.WriteAsync(new Chunk { Index = 0, Data = ByteString.CopyFrom(ShapesMethods.Pattern(0, 16)) });
        throw StatusOf(request);
    }

    public override async Task Hang(HangRequest request, IServerStreamWriter<Chunk> responseStream, ServerCallContext context)
    {
        await responseStream.WriteAsync(new Chunk { Index = 0, Data = ByteString.CopyFrom(ShapesMethods.Pattern(0, 16)) });
        using var registration = context.CancellationToken.Register(() => Hang(request.Tag).TrySetResult(true));
        await Task.Delay(Timeout.Infinite, context.CancellationToken);
    }

    private TaskCompletionSource<bool> Hang(string tag) =>
        _hangs.GetOrAdd(tag, _ => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));

    private static Exception StatusOf(FailRequest request)
    {
        if (request.Crash)
        {
            return new InvalidOperationException("a handler bug");
        }

        var status = (StatusCode)request.Code;
        return request.WithError
            ? ErrorTrailer.Exception(status, new Error { SqlState = "42P01", ErrorClass = ErrorClass.Semantic, Message = request.Message, Line = 3, Column = 7, EngineError = "Catalog" })
            : new RpcException(new Status(status, request.Message));
    }
}
