using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Quiver.DuckDb;
using Quiver.Server;
using Quiver.Server.Admin;
using Quiver.Server.Execution;
using Quiver.Server.Grpc;
using Quiver.Server.Sessions;
using Quiver.Server.Sql;
using Quiver.Server.Telemetry;

FileModes.OwnerOnly();
ServerOptions options;
TokenAuthenticator authenticator;
X509Certificate2? certificate;
try
{
    options = ServerOptions.Parse(args, Environment.GetEnvironmentVariable);
    certificate = options.TlsCertificate is { } certFile ? LoadCertificate(certFile, options.TlsKey!) : null;
    authenticator = options.TokensFile is not null ? TokenAuthenticator.Create(options) : null!;
}
catch (ArgumentException error)
{
    return Fail(2, error.Message);
}

try
{
    if (options.ListenSocket is { } socketPath)
    {
        GrpcHosting.ClaimSocketPath(socketPath);
    }
}
catch (Exception error) when (error is IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
{
    return Fail(1, $"Could not listen on {options.ListenSocket}: {error.Message}");
}

TenantDatabases databases;
var functions = new ServerFunctions();
try
{
    var defaultIsolated = (authenticator?.TenantSettings.GetValueOrDefault(EmbeddedDatabase.DefaultTenant)?.Isolation ?? options.TenantIsolation) == TenantSettings.OwnProcess
        && options.WorkerTenant is null;
    databases = new TenantDatabases(options, authenticator?.TenantCount ?? 1, functions.RegisterOn, authenticator?.TenantSettings, openDefault: !defaultIsolated);
}
catch (Exception error) when (error is DuckDbException or IOException or UnauthorizedAccessException)
{
    return Fail(1, $"Could not open the database in '{options.DataFolder}': {error.Message}");
}

using (databases)
{
    try
    {
        authenticator ??= TokenAuthenticator.Create(options);
    }
    catch (Exception error) when (error is IOException or UnauthorizedAccessException)
    {
        return Fail(1, $"Could not write the access token to '{options.DataFolder}': {error.Message}");
    }

    // DuckDB calls block their thread while the engine works. Enough pool threads for every operation slot keeps a
    // burst of long queries from delaying other calls (a Cancel, a Ping) behind the thread pool's slow growth.
    ThreadPool.GetMinThreads(out var workers, out var io);
    ThreadPool.SetMinThreads(Math.Max(workers, options.MaxConcurrentOperations + 16), io);

    // Set once the session registry exists; Kestrel calls it for every client connection that closes.
    Action<string>? connectionClosed = null;
    // Set before the server starts; the first call resolves it.
    QuiverService? service = null;
    Quiver.Server.Workers.WorkerRelay? relay = null;
    var builder = WebApplication.CreateSlimBuilder();
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    // The host logs a start-up failure with its stack trace before rethrowing it; we report it in one line below.
    builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
    builder.WebHost.ConfigureKestrel(kestrel =>
    {
        kestrel.Limits.MaxRequestBodySize = null;
        // Pings find connections whose client vanished without a FIN (a network partition, a frozen VM): Kestrel closes
        // them, which cancels their calls and frees their operations.
        if (options.KeepAliveInterval > TimeSpan.Zero)
        {
            kestrel.Limits.Http2.KeepAlivePingDelay = options.KeepAliveInterval;
            kestrel.Limits.Http2.KeepAlivePingTimeout = options.KeepAliveTimeout;

            // Pings find dead clients, so a live client's idle connection is kept: its sessions are tied to it.
            // (Measured: Timeout.InfiniteTimeSpan here makes Kestrel close every idle connection within seconds.)
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromDays(1);
        }

        // An engine process serves the server that started it, on its socket only.
        if (options.WorkerTenant is null)
        {
            kestrel.ListenForGrpc(options.Listen, certificate, id => connectionClosed?.Invoke(id));
        }

        if (options.AdminListen is { } admin)
        {
            kestrel.ListenForAdmin(admin);
        }

        if (options.ListenSocket is { } socket)
        {
            kestrel.ListenForGrpcSocket(socket, id => connectionClosed?.Invoke(id));
        }
    });

    builder.Services.AddQuiverGrpc(new GrpcServerOptions
    {
        MaxReceiveMessageBytes = options.MaxMessageBytes,
        MaxSendMessageBytes = options.MaxMessageBytes,
        CompressResponses = options.CompressResponses,
        StreamStallTimeout = options.StreamStallTimeout,
        Reflection = options.GrpcReflection,
    });
    builder.Services.AddQuiverObservability(options, QuiverService.ServerVersion);
    builder.Services.AddSingleton(_ => service ?? throw new InvalidOperationException("A call arrived before the service was ready."));
    builder.Services.AddSingleton(_ => relay ?? throw new InvalidOperationException("A call arrived before the service was ready."));
    builder.Services.AddSingleton<QuiverGrpcService>();
    builder.Services.AddSingleton<Quiver.Server.Flight.FlightSqlService>();
    await using var app = builder.Build();
    var loggers = app.Services.GetRequiredService<ILoggerFactory>();
    using var sessions = new SessionRegistry(SessionRegistry.NewEpoch(), options, databases.Get);
    await using var engines = new Quiver.Server.Workers.EngineWorkers(
        options, authenticator.TenantSettings, databases.MemoryLimit, loggers.CreateLogger("Quiver.Server.Engines"));
    connectionClosed = id =>
    {
        sessions.ConnectionClosed(id);
        engines.ConnectionClosed(id);
    };
    var admission = new Admission(options.MaxConcurrentOperations, options.MaxOperationsPerPrincipal, options.OperationQueueTimeout);
    using var telemetry = new ServerTelemetry(loggers.CreateLogger("Quiver.Server"), options.EventLog, () => sessions.Count, () => admission.Waiting, options.QueryHistory);
    functions.Attach(sessions, telemetry.History);
    sessions.Closed += telemetry.SessionClosed;
    var errors = new EngineErrors(options.InMemory ? null : options.DataFolder);
    var execute = new ExecuteHandler(sessions, options, errors, admission, telemetry);
    service = new QuiverService(sessions, options, authenticator.TenantOf, execute, errors, telemetry, engines.IsIsolated);
    relay = new Quiver.Server.Workers.WorkerRelay(engines, authenticator.TenantOf, admission);
    if (options.WorkerTenant is not null)
    {
        // An engine process: the server that started it calls over the engine link on its socket, not gRPC.
        return await ServeEngineLinkAsync(options, service, authenticator, sessions, databases, loggers.CreateLogger("Quiver.Server.Engines"));
    }

    if (options.AdminListen is not null)
    {
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context => AdminEndpoint.IsAdmin(context) && context.Request.Path == AdminEndpoint.MetricsPath);
        app.UseAdminEndpoint(app.Lifetime);
    }

    app.MapQuiverGrpc<QuiverGrpcService>(authenticator.Authenticate);
    // Draining: once shutdown starts, close every session, which cancels running operations, so in-flight calls end
    // promptly and Kestrel's wait for them is short.
    app.Lifetime.ApplicationStopping.Register(sessions.CloseAll);
    try
    {
        await app.StartAsync();
    }
    catch (IOException error)
    {
        return Fail(1, $"Could not listen on {options.Listen}{(options.ListenSocket is { } path ? " and " + path : "")}: {error.Message}");
    }

    var address = app.BoundAddress();
    if (args.Any(a => a == "--token" || a.StartsWith("--token=", StringComparison.Ordinal)))
    {
        Console.Error.WriteLine(
            "quiver-server: warning: --token on the command line is visible to every user of this machine (ps); pass it in QUIVER_TOKEN or use --tokens-file.");
    }

    var where = options.InMemory ? "an in-memory database" : databases.Default?.Path ?? "engine processes";
    if (authenticator.TokenFile is { } tokenFile)
    {
        Console.WriteLine($"No --token given: generated one in {tokenFile} (owner-only). Clients send it as 'authorization: Bearer <token>'.");
    }
    else if (authenticator.GeneratedToken is { } token)
    {
        Console.WriteLine($"No --token given: generated one for this in-memory server. Clients send 'authorization: Bearer {token}'.");
    }

    if (options.AdminListen is not null)
    {
        // Printed before the readiness line, so whoever waits for that line can read this one too.
        Console.WriteLine($"Admin endpoint on {app.BoundAddresses()[1]} (/healthz, /readyz, {AdminEndpoint.MetricsPath})");
    }

    if (options.ListenSocket is { } listenSocket)
    {
        Console.WriteLine($"Also listening on the Unix socket {listenSocket} (owner-only)");
    }

    Console.WriteLine($"Quiver server listening on {address} (DuckDB {DuckDbDatabase.LibraryVersion}, {where})");

    await app.WaitForShutdownAsync();
    if (options.ListenSocket is { } socketFile)
    {
        File.Delete(socketFile);
    }

    sessions.CloseAll();
    databases.CheckpointAll();
}

Console.WriteLine("Quiver server stopped.");
return 0;

static async Task<int> ServeEngineLinkAsync(
    ServerOptions options, QuiverService service, TokenAuthenticator authenticator, SessionRegistry sessions, TenantDatabases databases, ILogger log)
{
    var path = options.ListenSocket!;
    using var link = new Quiver.Server.Workers.EngineLinkHost(() => service, authenticator.Authenticate, options.MaxMessageBytes, log);
    try
    {
        link.Start(path);
    }
    catch (System.Net.Sockets.SocketException error)
    {
        return Fail(1, $"Could not listen on {path}: {error.Message}");
    }

    Console.WriteLine($"Quiver server listening on unix:{path} (DuckDB {DuckDbDatabase.LibraryVersion}, engine process of tenant '{options.WorkerTenant}')");

    // The server that started this engine process holds its standard input: when that closes, the server is gone.
    await Console.OpenStandardInput().CopyToAsync(Stream.Null);
    link.Dispose();
    File.Delete(path);
    sessions.CloseAll();
    databases.CheckpointAll();
    Console.WriteLine("Quiver server stopped.");
    return 0;
}

static int Fail(int exitCode, string message)
{
    Console.Error.WriteLine($"quiver-server: {message}");
    return exitCode;
}

static X509Certificate2 LoadCertificate(string certificateFile, string keyFile)
{
    try
    {
        using var pem = X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        // Kestrel needs the key in a form the platform's TLS can use; a PKCS#12 round trip gives that.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
    catch (Exception error) when (error is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
    {
        throw new ArgumentException($"Could not load the TLS certificate '{certificateFile}' with key '{keyFile}': {error.Message}");
    }
}
