using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Threading.Channels;
using Google.Protobuf;
using Grpc.Core;
using Quiver.Protocol.V1;
using Quiver.Server.Grpc;

namespace Quiver.Server.Workers;

/// <summary>
/// The engine process's end of the engine link (<see cref="EngineLink"/>) on its Unix socket: each connection has a
/// thread of its own, authenticates once with the token its server gave it, then runs one call at a time on the same
/// quiver.v1 handlers a gRPC client reaches, on that thread until the handler first waits. A connection that closes,
/// or an Abort frame naming it, cancels its running call.
/// </summary>
internal sealed partial class EngineLinkHost(Func<QuiverService> service, Func<string?, string?> authenticate, int maxPayloadBytes, ILogger log)
    : IDisposable
{
    // Until it has authenticated, a connection may send only a short frame.
    private const int HelloBytes = 4096;

    // ... and must send it this soon: a connection that says nothing does not keep a thread for ever.
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<long, LinkCall> _connections = new();
    private Socket? _listener;
    private long _lastId;

    /// <summary>Listens on <paramref name="path"/> (see GrpcHosting.ClaimSocketPath), accepting on a thread of its own.</summary>
    public void Start(string path)
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(64);
        _listener = listener;
        new Thread(() => Accept(listener)) { IsBackground = true, Name = "engine link accept" }.Start();
    }

    public void Dispose()
    {
        _listener?.Dispose();
        foreach (var call in _connections.Values)
        {
            call.Link.Dispose();
        }
    }

    private void Accept(Socket listener)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = listener.Accept();
            }
            catch (Exception error) when (error is SocketException or ObjectDisposedException)
            {
                // Stopped.
                return;
            }

            var id = Interlocked.Increment(ref _lastId);
            var link = new LinkSocket(socket, HelloBytes);
            link.SetReadTimeout(HelloTimeout);
            var call = new LinkCall(link);
            _connections[id] = call;
            new Thread(() => Serve(id, call)) { IsBackground = true, Name = "engine link " + id }.Start();
        }
    }

    private void Serve(long id, LinkCall state)
    {
        var link = state.Link;
        var running = Task.CompletedTask;
        Channel<IngestRequest>? requests = null;
        try
        {
            if (link.Read() is not { Kind: LinkFrame.Hello } hello
                || authenticate(System.Text.Encoding.UTF8.GetString(hello.Payload.Span)) is not { } principal)
            {
                return;
            }

            link.MaxPayloadBytes = maxPayloadBytes + 64 * 1024;
            link.SetReadTimeout(TimeSpan.Zero);
            Span<byte> welcome = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(welcome, id);
            link.Write(LinkFrame.Welcome, welcome);
            link.Flush();
            while (link.Read() is { } frame)
            {
                switch (frame.Kind)
                {
                    case LinkFrame.Call when frame.Payload.Length > 0:
                        // The answer to the last call has gone out; its handler may still be returning.
                        Finish(running);
                        requests?.Writer.TryComplete();
                        var method = (LinkMethod)frame.Payload.Span[0];
                        requests = method == LinkMethod.Ingest ? Channel.CreateBounded<IngestRequest>(1) : null;
                        running = RunAsync(method, frame.Payload[1..], new CallContext(principal, state.NextCall()), link, requests);
                        break;
                    case LinkFrame.Request:
                        var request = IngestRequest.Parser.ParseFrom(frame.Payload.Span);
                        // Requests after the handler stopped reading (it failed early) are dropped.
                        if (requests is not null && !running.IsCompleted)
                        {
                            var queued = requests.Writer.WriteAsync(request, state.Cancellation);
                            if (!queued.IsCompleted)
                            {
                                Task.WaitAny(queued.AsTask(), running);
                            }
                        }

                        break;
                    case LinkFrame.EndOfRequests:
                        requests?.Writer.TryComplete();
                        break;
                    case LinkFrame.Abort when frame.Payload.Length == 8:
                        if (_connections.TryGetValue(BinaryPrimitives.ReadInt64LittleEndian(frame.Payload.Span), out var aborted))
                        {
                            aborted.Cancel();
                        }

                        break;
                    default:
                        throw new InvalidDataException($"Unexpected engine link frame {frame.Kind}.");
                }
            }
        }
        catch (Exception error) when (error is IOException or InvalidDataException or InvalidProtocolBufferException or OperationCanceledException)
        {
            LogLinkBroken(error.Message);
        }
        finally
        {
            // The server closed the connection (its client left, or it cancelled): so ends the call.
            _connections.TryRemove(id, out _);
            state.Cancel();
            requests?.Writer.TryComplete();
            Finish(running);
            link.Dispose();
            state.Dispose();
        }
    }

    // Handlers never fail (RunAsync answers with an Error frame instead).
    private static void Finish(Task running)
    {
        if (!running.IsCompleted)
        {
            running.Wait();
        }
    }

    // Never throws: a failure is the call's Error frame.
    private async Task RunAsync(LinkMethod method, ReadOnlyMemory<byte> payload, CallContext call, LinkSocket output, Channel<IngestRequest>? requests)
    {
        var quiver = service();
        try
        {
            // Parsed before the first await: the payload is the reader's until its next read.
            var request = Parse(method, payload);
            switch (request)
            {
                case OpenSessionRequest open:
                    Respond(output, await quiver.OpenSessionAsync(open, call));
                    break;
                case CloseSessionRequest close:
                    Respond(output, await quiver.CloseSessionAsync(close, call));
                    break;
                case PingRequest ping:
                    Respond(output, await quiver.PingAsync(ping, call));
                    break;
                case DescribeRequest describe:
                    Respond(output, await quiver.DescribeAsync(describe, call));
                    break;
                case CancelRequest cancel:
                    Respond(output, await quiver.CancelAsync(cancel, call));
                    break;
                case ResetSessionRequest reset:
                    Respond(output, await quiver.ResetSessionAsync(reset, call));
                    break;
                case ReleaseRequest release:
                    Respond(output, await quiver.ReleaseAsync(release, call));
                    break;
                case ExecuteRequest execute:
                    await StreamAsync(output, call, sink => quiver.ExecuteAsync(execute, sink, call));
                    break;
                case MetadataRequest metadata:
                    await StreamAsync(output, call, sink => quiver.GetMetadataAsync(metadata, sink, call));
                    break;
                case ReattachRequest reattach:
                    await StreamAsync(output, call, sink => quiver.ReattachAsync(reattach, sink, call));
                    break;
                case IngestRequest first:
                    Respond(output, await quiver.IngestAsync(new LinkRequestStream(first, requests!.Reader), call));
                    break;
            }
        }
        catch (Exception error)
        {
            Fail(output, call, method, error);
        }
    }

    private static IMessage Parse(LinkMethod method, ReadOnlyMemory<byte> payload0)
    {
        var payload = payload0.Span;
        try
        {
            return method switch
            {
                LinkMethod.OpenSession => OpenSessionRequest.Parser.ParseFrom(payload),
                LinkMethod.CloseSession => CloseSessionRequest.Parser.ParseFrom(payload),
                LinkMethod.Ping => PingRequest.Parser.ParseFrom(payload),
                LinkMethod.Describe => DescribeRequest.Parser.ParseFrom(payload),
                LinkMethod.Cancel => CancelRequest.Parser.ParseFrom(payload),
                LinkMethod.ResetSession => ResetSessionRequest.Parser.ParseFrom(payload),
                LinkMethod.Release => ReleaseRequest.Parser.ParseFrom(payload),
                LinkMethod.Execute => ExecuteRequest.Parser.ParseFrom(payload),
                LinkMethod.GetMetadata => MetadataRequest.Parser.ParseFrom(payload),
                LinkMethod.Reattach => ReattachRequest.Parser.ParseFrom(payload),
                LinkMethod.Ingest => IngestRequest.Parser.ParseFrom(payload),
                _ => throw Failures.Status(StatusCode.Unimplemented, Failures.Error("08P01", ErrorClass.Protocol, $"Unknown engine link method {(byte)method}.")),
            };
        }
        catch (InvalidProtocolBufferException malformed)
        {
            throw Failures.InvalidRequest($"The {method} request is not a valid message: {malformed.Message}");
        }
    }

    private static void Respond(LinkSocket output, IMessage response)
    {
        output.Write(LinkFrame.Message, response);
        output.Flush();
    }

    private static async Task StreamAsync(LinkSocket output, CallContext call, Func<IResponseSink<ExecuteEvent>, Task> handler)
    {
        await handler(new LinkResponseSink(output, call.CancellationToken));
        output.Write(LinkFrame.End);
        output.Flush();
    }

    private void Fail(LinkSocket output, CallContext call, LinkMethod method, Exception error)
    {
        if (call.CancellationToken.IsCancellationRequested)
        {
            // The server closed the connection or aborted the call: nobody reads an answer.
            return;
        }

        if (error is not RpcException failure)
        {
            LogHandlerFailed(error, method);
            failure = new RpcException(new Status(StatusCode.Internal, "Exception was thrown by handler."));
        }

        try
        {
            output.Write(LinkFrame.Error, EngineLink.ErrorPayload(failure));
            output.Flush();
        }
        catch (IOException gone)
        {
            LogLinkBroken(gone.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A handler for {Method} failed.")]
    private partial void LogHandlerFailed(Exception error, LinkMethod method);

    [LoggerMessage(Level = LogLevel.Debug, Message = "An engine link connection broke: {Reason}")]
    private partial void LogLinkBroken(string reason);

    /// <summary>
    /// A stream's events as Message frames; a write waits while the server has not taken the last ones. The operation's
    /// end is not flushed on its own: the End frame follows at once, and both leave in one write.
    /// </summary>
    private sealed class LinkResponseSink(LinkSocket output, CancellationToken cancellationToken) : IResponseSink<ExecuteEvent>
    {
        // The server sent its client the response headers when it made the call.
        public Task StartAsync() => Task.CompletedTask;

        public ValueTask WriteAsync(ExecuteEvent message, bool followedAtOnce = false)
        {
            cancellationToken.ThrowIfCancellationRequested();
            output.Write(LinkFrame.Message, message);
            if (!followedAtOnce && !EndsOperation(message))
            {
                output.Flush();
            }

            return ValueTask.CompletedTask;
        }

        private static bool EndsOperation(ExecuteEvent message) => message.EventCase switch
        {
            ExecuteEvent.EventOneofCase.OperationEnd => true,
            ExecuteEvent.EventOneofCase.Group => message.Group.Events.Count > 0 && message.Group.Events[^1].EventCase == ExecuteEvent.EventOneofCase.OperationEnd,
            _ => false,
        };
    }

    /// <summary>An Ingest call's requests: the one in its Call frame, then those its Request frames bring.</summary>
    private sealed class LinkRequestStream(IngestRequest first, ChannelReader<IngestRequest> rest) : IAsyncStreamReader<IngestRequest>
    {
        private bool _started;

        public IngestRequest Current { get; private set; } = first;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!_started)
            {
                _started = true;
                return true;
            }

            while (await rest.WaitToReadAsync(cancellationToken))
            {
                if (rest.TryRead(out var next))
                {
                    Current = next;
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>A connection and the cancellation of the call it runs.</summary>
    private sealed class LinkCall(LinkSocket link) : IDisposable
    {
        private CancellationTokenSource _cancel = new();

        public LinkSocket Link { get; } = link;

        public CancellationToken Cancellation => Volatile.Read(ref _cancel).Token;

        /// <summary>A fresh token for the next call (the last call's source stays with it: its handler is done).</summary>
        public CancellationToken NextCall()
        {
            var next = new CancellationTokenSource();
            Interlocked.Exchange(ref _cancel, next).Dispose();
            return next.Token;
        }

        public void Cancel()
        {
            try
            {
                Volatile.Read(ref _cancel).Cancel();
            }
            catch (ObjectDisposedException)
            {
                // A new call replaced it just now: the aborted call had ended.
            }
        }

        public void Dispose() => _cancel.Dispose();
    }
}
