using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Quiver.GrpcPeers;

/// <summary>What grpc-js saw for one call: the response messages, the status, and a decoded quiver-error-bin.</summary>
public sealed record GrpcJsResult(IReadOnlyList<JsonObject> Messages, int StatusCode, string Details, JsonObject? Error, string Raw);

/// <summary>Calls one RPC with grpc-js (grpc-client.mjs), as an application in another language would.</summary>
public static class GrpcJsClient
{
    /// <summary>
    /// Makes the call described by <paramref name="call"/> (see grpc-client.mjs: service, method, request, deadlineMs,
    /// cancelAfter, gzip, metadata, maxReceive) against <paramref name="address"/> (host:port).
    /// </summary>
    public static async Task<GrpcJsResult> CallAsync(string address, object call)
    {
        using var process = Process.Start(NodePeer.StartInfo("grpc-client.mjs", address, JsonSerializer.Serialize(call)))
            ?? throw new InvalidOperationException("node did not start.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"grpc-client.mjs did not finish within a minute: {JsonSerializer.Serialize(call)}");
        }

        var output = await stdout;
        if (process.ExitCode != 0 || string.IsNullOrWhiteSpace(output))
        {
            throw new InvalidOperationException($"grpc-client.mjs failed (exit {process.ExitCode}): {output}{await stderr}");
        }

        var result = JsonNode.Parse(output)!.AsObject();
        var status = result["status"]!.AsObject();
        return new GrpcJsResult(
            result["messages"]!.AsArray().Select(m => m!.AsObject()).ToList(),
            status["code"]!.GetValue<int>(),
            status["details"]!.GetValue<string>(),
            result["error"]?.AsObject(),
            output);
    }
}
