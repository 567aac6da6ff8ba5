using Quiver.Data;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Conformance.Tests;

/// <summary>The server on a Unix domain socket (--listen-socket), reached by Quiver.Data with a path as Host.</summary>
public sealed class UnixSocketTests
{
    private static string NewSocketPath() => Path.Combine(Path.GetTempPath(), $"quiver-{Guid.NewGuid():N}.sock");

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Quiver_Data_reads_a_large_result_over_the_socket_and_the_socket_file_is_the_owner_s_only()
    {
        var socket = NewSocketPath();
        await using (var server = await ServerProcess.StartAsync(null, false, "--listen-socket", socket))
        {
            Assert.Contains($"Also listening on the Unix socket {socket}", server.Output, StringComparison.Ordinal);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(socket) & ~UnixFileMode.UserExecute);

            await using var connection = new QuiverConnection($"Host={socket};Token={server.Token}");
            await connection.OpenAsync();
            await using var command = new QuiverCommand("SELECT i, 'row-' || i FROM range(1000000) t(i)", connection);
            await using var reader = await command.ExecuteReaderAsync();
            var expected = 0L;
            while (await reader.ReadAsync())
            {
                Assert.Equal(expected, reader.GetInt64(0));
                Assert.Equal($"row-{expected}", reader.GetString(1));
                expected++;
            }

            Assert.Equal(1_000_000, expected);

            // grpc-js, a gRPC implementation we did not write, speaks to the socket too.
            var ping = await Quiver.GrpcPeers.GrpcJsClient.CallAsync("unix:" + socket, new
            {
                service = Quiver.Protocol.QuiverMethods.Service, method = "Ping", request = new { }, metadata = server.AuthorizationMetadata,
            });
            Assert.Equal(0, ping.StatusCode);
            Assert.NotEqual("0", ping.Messages.Single()["serverEpoch"]!.GetValue<string>());

            // A session opened over the socket is a session like any other: the TCP listener sees the same server.
            await using var tcp = await TestSession.OpenAsync(server);
            Assert.Equal(1L, await tcp.ScalarAsync("SELECT 1::BIGINT"));
            await server.TerminateAsync(TimeSpan.FromSeconds(30));
        }

        Assert.False(File.Exists(socket), "a cleanly stopped server removes its socket file");
    }

    [Fact]
    public async Task A_socket_file_left_by_a_killed_server_is_replaced_and_one_a_live_server_answers_on_is_refused()
    {
        var socket = NewSocketPath();
        await using (var killed = await ServerProcess.StartAsync(null, false, "--listen-socket", socket))
        {
            killed.Signal(9);
            await killed.WaitForExitAsync();
        }

        Assert.True(File.Exists(socket));
        await using var server = await ServerProcess.StartAsync(null, false, "--listen-socket", socket);
        using var channel = QuiverChannel.CreateForUnixSocket(socket);
        await using var session = await TestSession.OpenAsync(server, channel: channel);
        Assert.Equal(2L, await session.ScalarAsync("SELECT 2::BIGINT"));

        var (exitCode, output) = await ServerProcess.RunToExitAsync("--listen", "127.0.0.1:0", "--data", ":memory:", "--listen-socket", socket);
        Assert.Equal(1, exitCode);
        Assert.Contains($"Another server is listening on {socket}", output, StringComparison.Ordinal);
        Assert.Equal(3L, await session.ScalarAsync("SELECT 3::BIGINT"));
    }

    [Theory]
    [InlineData("relative/quiver.sock")]
    [InlineData("/tmp/a-socket-path-far-longer-than-the-one-hundred-and-seven-bytes-a-unix-socket-address-can-hold-on-linux.sock")]
    public async Task A_socket_path_that_cannot_work_is_refused_at_start(string path)
    {
        var (exitCode, output) = await ServerProcess.RunToExitAsync("--listen", "127.0.0.1:0", "--data", ":memory:", "--listen-socket", path);

        Assert.Equal(2, exitCode);
        Assert.Contains("--listen-socket needs an absolute path of at most 107 bytes", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TLS_over_a_socket_is_refused_with_a_message_that_says_why()
    {
        var refused = Assert.Throws<ArgumentException>(() => new QuiverConnection("Host=/run/quiver.sock;TLS=true;Token=0123456789abcdef0123").Open());
        Assert.Contains("Unix socket", refused.Message, StringComparison.Ordinal);
    }
}
