using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Quiver.Server;

ServerOptions options;
try
{
    options = ServerOptions.Parse(args, Environment.GetEnvironmentVariable);
}
catch (ArgumentException error)
{
    Console.Error.WriteLine($"quiver-server: {error.Message}");
    return 2;
}

using var database = EmbeddedDatabase.Open(options);

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel =>
    // HTTP/2 only: on cleartext connections Http1AndHttp2 makes h2c (prior-knowledge) gRPC clients fail.
    kestrel.Listen(options.Listen, listen => listen.Protocols = HttpProtocols.Http2));

var app = builder.Build();
app.Run(GrpcFallback.Unimplemented);

app.Lifetime.ApplicationStarted.Register(() =>
{
    var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    var where = options.InMemory ? "an in-memory database" : database.Database.Path;
    Console.WriteLine($"Quiver server listening on {address} (DuckDB {Quiver.DuckDb.DuckDbDatabase.LibraryVersion}, {where})");
});

await app.RunAsync();
database.Checkpoint();
Console.WriteLine("Quiver server stopped.");
return 0;
