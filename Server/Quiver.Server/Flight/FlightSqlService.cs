using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Connections.Features;
using Quiver.Protocol.V1;
using Quiver.Server.Flight.Protocol;
using Quiver.Server.Flight.Sql;
using Quiver.Server.Grpc;

namespace Quiver.Server.Flight;

/// <summary>
/// Arrow Flight SQL on the server's own host and port: each client connection gets one Quiver session (the same
/// sessions, limits, statement guard and engine safety as quiver.v1), queries run when their ticket is redeemed
/// (DoGet), and results are the Arrow messages quiver.v1 would send, carried as FlightData.
/// </summary>
internal sealed class FlightSqlService(QuiverService quiver, GrpcServerOptions options) : FlightService.FlightServiceBase
{
    private const string SessionItem = "quiver.flight.session";

    public override async Task Handshake(IAsyncStreamReader<HandshakeRequest> requestStream, IServerStreamWriter<HandshakeResponse> responseStream, ServerCallContext context)
    {
        // Authentication already happened (bearer token, or Basic with the token as password). A client that
        // authenticated with Basic gets the bearer token to use from now on, as Flight SQL clients expect.
        while (await requestStream.MoveNext(context.CancellationToken))
        {
        }

        if (GrpcAuthentication.BasicPasswordOf(context.GetHttpContext()) is { } token)
        {
            await context.WriteResponseHeadersAsync(new Metadata { { "authorization", "Bearer " + token } });
        }

        await responseStream.WriteAsync(new HandshakeResponse());
    }

    public override async Task<FlightInfo> GetFlightInfo(FlightDescriptor request, ServerCallContext context)
    {
        var command = Command(request);
        var schema = await SchemaOfAsync(command, context);
        var info = new FlightInfo { Schema = schema, FlightDescriptor = request, TotalRecords = -1, TotalBytes = -1, Ordered = true };
        info.Endpoint.Add(new FlightEndpoint { Ticket = FlightSqlCommands.TicketFor(command) });
        return info;
    }

    public override async Task<SchemaResult> GetSchema(FlightDescriptor request, ServerCallContext context)
        => new() { Schema = await SchemaOfAsync(Command(request), context) };

    public override async Task DoGet(Ticket request, IServerStreamWriter<FlightData> responseStream, ServerCallContext context)
    {
        var statement = FlightSqlCommands.StatementFor(FlightSqlCommands.Parse(request.Ticket_, "ticket"));
        var call = new GrpcCallContext(context);
        using var responses = new GrpcResponseStream<FlightData>(responseStream, call, options);
        var sink = new FlightDataSink(responses);
        await RunAsync(statement, sink, call);
        await sink.FinishAsync();
    }

    public override async Task DoPut(IAsyncStreamReader<FlightData> requestStream, IServerStreamWriter<PutResult> responseStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.FlightDescriptor is not { } descriptor)
        {
            throw new RpcException(new global::Grpc.Core.Status(StatusCode.InvalidArgument, "DoPut's first message must carry a FlightDescriptor with a Flight SQL command."));
        }

        var command = Command(descriptor);
        if (!FlightSqlCommands.Is(command, CommandStatementUpdate.Descriptor))
        {
            throw new RpcException(new global::Grpc.Core.Status(StatusCode.Unimplemented, $"DoPut of '{command.TypeUrl}' is not supported; CommandStatementUpdate is."));
        }

        var update = CommandStatementUpdate.Parser.ParseFrom(command.Value);
        FlightSqlCommands.RefuseTransaction(update.HasTransactionId);
        var call = new GrpcCallContext(context);
        var sink = new FlightDataSink(new Discard());
        await RunAsync(new Statement { Sql = update.Query }, sink, call);
        await responseStream.WriteAsync(new PutResult { AppMetadata = new DoPutUpdateResult { RecordCount = sink.RowsAffected }.ToByteString() });
    }

    private static Google.Protobuf.WellKnownTypes.Any Command(FlightDescriptor descriptor)
        => descriptor.Type == FlightDescriptor.Types.DescriptorType.Cmd
            ? FlightSqlCommands.Parse(descriptor.Cmd, "descriptor's cmd")
            : throw new RpcException(new global::Grpc.Core.Status(StatusCode.InvalidArgument, "Only CMD descriptors holding a Flight SQL command are served (no PATH datasets)."));

    private async Task<ByteString> SchemaOfAsync(Google.Protobuf.WellKnownTypes.Any command, ServerCallContext context)
    {
        var statement = FlightSqlCommands.StatementFor(command);
        var call = new GrpcCallContext(context);
        try
        {
            var described = await quiver.DescribeAsync(new DescribeRequest { Session = await SessionAsync(call), Sql = statement.Sql }, call);
            return described.ResultSchema.IsEmpty ? FlightSchemas.Encode(new Quiver.Arrow.ArrowSchema([])) : described.ResultSchema;
        }
        catch (RpcException failure)
        {
            throw FlightStatus.WithSqlState(failure);
        }
    }

    private async Task RunAsync(Statement statement, FlightDataSink sink, GrpcCallContext call)
    {
        var request = new ExecuteRequest { Session = await SessionAsync(call), OperationId = "flight-" + Guid.NewGuid().ToString("N") };
        request.Statements.Add(statement);
        try
        {
            await quiver.ExecuteAsync(request, sink, call);
        }
        catch (RpcException failure)
        {
            throw FlightStatus.WithSqlState(failure);
        }

        if (sink.Error is { } error)
        {
            throw FlightStatus.Exception(error);
        }
    }

    // One session per client connection, kept in the connection's items, so it goes with the connection (and is then
    // closed by the orphaned-session timeout like any quiver.v1 session).
    private async Task<SessionRef> SessionAsync(GrpcCallContext call)
    {
        var items = call.HttpContext.Features.Get<IConnectionItemsFeature>()?.Items;
        var principal = call.Principal ?? "";
        if (items?.TryGetValue(SessionItem, out var kept) == true && kept is (string owner, SessionRef reference) && owner == principal
            && quiver.IsOpen(reference, principal))
        {
            return reference;
        }

        var opened = await quiver.OpenSessionAsync(
            new OpenSessionRequest { MinProtocolVersion = QuiverService.ProtocolVersion, MaxProtocolVersion = QuiverService.ProtocolVersion, ClientName = "flight-sql" }, call);
        if (items is not null)
        {
            items[SessionItem] = (principal, opened.Session);
        }

        return opened.Session;
    }

    private sealed class Discard : IResponseSink<FlightData>
    {
        public Task StartAsync() => Task.CompletedTask;

        public ValueTask WriteAsync(FlightData message, bool followedAtOnce = false) => ValueTask.CompletedTask;
    }
}
