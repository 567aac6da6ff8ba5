using System.Net;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.Grpc.Client;

namespace Quiver.Protocol.Tests.Grpc;

public sealed class GrpcHeaderTests
{
    [Theory]
    [InlineData("application/grpc", true)]
    [InlineData("application/grpc+proto", true)]
    [InlineData("application/grpc; charset=utf-8", true)]
    [InlineData("APPLICATION/GRPC", true)]
    [InlineData("application/grpc-web", false)]
    [InlineData("application/grpcx", false)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    public void Grpc_content_types_are_recognised(string? contentType, bool expected) =>
        Assert.Equal(expected, GrpcHeaders.IsGrpcContentType(contentType));

    [Fact]
    public void Binary_headers_are_written_unpadded_and_read_either_way()
    {
        byte[] value = [1, 2, 3, 4];
        var encoded = GrpcHeaders.EncodeBinary(value);

        Assert.Equal("AQIDBA", encoded);
        Assert.Equal(value, GrpcHeaders.DecodeBinary(encoded));
        Assert.Equal(value, GrpcHeaders.DecodeBinary("AQIDBA=="));
        Assert.Null(GrpcHeaders.DecodeBinary("not base64!"));
    }

    [Theory]
    [InlineData(400, GrpcStatusCode.Internal)]
    [InlineData(401, GrpcStatusCode.Unauthenticated)]
    [InlineData(403, GrpcStatusCode.PermissionDenied)]
    [InlineData(404, GrpcStatusCode.Unimplemented)]
    [InlineData(429, GrpcStatusCode.Unavailable)]
    [InlineData(502, GrpcStatusCode.Unavailable)]
    [InlineData(503, GrpcStatusCode.Unavailable)]
    [InlineData(504, GrpcStatusCode.Unavailable)]
    [InlineData(500, GrpcStatusCode.Unknown)]
    public void Http_statuses_map_as_grpc_specifies(int http, GrpcStatusCode expected) =>
        Assert.Equal(expected, GrpcStatusMapping.FromHttpStatus((HttpStatusCode)http));

    [Theory]
    [InlineData(0x0, GrpcStatusCode.Internal)]
    [InlineData(0x2, GrpcStatusCode.Internal)]
    [InlineData(0x7, GrpcStatusCode.Unavailable)]
    [InlineData(0x8, GrpcStatusCode.Cancelled)]
    [InlineData(0xb, GrpcStatusCode.ResourceExhausted)]
    [InlineData(0xc, GrpcStatusCode.PermissionDenied)]
    public void Http2_errors_map_as_grpc_specifies(long error, GrpcStatusCode expected) =>
        Assert.Equal(expected, GrpcStatusMapping.FromHttp2Error(error));

    [Fact]
    public void A_reset_stream_becomes_a_status_but_the_callers_cancellation_stays_a_cancellation()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var reset = new HttpProtocolException(0x8, "reset", null);

        var fromReset = Assert.IsType<GrpcStatusException>(GrpcStatusMapping.Translate(reset, "/a/b", CancellationToken.None, deadlinePassed: false));
        var fromCaller = Assert.IsType<OperationCanceledException>(
            GrpcStatusMapping.Translate(new TaskCanceledException(), "/a/b", cancelled.Token, deadlinePassed: false));
        var fromDeadline = Assert.IsType<GrpcStatusException>(
            GrpcStatusMapping.Translate(new TaskCanceledException(), "/a/b", CancellationToken.None, deadlinePassed: true));

        Assert.Equal(GrpcStatusCode.Cancelled, fromReset.Status);
        Assert.Equal(cancelled.Token, fromCaller.CancellationToken);
        Assert.Equal(GrpcStatusCode.DeadlineExceeded, fromDeadline.Status);
    }
}
