using System.Data;
using System.Diagnostics;
using Quiver.Data.Diagnostics;
using Quiver.Protocol.V1;

namespace Quiver.Data.Internal;

/// <summary>Starts an Execute call for a command or a batch and opens the reader over its events.</summary>
internal static class CommandRunner
{
    public static async Task<QuiverDataReader> ExecuteAsync(
        QuiverConnection connection, Connector connector, ExecuteRequest request, CommandBehavior behavior, string sql, int timeoutSeconds,
        Action<string?> running, bool async, CancellationToken cancellationToken, Action<int, long>? statementEnded = null)
    {
        var activity = ProviderTelemetry.StartCommand(connection.Source, connector.Database, sql);
        var started = Stopwatch.GetTimestamp();
        var timeout = timeoutSeconds == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(timeoutSeconds);
        ResultStream stream;
        try
        {
            stream = await connector.WhenIdleAsync(
                token => ResultStream.StartAsync(t => connector.ExecuteAsync(request, t), timeout, sql, token, connector.Resumption(request.OperationId)), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            connection.Source.Telemetry.EndCommand(activity, started, 0, 0, error);
            if (error is QuiverException quiver && Errors.BreaksSession(quiver))
            {
                connector.IsBroken = true;
            }

            // Abandoned before the first event: the server may have started the operation and still be stopping it.
            connector.MayBeBusy |= error is OperationCanceledException || (error as QuiverException)?.ErrorClass == QuiverErrorClass.Timeout;
            connector.IsSuspect |= ResultStream.IsClientTimeout(error);

            throw;
        }

        running(request.OperationId);
        return await QuiverDataReader.StartAsync(connection, behavior, stream, activity, started, running, statementEnded, async, cancellationToken).ConfigureAwait(false);
    }
}
