using System.Diagnostics;
using System.Text.Json;

namespace Quiver.GrpcPeers;

/// <summary>flight-sql-client.mjs: grpc-js and apache-arrow (npm) as a non-.NET Flight SQL client.</summary>
public static class FlightSqlJsClient
{
    /// <summary>Runs <paramref name="sql"/> as a Flight SQL statement query; the JSON summary the script printed.</summary>
    public static async Task<JsonDocument> QueryAsync(string address, string token, string sql)
    {
        using var process = Process.Start(NodePeer.StartInfo("flight-sql-client.mjs", address, token, sql))
            ?? throw new InvalidOperationException("node did not start.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("flight-sql-client.mjs did not finish within two minutes.");
        }

        var output = await stdout;
        return process.ExitCode == 0 && !string.IsNullOrWhiteSpace(output)
            ? JsonDocument.Parse(output)
            : throw new InvalidOperationException($"flight-sql-client.mjs failed (exit {process.ExitCode}): {output}{await stderr}");
    }
}
