using System.Net.Sockets;
using Quiver.Protocol.V1;
using Quiver.Server.Workers;

namespace Quiver.Server.Tests.Workers;

public sealed class LinkSocketTests
{
    [Fact]
    public async Task Frames_of_every_size_arrive_whole_and_in_order_whatever_buffers_they_pass_through()
    {
        var (left, right) = await PairAsync(maxPayloadBytes: 8 << 20);
        using (left)
        using (right)
        {
            // Small frames between big ones: the reader's buffer grows for a big frame and shrinks after it.
            int[] sizes = [0, 10, 3 << 20, 7, 70_000, 65_531, 65_536, 1, 5 << 20, 2_000_000, 3];
            var writer = Task.Run(() =>
            {
                foreach (var size in sizes)
                {
                    left.Write(LinkFrame.Message, Pattern(size));
                    if (size % 2 == 0)
                    {
                        // Some frames leave in one write with the next.
                        left.Flush();
                    }
                }

                left.Write(LinkFrame.End);
                left.Flush();
            });

            foreach (var size in sizes)
            {
                var frame = right.Read();
                Assert.NotNull(frame);
                Assert.Equal(LinkFrame.Message, frame.Value.Kind);
                Assert.True(frame.Value.Payload.Span.SequenceEqual(Pattern(size)), $"the frame of {size} bytes came back changed");
            }

            Assert.Equal(LinkFrame.End, right.Read()?.Kind);
            await writer;
        }
    }

    [Fact]
    public async Task A_message_frame_carries_its_method_and_request_and_a_frame_over_the_limit_is_refused()
    {
        var (left, right) = await PairAsync(maxPayloadBytes: 1024);
        using (left)
        using (right)
        {
            var request = new ExecuteRequest { OperationId = "op", Statements = { new Statement { Sql = "SELECT 1" } } };
            left.Write(LinkFrame.Call, request, LinkMethod.Execute);
            left.Write(LinkFrame.Message, new byte[1025]);
            left.Flush();

            var call = right.Read()!.Value;
            Assert.Equal(LinkFrame.Call, call.Kind);
            Assert.Equal((byte)LinkMethod.Execute, call.Payload.Span[0]);
            Assert.Equal(request, ExecuteRequest.Parser.ParseFrom(call.Payload.Span[1..]));
            var refused = Assert.Throws<InvalidDataException>(() => right.Read());
            Assert.Contains("exceeds the limit of 1024", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_big_frame_s_buffer_can_be_taken_over_and_the_frames_after_it_still_arrive()
    {
        var (left, right) = await PairAsync(maxPayloadBytes: 8 << 20);
        using (left)
        using (right)
        {
            var writer = Task.Run(() =>
            {
                // One write: the reader's big buffer holds the start of the frames after the big one.
                left.Write(LinkFrame.Message, Pattern(1 << 20));
                left.Write(LinkFrame.Message, Pattern(5));
                left.Write(LinkFrame.Message, Pattern(200_000));
                left.Flush();
            });

            // Reading after all of it is in the socket (when the socket's buffers hold it all) puts the frames after the
            // big one into the big frame's buffer: the small frame read from there is not a buffer to take.
            await Task.WhenAny(writer, Task.Delay(TimeSpan.FromSeconds(5)));
            var big = right.Read()!.Value;
            var taken = right.TakeFrameBuffer();
            Assert.NotNull(taken);
            Assert.True(taken.Value.Buffer.AsSpan(taken.Value.PayloadStart, 1 << 20).SequenceEqual(Pattern(1 << 20)));
            Assert.Equal(1 << 20, big.Payload.Length);
            var small = right.Read()!.Value;
            Assert.Null(right.TakeFrameBuffer());
            Assert.True(small.Payload.Span.SequenceEqual(Pattern(5)));
            Assert.True(right.Read()!.Value.Payload.Span.SequenceEqual(Pattern(200_000)));
            await writer;
        }
    }

    private static byte[] Pattern(int size)
    {
        var bytes = new byte[size];
        for (var i = 0; i < size; i++)
        {
            bytes[i] = (byte)(i * 31 + size);
        }

        return bytes;
    }

    private static async Task<(LinkSocket Left, LinkSocket Right)> PairAsync(int maxPayloadBytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"quiver-link-test-{Guid.NewGuid():N}.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        try
        {
            // Room for all of a test's frames where the kernel allows it, so that a writer can finish before a read.
            var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified) { SendBufferSize = 4 << 20 };
            var accepting = listener.AcceptAsync();
            await client.ConnectAsync(new UnixDomainSocketEndPoint(path));
            var server = await accepting;
            return (new LinkSocket(client, maxPayloadBytes), new LinkSocket(server, maxPayloadBytes));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
