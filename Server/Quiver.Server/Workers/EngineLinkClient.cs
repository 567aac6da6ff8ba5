using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.Sockets;
using Google.Protobuf;
using Grpc.Core;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Server.Workers;

/// <summary>
/// The server's end of the engine link to one engine process (<see cref="EngineLink"/>): connections to its socket,
/// kept for the next call when a call ends cleanly. A call cancelled midway closes its connection and sends an Abort
/// naming it. The engine's failures arrive as the <see cref="RpcException"/> its handler threw; a broken connection is
/// an <see cref="IOException"/>. Calls block their thread while they wait for the engine (see <see cref="EngineLink"/>),
/// as a call into DuckDB in this process does.
/// </summary>
internal sealed class EngineLinkClient(string socketPath, string authorization, int maxPayloadBytes) : IDisposable
{
    // More idle connections than concurrent calls are seldom needed; the rest are closed.
    private const int MaxIdleConnections = 32;
    private readonly ConcurrentQueue<LinkConnection> _idle = new();
    private volatile bool _disposed;

    public Task<TResponse> CallAsync<TResponse>(LinkMethod method, IMessage request, MessageParser<TResponse> parser, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse> =>
        AnswerAsync(method, request, parser, sendRest: null, cancellationToken);

    /// <summary>Starts a streaming call.</summary>
    public Task<LinkEventStream> StreamAsync(LinkMethod method, IMessage request, CancellationToken cancellationToken)
    {
        var connection = Rent(cancellationToken);
        try
        {
            connection.Socket.Write(LinkFrame.Call, request, method);
            connection.Socket.Flush();
            // Registered once the call is sent: a token cancelled already closes the connection now.
            return Task.FromResult(new LinkEventStream(this, connection, AbortOnCancel(connection, cancellationToken), cancellationToken));
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            Return(connection, ended: false);
            throw new OperationCanceledException(cancellationToken);
        }
        catch
        {
            Return(connection, ended: false);
            throw;
        }
    }

    /// <summary>An Ingest call: the first request, the rest as they come, then the engine's answer (sooner if it stops early).</summary>
    public Task<IngestResponse> IngestAsync(IngestRequest first, IAsyncStreamReader<IngestRequest> rest, CancellationToken cancellationToken) =>
        AnswerAsync(LinkMethod.Ingest, first, IngestResponse.Parser, async link =>
        {
            var answeredEarly = false;
            while (!(answeredEarly = link.HasData) && await rest.MoveNext(cancellationToken))
            {
                link.Write(LinkFrame.Request, rest.Current);
                link.Flush();
            }

            if (!answeredEarly)
            {
                link.Write(LinkFrame.EndOfRequests);
                link.Flush();
            }
        }, cancellationToken);

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryDequeue(out var connection))
        {
            connection.Socket.Dispose();
        }
    }

    // A call answered by one Message (or an Error); sendRest writes what follows the Call frame, if anything.
    private async Task<TResponse> AnswerAsync<TResponse>(
        LinkMethod method, IMessage request, MessageParser<TResponse> parser, Func<LinkSocket, Task>? sendRest, CancellationToken cancellationToken)
        where TResponse : IMessage<TResponse>
    {
        var connection = Rent(cancellationToken);
        var ended = false;
        try
        {
            using var aborting = AbortOnCancel(connection, cancellationToken);
            connection.Socket.Write(LinkFrame.Call, request, method);
            connection.Socket.Flush();
            if (sendRest is not null)
            {
                await sendRest(connection.Socket);
            }

            var answer = connection.ReadAnswer();
            ended = true;
            return parser.ParseFrom(answer.Span);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (RpcException)
        {
            ended = true;
            throw;
        }
        finally
        {
            Return(connection, ended);
        }
    }

    internal void Return(LinkConnection connection, bool ended)
    {
        if (ended && !_disposed && !connection.Socket.Closed && _idle.Count < MaxIdleConnections)
        {
            _idle.Enqueue(connection);
        }
        else
        {
            connection.Socket.Dispose();
        }
    }

    // Cancelling closes the connection, which ends this end's wait; the engine may be computing without reading it, so
    // it also hears an Abort naming the connection.
    private CancellationTokenRegistration AbortOnCancel(LinkConnection connection, CancellationToken cancellationToken) =>
        cancellationToken.Register(static state =>
        {
            var (client, connection) = ((EngineLinkClient, LinkConnection))state!;
            connection.Socket.Dispose();
            ThreadPool.UnsafeQueueUserWorkItem(_ => client.SendAbort(connection.Id), null);
        }, (this, connection));

    private void SendAbort(long id)
    {
        try
        {
            var connection = Rent(CancellationToken.None);
            Span<byte> payload = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(payload, id);
            connection.Socket.Write(LinkFrame.Abort, payload);
            connection.Socket.Flush();
            Return(connection, ended: true);
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException or InvalidDataException)
        {
            // The engine process is gone or going: its calls end with it.
        }
    }

    private LinkConnection Rent(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        while (_idle.TryDequeue(out var idle))
        {
            if (!idle.Socket.Closed)
            {
                return idle;
            }
        }

        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        }
        catch (SocketException refused)
        {
            socket.Dispose();
            throw new IOException($"Could not connect to the engine process: {refused.Message}", refused);
        }

        var link = new LinkSocket(socket, maxPayloadBytes + 64 * 1024);
        try
        {
            link.Write(LinkFrame.Hello, System.Text.Encoding.UTF8.GetBytes(authorization));
            link.Flush();
            if (link.Read() is not { Kind: LinkFrame.Welcome, Payload.Length: 8 } welcome)
            {
                throw new IOException("The engine process refused the engine link.");
            }

            return new LinkConnection(link, BinaryPrimitives.ReadInt64LittleEndian(welcome.Payload.Span));
        }
        catch
        {
            link.Dispose();
            throw;
        }
    }
}

/// <summary>A connection of the engine link and the id the engine gave it.</summary>
internal sealed record LinkConnection(LinkSocket Socket, long Id)
{
    /// <summary>The Message that answers the call (valid until the next read); an Error is thrown.</summary>
    public ReadOnlyMemory<byte> ReadAnswer()
    {
        var frame = Socket.Read() ?? throw new IOException("The engine process closed the engine link.");
        return frame.Kind switch
        {
            LinkFrame.Message => frame.Payload,
            LinkFrame.Error => throw EngineLink.ReadError(frame.Payload.Span),
            _ => throw new InvalidDataException($"Unexpected engine link frame {frame.Kind}."),
        };
    }
}

/// <summary>The events of a streaming call; disposing it before the end closes its connection, which cancels the call.</summary>
internal sealed class LinkEventStream(EngineLinkClient client, LinkConnection connection, CancellationTokenRegistration aborting, CancellationToken cancellationToken)
    : IAsyncDisposable
{
    private bool _ended;

    public ExecuteEvent Current { get; private set; } = null!;

    public Task<bool> MoveNextAsync()
    {
        try
        {
            var frame = connection.Socket.Read() ?? throw new IOException("The engine process closed the engine link.");
            switch (frame.Kind)
            {
                case LinkFrame.Message:
                    // A batch's frame came in a buffer of its own: it becomes the event's, without a copy.
                    Current = connection.Socket.TakeFrameBuffer() is { } own
                        ? PooledBatches.Parse(own.Buffer, own.PayloadStart, frame.Payload.Length)
                        : PooledBatches.Parse(new ReadOnlySequence<byte>(frame.Payload));
                    return Task.FromResult(true);
                case LinkFrame.End:
                    _ended = true;
                    return Task.FromResult(false);
                case LinkFrame.Error:
                    _ended = true;
                    throw EngineLink.ReadError(frame.Payload.Span);
                default:
                    throw new InvalidDataException($"Unexpected engine link frame {frame.Kind}.");
            }
        }
        catch (Exception error) when (cancellationToken.IsCancellationRequested && error is not RpcException)
        {
            throw new OperationCanceledException(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await aborting.DisposeAsync();
        client.Return(connection, _ended);
    }
}
