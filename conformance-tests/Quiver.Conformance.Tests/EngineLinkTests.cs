using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Quiver.Protocol.V1;

namespace Quiver.Conformance.Tests;

/// <summary>
/// The engine link between the server and an engine process, from the outside: a call the client gives up on stops in
/// the engine process, and whatever reaches the engine process's socket is validated before anything is served.
/// Frames are written here by hand (4-byte little-endian payload length, kind byte, payload), as docs/server.md gives them.
/// </summary>
public sealed class EngineLinkTests
{
    private const byte Hello = 1;
    private const byte Welcome = 2;
    private const byte Call = 3;
    private const byte Request = 4;
    private const byte Message = 6;
    private const byte Error = 8;
    private const byte PingMethod = 3;
    private const byte ExecuteMethod = 8;

    [Fact]
    public async Task A_client_that_goes_away_stops_its_statement_in_the_engine_process()
    {
        await using var server = await ServerProcess.StartWithTokensAsync(EngineProcessTests.Tokens);
        await using var session = await TestSession.OpenAsync(server, "alpha-token-0123456789");
        using (var gone = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.ExecuteAsync(session.Request(ExecuteTests.LongQuery), gone.Token));
        }

        // The session has one operation slot: it frees only when the engine process has stopped the statement, which
        // computes without reading its connection (the server aborts it on another one).
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                Assert.Equal(1, await session.ScalarAsync("SELECT 1"));
                break;
            }
            catch (RpcException busy) when (busy.StatusCode == StatusCode.FailedPrecondition && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(20);
            }
        }

        Assert.Single(EngineStartedLines(server, "alpha"));
    }

    [Fact]
    public async Task The_engine_process_socket_refuses_what_is_not_the_server_and_survives_malformed_frames()
    {
        await using var server = await ServerProcess.StartWithTokensAsync(EngineProcessTests.Tokens);
        await using (var first = await TestSession.OpenAsync(server, "beta-token-01234567890"))
        {
            Assert.Equal(1, await first.ScalarAsync("SELECT 1"));
        }

        var pid = EngineProcessTests.EnginePid(server, "beta");
        var arguments = (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Split('\0');
        var socketPath = arguments[Array.IndexOf(arguments, "--listen-socket") + 1];
        var token = (await File.ReadAllTextAsync($"/proc/{pid}/environ")).Split('\0').Single(v => v.StartsWith("QUIVER_TOKEN=", StringComparison.Ordinal))["QUIVER_TOKEN=".Length..];
        var hello = Frame(Hello, Encoding.UTF8.GetBytes("Bearer " + token));

        // Before it has authenticated, a connection is closed for: a frame longer than a Hello can be, a wrong token,
        // a frame that is not a Hello, and silence.
        var oversize = new byte[5];
        BinaryPrimitives.WriteInt32LittleEndian(oversize, 1 << 30);
        oversize[4] = Hello;
        Assert.Null(await SendAndReadAsync(socketPath, oversize));
        Assert.Null(await SendAndReadAsync(socketPath, Frame(Hello, Encoding.UTF8.GetBytes("Bearer not-the-engine-token"))));
        Assert.Null(await SendAndReadAsync(socketPath, Frame(Call, [PingMethod])));
        Assert.Null(await SendAndReadAsync(socketPath, Frame(0x42, [1, 2, 3])));
        var silent = Stopwatch.StartNew();
        Assert.Null(await SendAndReadAsync(socketPath, []));
        Assert.True(silent.Elapsed >= TimeSpan.FromSeconds(5), $"closed after {silent.Elapsed}: before the server could have said anything");

        // Once authenticated: a call of an unknown method or with a malformed request is answered with an error, and
        // the connection goes on serving.
        using var link = await ConnectAsync(socketPath);
        await link.SendAsync(hello);
        Assert.Equal(Welcome, (await ReadFrameAsync(link))?.Kind);

        await link.SendAsync(Frame(Call, [0x7F]));
        Assert.Equal(StatusCode.Unimplemented, ErrorStatus(await ReadFrameAsync(link)));
        await link.SendAsync(Frame(Call, [ExecuteMethod, 0xFF, 0xFF, 0xFF, 0xFF]));
        Assert.Equal(StatusCode.InvalidArgument, ErrorStatus(await ReadFrameAsync(link)));
        await link.SendAsync(Frame(Call, [PingMethod, .. new PingRequest().ToByteArray()]));
        var pong = await ReadFrameAsync(link);
        Assert.Equal(Message, pong?.Kind);
        Assert.NotEqual(0UL, PingResponse.Parser.ParseFrom(pong!.Value.Payload).ServerEpoch);

        // A frame that makes no sense where it comes closes the connection.
        await link.SendAsync(Frame(Request, [0xFF, 0xFF, 0xFF]));
        Assert.Null(await ReadFrameAsync(link));

        // None of it disturbed the engine process: the same one still serves the tenant.
        await using var after = await TestSession.OpenAsync(server, "beta-token-01234567890");
        Assert.Equal(1, await after.ScalarAsync("SELECT 1"));
        Assert.Single(EngineStartedLines(server, "beta"));
        Assert.True(Directory.Exists($"/proc/{pid}"));
    }

    private static IEnumerable<string> EngineStartedLines(ServerProcess server, string tenant) =>
        server.Output.Split('\n').Where(line => line.Contains($"Engine process of tenant '{tenant}' started", StringComparison.Ordinal));

    private static byte[] Frame(byte kind, byte[] payload)
    {
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length);
        frame[4] = kind;
        payload.CopyTo(frame, 5);
        return frame;
    }

    private static async Task<Socket> ConnectAsync(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
        return socket;
    }

    // What the engine process answers to these bytes: null when it closes the connection instead.
    private static async Task<(byte Kind, byte[] Payload)?> SendAndReadAsync(string path, byte[] bytes)
    {
        using var socket = await ConnectAsync(path);
        if (bytes.Length > 0)
        {
            await socket.SendAsync(bytes);
        }

        return await ReadFrameAsync(socket);
    }

    // The next frame, or null when the other side closed; a generous bound instead of a hang when it does neither.
    private static async Task<(byte Kind, byte[] Payload)?> ReadFrameAsync(Socket socket)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var header = new byte[5];
        if (!await ReadExactlyAsync(socket, header, bound.Token))
        {
            return null;
        }

        var payload = new byte[BinaryPrimitives.ReadInt32LittleEndian(header)];
        Assert.True(await ReadExactlyAsync(socket, payload, bound.Token), "the engine process closed in the middle of a frame");
        return (header[4], payload);
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            int got;
            try
            {
                got = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cancellationToken);
            }
            catch (SocketException reset) when (reset.SocketErrorCode == SocketError.ConnectionReset)
            {
                got = 0;
            }

            if (got == 0)
            {
                Assert.Equal(0, read);
                return false;
            }

            read += got;
        }

        return true;
    }

    private static StatusCode ErrorStatus((byte Kind, byte[] Payload)? frame)
    {
        Assert.Equal(Error, frame?.Kind);
        return (StatusCode)BinaryPrimitives.ReadInt32LittleEndian(frame!.Value.Payload);
    }
}
