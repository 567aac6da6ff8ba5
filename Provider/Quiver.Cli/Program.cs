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

QuiverConnection Connect() => new(options.ConnectionString + ";Pooling=false");
var printer = new ResultPrinter(Console.Out, options.Format);
var interactive = options.Command is null && options.File is null && !Console.IsInputRedirected;
var shell = new Shell(Connect, printer, Console.Error, interactive, options.ContinueOnError);
var connection = shell.Connection;
try
{
    await connection.OpenAsync();
}
catch (Exception error) when (error is QuiverException or ArgumentException)
{
    Console.Error.WriteLine($"Could not connect to {connection.DataSource}: {error.Message}");
    return 1;
}

Console.CancelKeyPress += (_, e) =>
{
    // Ctrl-C stops the query, not the shell; with nothing running it quits as usual.
    e.Cancel = shell.CancelRunning();
};

if (options.Command is { } command)
{
    await shell.RunAsync(command);
    return shell.Failed ? 1 : 0;
}

if (options.File is { } file)
{
    if (!File.Exists(file))
    {
        Console.Error.WriteLine($"No such file: {file}");
        return 2;
    }

    using var script = File.OpenText(file);
    var code = await shell.LoopAsync(new TextLineReader(script, prompts: null));
    await shell.Connection.DisposeAsync();
    return code;
}

if (interactive)
{
    Console.Error.WriteLine($"Connected to Quiver {connection.ServerVersion} ({connection.EngineVersion}) at {connection.DataSource}. \\? for help, \\q to quit.");
}

ILineReader input = interactive && TerminalLineReader.IsSupported
    ? new TerminalLineReader(CommandHistory.Open(Environment.GetEnvironmentVariable))
    : new TextLineReader(Console.In, interactive ? Console.Out : null);
var exit = await shell.LoopAsync(input);
await shell.Connection.DisposeAsync();
return exit;
