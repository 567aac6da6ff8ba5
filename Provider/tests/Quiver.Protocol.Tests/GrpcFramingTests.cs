using System.Buffers;
using Quiver.Protocol.Grpc;

namespace Quiver.Protocol.Tests;

public sealed class GrpcFramingTests
{
    [Fact]
    public void Messages_are_read_back_whole_however_the_bytes_arrive()
    {
        var stream = new List<byte>();
        foreach (var length in new[] { 0, 1, 300, 70_000 })
        {
            var header = new byte[GrpcFraming.HeaderLength];
            GrpcFraming.WriteHeader(header, length);
            stream.AddRange(header);
            stream.AddRange(Enumerable.Repeat((byte)length, length));
        }

        var all = new ReadOnlySequence<byte>(stream.ToArray());
        var lengths = new List<int>();
        while (GrpcFraming.TryReadMessage(ref all, 1 << 20, out var message, out var compressed))
        {
            Assert.False(compressed);
            lengths.Add((int)message.Length);
        }

        Assert.Equal([0, 1, 300, 70_000], lengths);
        Assert.Equal(0, all.Length);

        var partial = new ReadOnlySequence<byte>(stream.ToArray(), 0, 5 + 0 + 5 + 1 + 5 + 299);
        Assert.True(GrpcFraming.TryReadMessage(ref partial, 1 << 20, out _, out _));
        Assert.True(GrpcFraming.TryReadMessage(ref partial, 1 << 20, out _, out _));
        Assert.False(GrpcFraming.TryReadMessage(ref partial, 1 << 20, out _, out _));
        Assert.Equal(5 + 299, partial.Length);
    }

    [Fact]
    public void A_message_over_the_limit_is_RESOURCE_EXHAUSTED_before_it_is_buffered()
    {
        var header = new byte[GrpcFraming.HeaderLength];
        GrpcFraming.WriteHeader(header, 5_000_000);
        var buffer = new ReadOnlySequence<byte>(header);

        var error = Assert.Throws<GrpcStatusException>(() => GrpcFraming.TryReadMessage(ref buffer, 4 << 20, out _, out _));
        Assert.Equal(GrpcStatusCode.ResourceExhausted, error.Status);
    }

    [Fact]
    public void An_unknown_compressed_flag_is_an_INTERNAL_error()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 2, 0, 0, 0, 0 });

        Assert.Equal(GrpcStatusCode.Internal, Assert.Throws<GrpcStatusException>(() => GrpcFraming.TryReadMessage(ref buffer, 100, out _, out _)).Status);
    }

    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("3S", 30_000_000L)]
    [InlineData("250m", 2_500_000L)]
    [InlineData("7u", 70L)]
    [InlineData("1000n", 10L)]
    [InlineData("99999999S", 999_999_990_000_000L)]
    public void Timeouts_parse_in_every_unit(string header, long ticks)
    {
        Assert.True(GrpcTimeout.TryParse(header, out var timeout));
        Assert.Equal(ticks, timeout.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("123456789S")]
    [InlineData("-1S")]
    [InlineData("1s")]
    public void Malformed_timeouts_are_refused(string header) => Assert.False(GrpcTimeout.TryParse(header, out _));

    [Fact]
    public void Timeouts_format_within_eight_digits_and_never_shorter()
    {
        foreach (var timeout in new[] { TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(90), TimeSpan.FromDays(3000) })
        {
            var header = GrpcTimeout.Format(timeout);
            Assert.InRange(header.Length, 2, 9);
            Assert.True(GrpcTimeout.TryParse(header, out var parsed));
            Assert.True(parsed >= timeout || header == "99999999H", $"{timeout} formatted as {header}");
        }
    }

    [Fact]
    public void Status_messages_are_percent_encoded_as_UTF_8()
    {
        const string message = "Syntax error at or near \"SELEC\" — 100% wrong ✓\n";
        var encoded = GrpcMessageEncoding.Encode(message);

        Assert.DoesNotContain(encoded, c => c is < ' ' or > '~');
        Assert.Contains("%25", encoded, StringComparison.Ordinal);
        Assert.Equal(message, GrpcMessageEncoding.Decode(encoded));
        Assert.Equal("50%zz and %4", GrpcMessageEncoding.Decode("50%zz and %4"));
    }
}
