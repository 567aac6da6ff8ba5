using Google.Protobuf;
using Grpc.Core;
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
    /// <summary>The DoGet trailer with the most result bytes the server held at once while streaming.</summary>
    public const string MaxBufferedBytesTrailer = "quiver-max-buffered-bytes";

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
        var call = new CallContext(context);
        var command = FlightSqlCommands.Parse(request.Ticket_, "ticket");
        using var responses = new GrpcResponseStream<FlightData>(responseStream, call, options);
        if (FlightSqlCommands.Is(command, CommandGetSqlInfo.Descriptor))
        {
            var answer = FlightSqlInfo.Stream(CommandGetSqlInfo.Parser.ParseFrom(command.Value).Info);
            await responses.StartAsync();
            await FlightDataSink.WriteMessagesAsync(responses, answer.AsMemory(0, answer.Length - 8), followedAtOnce: false);
            return;
        }

        var statement = FlightSqlCommands.StatementFor(command, Connection(call));
        if (FlightSqlCommands.WantsTableSchemas(command))
        {
            var answer = await TablesWithSchemasAsync(statement, call);
            await responses.StartAsync();
            await FlightDataSink.WriteMessagesAsync(responses, answer, followedAtOnce: false);
            return;
        }

        var sink = new FlightDataSink(responses);
        var operationId = "flight-" + Guid.NewGuid().ToString("N");
        using (Connection(call).Running(request.Ticket_, operationId))
        {
            await RunAsync(statement, sink, call, operationId);
        }

        await sink.FinishAsync();
        // As quiver.v1's OperationEnd reports it: what backpressure kept the server's share of the result to.
        context.ResponseTrailers.Add(MaxBufferedBytesTrailer, sink.MaxBufferedBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public override async Task DoPut(IAsyncStreamReader<FlightData> requestStream, IServerStreamWriter<PutResult> responseStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.FlightDescriptor is not { } descriptor)
        {
            throw new RpcException(new global::Grpc.Core.Status(StatusCode.InvalidArgument, "DoPut's first message must carry a FlightDescriptor with a Flight SQL command."));
        }

        var first = requestStream.Current;
        var command = Command(descriptor);
        var call = new CallContext(context);
        var connection = Connection(call);
        if (FlightSqlCommands.Is(command, CommandPreparedStatementQuery.Descriptor))
        {
            // Binding: the values are kept with the statement for the GetFlightInfo/DoGet that follows.
            var prepared = connection.Prepared(CommandPreparedStatementQuery.Parser.ParseFrom(command.Value).PreparedStatementHandle);
            prepared.Parameters = await FlightParameters.ReadAsync(first, requestStream, options.MaxReceiveMessageBytes, context.CancellationToken);
            await responseStream.WriteAsync(new PutResult { AppMetadata = new DoPutPreparedStatementResult().ToByteString() });
            return;
        }

        if (FlightSqlCommands.Is(command, CommandStatementIngest.Descriptor))
        {
            var ingest = CommandStatementIngest.Parser.ParseFrom(command.Value);
            connection.CheckTransaction(ingest.HasTransactionId ? ingest.TransactionId : null);
            var target = FlightSqlCommands.IngestTarget(ingest);
            var chunks = FlightParameters.IngestStreamsAsync(first, requestStream, options.MaxReceiveMessageBytes, context.CancellationToken);
            ulong rows;
            try
            {
                rows = await quiver.IngestAsync(await SessionAsync(call), target, chunks, call);
            }
            catch (RpcException failure)
            {
                throw FlightStatus.WithSqlState(failure);
            }

            await responseStream.WriteAsync(new PutResult { AppMetadata = new DoPutUpdateResult { RecordCount = checked((long)rows) }.ToByteString() });
            return;
        }

        Statement statement;
        if (FlightSqlCommands.Is(command, CommandStatementUpdate.Descriptor))
        {
            // The client may still be sending (an empty batch, at least): take everything before answering, or a
            // client whose last write races the answer sees its call cancelled instead of the result.
            await FlightParameters.ReadAsync(first, requestStream, options.MaxReceiveMessageBytes, context.CancellationToken, allowEmpty: true);
            var update = CommandStatementUpdate.Parser.ParseFrom(command.Value);
            connection.CheckTransaction(update.HasTransactionId ? update.TransactionId : null);
            statement = new Statement { Sql = update.Query };
        }
        else if (FlightSqlCommands.Is(command, CommandPreparedStatementUpdate.Descriptor))
        {
            var prepared = connection.Prepared(CommandPreparedStatementUpdate.Parser.ParseFrom(command.Value).PreparedStatementHandle);
            connection.CheckTransaction(prepared.Transaction);
            var values = await FlightParameters.ReadAsync(first, requestStream, options.MaxReceiveMessageBytes, context.CancellationToken);
            statement = new Statement { Sql = prepared.Sql, Parameters = values.IsEmpty ? prepared.Parameters : values };
        }
        else
        {
            throw new RpcException(new global::Grpc.Core.Status(
                StatusCode.Unimplemented, $"DoPut of '{command.TypeUrl}' is not supported; CommandStatementUpdate, CommandStatementIngest and prepared statements are."));
        }

        var sink = new FlightDataSink(new Discard());
        await RunAsync(statement, sink, call);
        await responseStream.WriteAsync(new PutResult { AppMetadata = new DoPutUpdateResult { RecordCount = sink.RowsAffected }.ToByteString() });
    }

    public override async Task DoAction(Protocol.Action request, IServerStreamWriter<Result> responseStream, ServerCallContext context)
    {
        var call = new CallContext(context);
        var connection = Connection(call);
        switch (request.Type)
        {
            case "CreatePreparedStatement":
                var create = Unpack(request.Body, ActionCreatePreparedStatementRequest.Parser, ActionCreatePreparedStatementRequest.Descriptor);
                var transaction = create.HasTransactionId ? create.TransactionId : null;
                connection.CheckTransaction(transaction);
                var described = await DescribeAsync(create.Query, call);
                var result = new ActionCreatePreparedStatementResult
                {
                    PreparedStatementHandle = connection.Prepare(create.Query, transaction),
                    DatasetSchema = described.ResultSchema,
                    ParameterSchema = described.ParameterSchema,
                };
                await responseStream.WriteAsync(new Result { Body = Google.Protobuf.WellKnownTypes.Any.Pack(result).ToByteString() });
                break;
            case "BeginTransaction":
                Unpack(request.Body, ActionBeginTransactionRequest.Parser, ActionBeginTransactionRequest.Descriptor);
                var id = connection.BeginTransaction();
                try
                {
                    await RunAsync(new Statement { Sql = "BEGIN TRANSACTION" }, new FlightDataSink(new Discard()), call);
                }
                catch
                {
                    connection.EndTransaction(id);
                    throw;
                }

                var begun = new ActionBeginTransactionResult { TransactionId = id };
                await responseStream.WriteAsync(new Result { Body = Google.Protobuf.WellKnownTypes.Any.Pack(begun).ToByteString() });
                break;
            case "EndTransaction":
                var end = Unpack(request.Body, ActionEndTransactionRequest.Parser, ActionEndTransactionRequest.Descriptor);
                var sql = end.Action switch
                {
                    ActionEndTransactionRequest.Types.EndTransaction.Commit => "COMMIT",
                    ActionEndTransactionRequest.Types.EndTransaction.Rollback => "ROLLBACK",
                    _ => throw new RpcException(new global::Grpc.Core.Status(StatusCode.InvalidArgument, "EndTransaction needs action COMMIT or ROLLBACK.")),
                };
                connection.CheckTransaction(end.TransactionId);
                try
                {
                    await RunAsync(new Statement { Sql = sql }, new FlightDataSink(new Discard()), call);
                }
                finally
                {
                    // A failed COMMIT leaves DuckDB's transaction rolled back: the handle is spent either way.
                    connection.EndTransaction(end.TransactionId);
                }

                break;
            case "CancelFlightInfo":
                CancelFlightInfoRequest cancel;
                try
                {
                    cancel = CancelFlightInfoRequest.Parser.ParseFrom(request.Body);
                }
                catch (InvalidProtocolBufferException)
                {
                    throw new RpcException(new global::Grpc.Core.Status(StatusCode.InvalidArgument, "CancelFlightInfo's body must be a CancelFlightInfoRequest."));
                }

                var cancelled = 0u;
                foreach (var endpoint in cancel.Info?.Endpoint ?? [])
                {
                    if (endpoint.Ticket is { } ticket && connection.OperationOf(ticket.Ticket_) is { } running)
                    {
                        cancelled += (await quiver.CancelAsync(new CancelRequest { Session = await SessionAsync(call), OperationId = running }, call)).Cancelled;
                    }
                }

                if (cancelled == 0)
                {
                    throw new RpcException(new global::Grpc.Core.Status(StatusCode.NotFound, "No DoGet of that FlightInfo is running on this connection."));
                }

                await responseStream.WriteAsync(new Result { Body = new CancelFlightInfoResult { Status = CancelStatus.Cancelled }.ToByteString() });
                break;
            case "ClosePreparedStatement":
                connection.Close(Unpack(request.Body, ActionClosePreparedStatementRequest.Parser, ActionClosePreparedStatementRequest.Descriptor).PreparedStatementHandle);
                break;
            default:
                throw new RpcException(new global::Grpc.Core.Status(
                    StatusCode.Unimplemented,
                    $"The action '{request.Type}' is not supported; CreatePreparedStatement, ClosePreparedStatement, BeginTransaction, EndTransaction and CancelFlightInfo are."));
        }
    }

    public override async Task ListActions(Protocol.Empty request, IServerStreamWriter<ActionType> responseStream, ServerCallContext context)
    {
        await responseStream.WriteAsync(new ActionType { Type = "CreatePreparedStatement", Description = "Prepare a SQL statement (Flight SQL)." });
        await responseStream.WriteAsync(new ActionType { Type = "ClosePreparedStatement", Description = "Close a prepared statement (Flight SQL)." });
        await responseStream.WriteAsync(new ActionType { Type = "BeginTransaction", Description = "Begin a transaction on this connection (Flight SQL)." });
        await responseStream.WriteAsync(new ActionType { Type = "EndTransaction", Description = "Commit or roll back the connection's transaction (Flight SQL)." });
        await responseStream.WriteAsync(new ActionType { Type = "CancelFlightInfo", Description = "Cancel the running DoGet of a FlightInfo on this connection." });
    }

    private static T Unpack<T>(ByteString body, MessageParser<T> parser, Google.Protobuf.Reflection.MessageDescriptor descriptor)
        where T : IMessage<T>
    {
        var any = FlightSqlCommands.Parse(body, "action body");
        return FlightSqlCommands.Is(any, descriptor)
            ? parser.ParseFrom(any.Value)
            : throw new RpcException(new global::Grpc.Core.Status(StatusCode.InvalidArgument, $"The action body holds '{any.TypeUrl}', not {descriptor.FullName}."));
    }

    private static Google.Protobuf.WellKnownTypes.Any Command(FlightDescriptor descriptor)
        => descriptor.Type == FlightDescriptor.Types.DescriptorType.Cmd
            ? FlightSqlCommands.Parse(descriptor.Cmd, "descriptor's cmd")
            : throw new RpcException(new global::Grpc.Core.Status(StatusCode.InvalidArgument, "Only CMD descriptors holding a Flight SQL command are served (no PATH datasets)."));

    private async Task<ByteString> SchemaOfAsync(Google.Protobuf.WellKnownTypes.Any command, ServerCallContext context)
    {
        if (FlightSqlCommands.Is(command, CommandGetSqlInfo.Descriptor))
        {
            return FlightSqlInfo.Schema();
        }

        if (FlightSqlCommands.WantsTableSchemas(command))
        {
            return FlightSchemas.Encode(FlightTableSchemas.Schema);
        }

        var call = new CallContext(context);
        var described = await DescribeAsync(FlightSqlCommands.StatementFor(command, Connection(call)).Sql, call);
        return described.ResultSchema.IsEmpty ? FlightSchemas.Encode(new Quiver.Arrow.ArrowSchema([])) : described.ResultSchema;
    }

    private async Task<DescribeResponse> DescribeAsync(string sql, CallContext call)
    {
        try
        {
            return await quiver.DescribeAsync(new DescribeRequest { Session = await SessionAsync(call), Sql = sql }, call);
        }
        catch (RpcException failure)
        {
            throw FlightStatus.WithSqlState(failure);
        }
    }

    private async Task<byte[]> TablesWithSchemasAsync(Statement tables, CallContext call)
    {
        var rows = new FlightTableSchemas.Rows();
        await RunAsync(tables, rows, call);

        var described = new List<(string?[] Row, ByteString TableSchema)>(rows.Values.Count);
        foreach (var row in rows.Values)
        {
            var schema = (await DescribeAsync(FlightTableSchemas.SelectAllFrom(row[0], row[1], row[2]!), call)).ResultSchema;
            if (schema.IsEmpty)
            {
                described.Add((row, FlightSchemas.Encode(new Quiver.Arrow.ArrowSchema([]))));
                continue;
            }

            var columns = new FlightTableSchemas.Rows();
            await RunAsync(FlightTableSchemas.Columns(row[0], row[1], row[2]!), columns, call);
            described.Add((row, FlightTableSchemas.WithColumnMetadata(schema, row, columns.Values)));
        }

        return FlightTableSchemas.Encode(described);
    }

    private async Task RunAsync(Statement statement, IOperationSink sink, CallContext call, string? operationId = null)
    {
        var request = new ExecuteRequest { Session = await SessionAsync(call), OperationId = operationId ?? "flight-" + Guid.NewGuid().ToString("N") };
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

    // One session per client connection and principal, kept with the connection, so it goes with the connection (and
    // is then closed by the orphaned-session timeout like any quiver.v1 session). Calls on one connection may arrive
    // together: only one of them opens the session.
    private async Task<SessionRef> SessionAsync(CallContext call)
    {
        var connection = Connection(call);
        await connection.Opening.WaitAsync(call.CancellationToken);
        try
        {
            if (connection.Session is { } reference && quiver.IsOpen(reference, connection.Principal))
            {
                return reference;
            }

            var opened = await quiver.OpenSessionAsync(
                new OpenSessionRequest { MinProtocolVersion = QuiverService.ProtocolVersion, MaxProtocolVersion = QuiverService.ProtocolVersion, ClientName = "flight-sql" }, call);
            // A new session has no transaction: one the connection had open went with its old session.
            connection.Session = opened.Session;
            connection.ForgetTransaction();
            return opened.Session;
        }
        finally
        {
            connection.Opening.Release();
        }
    }

    private static FlightConnection Connection(CallContext call) => FlightConnection.Of(call.HttpContext!, call.Principal ?? "");

    private sealed class Discard : IResponseSink<FlightData>
    {
        public Task StartAsync() => Task.CompletedTask;

        public ValueTask WriteAsync(FlightData message, bool followedAtOnce = false) => ValueTask.CompletedTask;
    }
}
