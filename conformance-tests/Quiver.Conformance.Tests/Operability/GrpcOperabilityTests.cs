using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Quiver.Protocol;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Conformance.Tests.Operability;

/// <summary>The standard gRPC services beside quiver.v1, called with the clients Grpc.HealthCheck and Grpc.Reflection ship.</summary>
public sealed class GrpcOperabilityTests
{
    [Fact]
    public async Task Health_answers_SERVING_without_a_token_while_quiver_v1_still_requires_one()
    {
        await using var server = await ServerProcess.StartAsync();
        using var channel = QuiverChannel.Create(server.Address);

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());
        var refused = await Assert.ThrowsAsync<RpcException>(() => new QuiverClient(channel).PingAsync(new PingRequest()));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
    }

    [Fact]
    public async Task Reflection_is_off_unless_asked_for_and_then_lists_quiver_v1_to_authenticated_callers_only()
    {
        await using (var plain = await ServerProcess.StartAsync())
        {
            using var channel = QuiverChannel.Create(plain.Address);
            var off = await Assert.ThrowsAsync<RpcException>(() => ListServicesAsync(channel, plain.Token));
            Assert.Equal(StatusCode.Unimplemented, off.StatusCode);
        }

        await using var server = await ServerProcess.StartAsync(null, false, "--grpc-reflection", "true");
        using var reflecting = QuiverChannel.Create(server.Address);

        var services = await ListServicesAsync(reflecting, server.Token);
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => ListServicesAsync(reflecting, token: null));

        Assert.Contains(QuiverMethods.Service, services);
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    private static async Task<List<string>> ListServicesAsync(Grpc.Net.Client.GrpcChannel channel, string? token)
    {
        var headers = token is null ? null : new Metadata { { "authorization", $"Bearer {token}" } };
        using var call = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo(headers, DateTime.UtcNow.AddSeconds(60));
        try
        {
            await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception error) when (error is RpcException or InvalidOperationException)
        {
            // A server that refuses the call (no such service, no token) may answer and reset the stream before it reads
            // the request, failing the write as Cancelled; the call's own status comes with the response below.
        }
        var names = new List<string>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            names.AddRange(call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name));
        }

        return names;
    }
}
