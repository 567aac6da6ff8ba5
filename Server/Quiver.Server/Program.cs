using Quiver.DuckDb;
using Quiver.Protocol;
using Quiver.Server;
using Quiver.Server.Grpc;

ServerOptions options;
try
{
    options = ServerOptions.Parse(args, Environment.GetEnvironmentVariable);
}
catch (ArgumentException error)
{
    return Fail(2, error.Message);
}

EmbeddedDatabase database;
try
{
    database = EmbeddedDatabase.Open(options);
}
catch (Exception error) when (error is DuckDbException or IOException or UnauthorizedAccessException)
{
    return Fail(1, $"Could not open the database in '{options.DataFolder}': {error.Message}");
}

using (database)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    // The host logs a start-up failure with its stack trace before rethrowing it; we report it in one line below.
    builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
    builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenForGrpc(options.Listen));

    await using var app = builder.Build();
    TokenAuthenticator authenticator;
    try
    {
        authenticator = TokenAuthenticator.Create(options);
    }
    catch (Exception error) when (error is IOException or UnauthorizedAccessException)
    {
        return Fail(1, $"Could not write the access token to '{options.DataFolder}': {error.Message}");
    }

    var instance = new ServerInstance();
    var grpc = new GrpcRouter(
            new GrpcServerOptions(), app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Quiver.Server.Grpc"), authenticator.Authenticate)
        .MapUnary(QuiverMethods.Ping, instance.PingAsync);
    app.Run(grpc.HandleAsync);
    try
    {
        await app.StartAsync();
    }
    catch (IOException error)
    {
        return Fail(1, $"Could not listen on {options.Listen}: {error.Message}");
    }

    var address = app.BoundAddress();
    var where = options.InMemory ? "an in-memory database" : database.Database.Path;
    if (authenticator.TokenFile is { } tokenFile)
    {
        Console.WriteLine($"No --token given: generated one in {tokenFile} (owner-only). Clients send it as 'authorization: Bearer <token>'.");
    }
    else if (authenticator.GeneratedToken is { } token)
    {
        Console.WriteLine($"No --token given: generated one for this in-memory server. Clients send 'authorization: Bearer {token}'.");
    }

    Console.WriteLine($"Quiver server listening on {address} (DuckDB {DuckDbDatabase.LibraryVersion}, {where})");

    await app.WaitForShutdownAsync();
    database.Checkpoint();
}

Console.WriteLine("Quiver server stopped.");
return 0;

static int Fail(int exitCode, string message)
{
    Console.Error.WriteLine($"quiver-server: {message}");
    return exitCode;
}
