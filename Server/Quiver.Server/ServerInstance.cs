using System.Security.Cryptography;
using Quiver.Protocol.V1;
using Quiver.Server.Grpc;

namespace Quiver.Server;

/// <summary>
/// The server instance's identity for clients: a random epoch chosen at start, so a restarted server never accepts a
/// session id from its previous life, and Ping, which reports it without creating anything.
/// </summary>
internal sealed class ServerInstance
{
    public ulong Epoch { get; } = NewEpoch();

    public Task<PingResponse> PingAsync(PingRequest request, GrpcCallContext call)
    {
        var state = request.Session switch
        {
            null => SessionState.Unspecified,
            { Epoch: var epoch } when epoch != Epoch => SessionState.Stale,
            // No session store exists yet, so every current-epoch id is unknown.
            _ => SessionState.Unknown,
        };
        return Task.FromResult(new PingResponse { ServerEpoch = Epoch, SessionState = state });
    }

    private static ulong NewEpoch()
    {
        ulong epoch;
        do
        {
            epoch = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));
        }
        while (epoch == 0);
        return epoch;
    }
}
