using System.Diagnostics;
using System.Text;
using Quiver.Data;
using Quiver.Protocol.Sql;

namespace Quiver.Cli;

/// <summary>
/// Runs SQL and backslash commands on one connection, printing results, row counts and timing. A script (a file or
/// piped input) stops at its first failing statement unless told to go on.
/// </summary>
internal sealed class Shell(Func<QuiverConnection> connect, ResultPrinter printer, TextWriter errors, bool interactive, bool continueOnError)
{
    // Erases the "running..." line a long query prints; only an interactive shell prints one, and a pipe or file must
    // not receive terminal control codes.
    private string ClearLine => interactive ? "\r\u001b[K" : "";

    private QuiverConnection _connection = connect();
    private CancellationTokenSource? _running;
    private bool _timing = true;

    // The epoch of the server the session is on (a new one at every server start): a reconnect that lands on another
    // epoch means the server restarted.
    private ulong? _epoch;

    private ulong? Epoch => _connection.Connector?.Session.Epoch;

    public QuiverConnection Connection => _connection;

    /// <summary>Whether a statement has failed (the exit code of a script is 1 then).</summary>
    public bool Failed { get; private set; }

    /// <summary>Ctrl-C: cancels the running query, if any; true when it did.</summary>
    public bool CancelRunning()
    {
        var running = _running;
        if (running is null)
        {
            return false;
        }

        running.Cancel();
        return true;
    }

    /// <summary>Runs one input (SQL or a backslash command); returns false for \q.</summary>
    public async Task<bool> RunAsync(string input)
    {
        var text = input.Trim();
        if (text.StartsWith('\\'))
        {
            return await MetaAsync(text);
        }

        await SqlAsync(text);
        return true;
    }

    /// <summary>The loop over lines typed or piped in: statements may span lines and end with ';'. Returns the exit code.</summary>
    public async Task<int> LoopAsync(ILineReader input)
    {
        var buffer = new StringBuilder();
        while (true)
        {
            var read = await input.ReadAsync(continuation: buffer.Length > 0);
            if (read.Kind == InputKind.Interrupted)
            {
                buffer.Clear();
                continue;
            }

            if (read.Kind == InputKind.End)
            {
                if (buffer.ToString().Trim().Length > 0)
                {
                    await SqlAsync(buffer.ToString());
                }

                return Failed ? 1 : 0;
            }

            var line = read.Text;
            if (buffer.Length == 0 && line.TrimStart().StartsWith('\\'))
            {
                if (!await MetaAsync(line.Trim()))
                {
                    return Failed ? 1 : 0;
                }

                continue;
            }

            if (buffer.Length == 0 && line.Trim().Length == 0)
            {
                continue;
            }

            buffer.AppendLine(line);
            var text = buffer.ToString();
            if (IsComplete(text))
            {
                buffer.Clear();
                if (!await SqlAsync(text) && !interactive && !continueOnError)
                {
                    return 1;
                }
            }
        }
    }

    // Complete when the text ends with a semicolon that the lexer sees outside quotes and comments.
    private static bool IsComplete(string text)
    {
        var trimmed = text.TrimEnd();
        if (!trimmed.EndsWith(';'))
        {
            return false;
        }

        var pieces = SqlText.Split(trimmed);
        return pieces.Count > 0 && pieces[^1].Start + pieces[^1].Length < trimmed.Length;
    }

    /// <summary>Runs SQL and prints its results; false when it failed or was cancelled.</summary>
    private async Task<bool> SqlAsync(string sql)
    {
        if (sql.Trim().Length == 0)
        {
            return true;
        }

        _epoch = Epoch ?? _epoch;
        using var cancel = new CancellationTokenSource();
        _running = cancel;
        var clock = Stopwatch.StartNew();
        using var progress = interactive ? new Timer(_ => errors.Write($"\r  running... {clock.Elapsed.TotalSeconds:0} s (Ctrl-C cancels)"), null, 1000, 1000) : null;
        try
        {
            await using var command = new QuiverCommand(sql, _connection) { CommandTimeout = 0 };
            await using var reader = await command.ExecuteReaderAsync(cancel.Token);
            var printed = false;
            do
            {
                if (reader.FieldCount == 0)
                {
                    continue;
                }

                if (progress is not null)
                {
                    await progress.DisposeAsync();
                    errors.Write(ClearLine);
                }

                var rows = await printer.PrintAsync(reader, cancel.Token);
                printed = true;
                Summary($"({rows} row{(rows == 1 ? "" : "s")})", clock);
            }
            while (await reader.NextResultAsync(cancel.Token));

            if (!printed)
            {
                Summary(reader.RecordsAffected >= 0 ? $"({reader.RecordsAffected} row{(reader.RecordsAffected == 1 ? "" : "s")} affected)" : "OK", clock);
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            errors.WriteLine(ClearLine + "Cancelled.");
            Failed = true;
            return false;
        }
        catch (QuiverException error)
        {
            errors.Write(ClearLine);
            errors.WriteLine(ErrorText.Of(error, sql));
            Failed = true;
            // A lost connection (08006) or a session the server no longer has (it restarted): carry on in a new session.
            if (error.SqlState is "08006" or "08003" || error.ErrorClass is QuiverErrorClass.Session || _connection.State != System.Data.ConnectionState.Open)
            {
                await ReconnectAsync("the connection to the server was lost");
            }

            return false;
        }
        finally
        {
            _running = null;
        }
    }

    // Counts and timing go to stderr, so that piped output holds only the results.
    private void Summary(string what, Stopwatch clock)
    {
        errors.WriteLine(_timing ? $"{what}  Time: {clock.Elapsed.TotalMilliseconds:0.###} ms" : what);
    }

    /// <summary>Opens a new session; says so, since the old session's temp objects and settings are gone.</summary>
    private async Task ReconnectAsync(string why)
    {
        try
        {
            await _connection.DisposeAsync();
            _connection = connect();
            await _connection.OpenAsync();
            var restarted = _epoch is { } before && Epoch is { } after && before != after;
            _epoch = Epoch;
            errors.WriteLine($"Reconnected ({(restarted ? "the server restarted" : why)}): opened a new session; temp objects and settings are gone.");
        }
        catch (QuiverException error)
        {
            errors.WriteLine($"Could not reconnect ({why}): {error.Message}");
        }
    }

    private async Task<bool> MetaAsync(string command)
    {
        var parts = command.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        switch (parts[0])
        {
            case "\\q":
                return false;
            case "\\d" or "\\dt" when parts.Length == 1:
                await SqlAsync(
                    "SELECT schema_name AS schema, table_name AS name, 'table' AS type, estimated_size AS rows FROM duckdb_tables() WHERE NOT internal "
                    + "UNION ALL SELECT schema_name, view_name, 'view', NULL FROM duckdb_views() WHERE NOT internal ORDER BY 1, 2");
                return true;
            case "\\d":
                await using (var columns = new QuiverCommand(
                    "SELECT column_name AS column, data_type AS type, is_nullable AS nullable FROM information_schema.columns WHERE table_name = $t ORDER BY ordinal_position", _connection))
                {
                    columns.Parameters.AddWithValue("t", parts[1].Trim('"'));
                    await using var reader = await columns.ExecuteReaderAsync();
                    var rows = await printer.PrintAsync(reader, CancellationToken.None);
                    if (rows == 0)
                    {
                        errors.WriteLine($"No table named '{parts[1]}'.");
                    }
                }

                return true;
            case "\\x":
                printer.Expanded = parts.Length > 1 ? parts[1] == "on" : !printer.Expanded;
                errors.WriteLine($"Expanded display is {(printer.Expanded ? "on" : "off")}.");
                return true;
            case "\\timing":
                _timing = parts.Length > 1 ? parts[1] == "on" : !_timing;
                errors.WriteLine($"Timing is {(_timing ? "on" : "off")}.");
                return true;
            case "\\c":
                await ReconnectAsync("\\c");
                return true;
            case "\\?":
                errors.WriteLine(CliOptions.Commands);
                return true;
            default:
                errors.WriteLine($"Unknown command {parts[0]}; \\? lists them.");
                return true;
        }
    }
}

/// <summary>An error as the shell shows it: SQLSTATE and message, then the statement's line with a caret under the position.</summary>
internal static class ErrorText
{
    public static string Of(QuiverException error, string sql)
    {
        var text = new StringBuilder($"ERROR {error.SqlState}: {error.MessageText}");
        if (error.Line <= 0)
        {
            return text.ToString();
        }

        // Line and column count in the whole text sent.
        var lines = sql.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (error.Line > lines.Length)
        {
            return text.Append($" (line {error.Line}, column {error.Column})").ToString();
        }

        var prefix = $"LINE {error.Line}: ";
        text.Append('\n').Append(prefix).Append(lines[error.Line - 1]);
        text.Append('\n').Append(new string(' ', prefix.Length + Math.Max(0, error.Column - 1))).Append('^');
        return text.ToString();
    }
}
