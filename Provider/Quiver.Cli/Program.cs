using Quiver.Cli;
using Quiver.Data;

CliOptions options;
try
{
    options = CliOptions.Parse(args);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}

if (options.Help)
{
    Console.WriteLine(CliOptions.Usage);
    return 0;
}

await using var connection = new QuiverConnection(options.ConnectionString + ";Pooling=false");
try
{
    await connection.OpenAsync();
}
catch (Exception error) when (error is QuiverException or ArgumentException)
{
    Console.Error.WriteLine($"Could not connect to {connection.DataSource}: {error.Message}");
    return 1;
}

var interactive = options.Command is null && !Console.IsInputRedirected;
var shell = new Shell(connection, new ResultPrinter(Console.Out, options.Format), Console.Out, Console.Error, interactive);
Console.CancelKeyPress += (_, e) =>
{
    // Ctrl-C stops the query, not the shell; with nothing running it quits as usual.
    e.Cancel = shell.CancelRunning();
};

if (options.Command is { } command)
{
    await shell.RunAsync(command);
    return Environment.ExitCode;
}

if (interactive)
{
    Console.Error.WriteLine($"Connected to Quiver {connection.ServerVersion} ({connection.EngineVersion}) at {connection.DataSource}. \\? for help, \\q to quit.");
}

return await shell.LoopAsync(Console.In);
