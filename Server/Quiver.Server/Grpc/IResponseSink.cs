namespace Quiver.Server.Grpc;

/// <summary>
/// Where an operation's events go: a quiver.v1 response stream, or another protocol's stream that translates them
/// (Arrow Flight's FlightData). Writes wait for the client, so a slow client holds the operation back.
/// </summary>
internal interface IResponseSink<in TMessage>
{
    /// <summary>Sends the response headers now, before any message.</summary>
    Task StartAsync();

    /// <summary>Writes a message; <paramref name="followedAtOnce"/>: another follows without waiting for the engine.</summary>
    ValueTask WriteAsync(TMessage message, bool followedAtOnce = false);

    /// <summary>Resets the stream now (the client sees the call fail), for a stream its handler cannot end yet.</summary>
    void Abort()
    {
    }
}
