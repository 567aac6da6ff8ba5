using System.Diagnostics;
using System.Text;
using Quiver.Data;
using Quiver.Protocol.Sql;

namespace Quiver.Cli;

/// <summary>Runs SQL and backslash commands on one connection, printing results, row counts and timing.</summary>
internal sealed class Shell(QuiverConnection connection, ResultPrinter printer, TextWriter output, TextWriter errors, bool interactive)
{
    // Erases the "running..." line a long query prints; only an interactive shell prints one, and a pipe or file must
    // not receive terminal control codes.
    private string ClearLine => interactive ? "\r\u001b[K" : "";

    private CancellationTokenSource? _running;

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

    /// <summary>The interactive loop: statements may span lines and end with ';'.</summary>
    public async Task<int> LoopAsync(TextReader input)
    {
        var buffer = new StringBuilder();
        while (true)
        {
            if (interactive)
            {
                output.Write(buffer.Length == 0 ? "quiver> " : "   ...> ");
            }

            var line = await input.ReadLineAsync();
            if (line is null)
            {
                if (buffer.ToString().Trim().Length > 0)
                {
                    await SqlAsync(buffer.ToString());
                }

                return 0;
            }

            if (buffer.Length == 0 && line.TrimStart().StartsWith('\\'))
            {
                if (!await MetaAsync(line.Trim()))
                {
                    return 0;
                }

                continue;
            }

            buffer.AppendLine(line);
            var text = buffer.ToString();
            if (IsComplete(text))
            {
                buffer.Clear();
                await SqlAsync(text);
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

    private async Task SqlAsync(string sql)
    {
        if (sql.Trim().Length == 0)
        {
            return;
        }

        using var cancel = new CancellationTokenSource();
        _running = cancel;
        var clock = Stopwatch.StartNew();
        using var progress = interactive ? new Timer(_ => errors.Write($"\r  running... {clock.Elapsed.TotalSeconds:0} s (Ctrl-C cancels)"), null, 1000, 1000) : null;
        try
        {
            await using var command = new QuiverCommand(sql, connection) { CommandTimeout = 0 };
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
        }
        catch (OperationCanceledException)
        {
            errors.WriteLine(ClearLine + "Cancelled.");
        }
        catch (QuiverException error)
        {
            errors.WriteLine($"{ClearLine}ERROR {error.Message}");
            if (!interactive)
            {
                Environment.ExitCode = 1;
            }
        }
        finally
        {
            _running = null;
        }
    }

    // Counts and timing go to stderr, so that piped output holds only the results.
    private void Summary(string what, Stopwatch clock)
    {
        errors.WriteLine($"{what}  Time: {clock.Elapsed.TotalMilliseconds:0.###} ms");
    }

    private async Task<bool> MetaAsync(string command)
    {
        var parts = command.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        switch (parts[0])
        {
            case "\\q":
                return false;
            case "\\d" or "\\dt" when parts.Length == 1:
                await SqlAsync("SELECT table_schema AS schema, table_name AS name, table_type AS type FROM information_schema.tables "
                    + "WHERE table_schema NOT IN ('information_schema', 'pg_catalog') ORDER BY 1, 2");
                return true;
            case "\\d":
                await using (var columns = new QuiverCommand(
                    "SELECT column_name AS column, data_type AS type, is_nullable AS nullable FROM information_schema.columns WHERE table_name = $t ORDER BY ordinal_position", connection))
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
            case "\\?":
                errors.WriteLine(CliOptions.Usage);
                return true;
            default:
                errors.WriteLine($"Unknown command {parts[0]}; \\? lists them.");
                return true;
        }
    }
}
