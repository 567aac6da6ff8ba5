using System.Text;
using Apache.Arrow;
using Apache.Arrow.Flight;
using Apache.Arrow.Flight.Client;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Quiver.Conformance.Tests.Ado;
using Quiver.Protocol.Grpc;
using Quiver.Server.Flight.Sql;

namespace Quiver.Conformance.Tests.Flight;

/// <summary>
/// The server's Flight SQL front door, driven by Apache.Arrow.Flight's FlightClient sending Flight SQL commands as a
/// Flight SQL client does (each packed in google.protobuf.Any), against the real server.
/// </summary>
public sealed partial class FlightSqlTests(AdoServer fixture) : IClassFixture<AdoServer>
{
    private const string Values = """
        SELECT i AS id, i % 2 = 0 AS even, CASE WHEN i % 5 = 0 THEN NULL ELSE 'row ' || i END AS label,
               (i * 1.25)::DECIMAL(18,2) AS price, TIMESTAMP '2024-01-01' + INTERVAL (i) MINUTE AS at,
               ('00000000-0000-0000-0000-' || lpad(i::VARCHAR, 12, '0'))::UUID AS uuid,
               [i, i + 1] AS pair, {'k': i, 'v': 'x' || i} AS st
        FROM range(100000) r(i) ORDER BY i
        """;

    private Metadata Bearer(string? token = null) => new() { { "authorization", "Bearer " + (token ?? fixture.Server.Token) } };

    private GrpcChannel Channel() => QuiverChannel.Create(fixture.Server.Address);

    private static FlightDescriptor Command(IMessage command) => FlightDescriptor.CreateCommandDescriptor(Any.Pack(command).ToByteArray());

    private static async Task<(Schema Schema, List<RecordBatch> Batches)> ReadAsync(FlightClient client, FlightInfo info, Metadata headers)
    {
        var endpoint = Assert.Single(info.Endpoints);
        using var call = client.GetStream(endpoint.Ticket, headers);
        var batches = new List<RecordBatch>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            batches.Add(call.ResponseStream.Current.Clone());
        }

        return (await call.ResponseStream.Schema, batches);
    }

    private async Task<(Schema Schema, List<RecordBatch> Batches)> QueryAsync(FlightClient client, string sql, Metadata? headers = null)
    {
        headers ??= Bearer();
        var info = await client.GetInfo(Command(new CommandStatementQuery { Query = sql }), headers);
        return await ReadAsync(client, info, headers);
    }

    private static async Task<long> UpdateAsync(FlightClient client, string sql, Metadata headers)
    {
        using var put = client.StartPut(Command(new CommandStatementUpdate { Query = sql }), headers);
        await WriteAllAsync(put.RequestStream, [new RecordBatch(new Schema([], null), [], 0)]);
        Assert.True(await put.ResponseStream.MoveNext(CancellationToken.None));
        return DoPutUpdateResult.Parser.ParseFrom(put.ResponseStream.Current.ApplicationMetadata).RecordCount;
    }

    [Fact]
    public async Task A_statement_query_streams_the_same_Arrow_data_quiver_v1_sends()
    {
        var expected = await ServerArrowBytes.ReadWithApacheArrowAsync(fixture.Server, Values);
        using var channel = Channel();
        var client = new FlightClient(channel);

        var info = await client.GetInfo(Command(new CommandStatementQuery { Query = Values }), Bearer());
        Assert.Equal(ApacheArrowCanonical.Schema(expected.Schema).ToJsonString(), ApacheArrowCanonical.Schema(info.Schema).ToJsonString());
        var (schema, batches) = await ReadAsync(client, info, Bearer());

        Assert.True(batches.Count > 1, $"{batches.Count} batch(es)");
        Assert.Equal(100000, batches.Sum(b => b.Length));
        ArrowStreamTests.AssertSame(expected, schema, batches);
    }

    [Fact]
    public async Task A_connection_keeps_one_session_that_other_connections_do_not_see()
    {
        using var channel = Channel();
        var client = new FlightClient(channel);
        Assert.Equal(-1, await UpdateAsync(client, "CREATE TEMP TABLE flight_notes (id INTEGER, note VARCHAR)", Bearer()));
        Assert.Equal(3, await UpdateAsync(client, "INSERT INTO flight_notes VALUES (1, 'a'), (2, 'b'), (3, 'c')", Bearer()));

        var (_, batches) = await QueryAsync(client, "SELECT sum(id)::INTEGER AS total FROM flight_notes");
        Assert.Equal(6, ((Int32Array)batches.Single().Column(0)).GetValue(0));

        using var other = Channel();
        var failure = await Assert.ThrowsAsync<RpcException>(() => QueryAsync(new FlightClient(other), "SELECT * FROM flight_notes"));
        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Contains("flight_notes", failure.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_are_gRPC_statuses_with_the_SQLSTATE_and_the_structured_error()
    {
        using var channel = Channel();
        var client = new FlightClient(channel);

        var syntax = await Assert.ThrowsAsync<RpcException>(() => QueryAsync(client, "SELEC 1"));
        Assert.Equal(StatusCode.InvalidArgument, syntax.StatusCode);
        Assert.StartsWith("42601: ", syntax.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("42601", ErrorTrailer.Read(syntax)!.SqlState);

        var refused = await Assert.ThrowsAsync<RpcException>(() => QueryAsync(client, "SELECT * FROM read_csv('/etc/passwd')"));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.StartsWith("42501: ", refused.Status.Detail, StringComparison.Ordinal);

        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await client.GetInfo(Command(new Empty()), Bearer()));
        Assert.Equal(StatusCode.Unimplemented, unknown.StatusCode);
    }

    [Fact]
    public async Task Only_the_servers_tokens_get_in_as_Bearer_or_as_Basic_with_the_principal_and_token()
    {
        using var channel = Channel();
        var client = new FlightClient(channel);
        var wrong = await Assert.ThrowsAsync<RpcException>(() => QueryAsync(client, "SELECT 1", Bearer("not-the-token-at-all")));
        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);

        Metadata Basic(string user, string password) => new() { { "authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)) } };
        using var handshake = client.Handshake(Basic("default", fixture.Server.Token));
        await handshake.RequestStream.CompleteAsync();
        var headers = await handshake.ResponseHeadersAsync;
        Assert.Equal("Bearer " + fixture.Server.Token, headers.GetValue("authorization"));
        var (_, batches) = await QueryAsync(client, "SELECT 42 AS answer", Basic("default", fixture.Server.Token));
        Assert.Equal(42, ((Int32Array)batches.Single().Column(0)).GetValue(0));

        var otherPrincipal = await Assert.ThrowsAsync<RpcException>(() => QueryAsync(client, "SELECT 1", Basic("mallory", fixture.Server.Token)));
        Assert.Equal(StatusCode.Unauthenticated, otherPrincipal.StatusCode);
    }

    [Fact]
    public async Task Catalog_commands_list_catalogs_schemas_tables_and_table_types_with_Flight_SQLs_columns()
    {
        using var channel = Channel();
        var client = new FlightClient(channel);
        await UpdateAsync(client, "CREATE TABLE IF NOT EXISTS flight_listed (id INTEGER)", Bearer());

        async Task<List<string[]>> Rows(IMessage command)
        {
            var info = await client.GetInfo(Command(command), Bearer());
            var (schema, batches) = await ReadAsync(client, info, Bearer());
            Assert.Equal(info.Schema.FieldsList.Select(f => f.Name), schema.FieldsList.Select(f => f.Name));
            return [.. batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(r => b.Arrays.Select(a => ((StringArray)a).GetString(r)).ToArray()))];
        }

        var catalogs = await Rows(new CommandGetCatalogs());
        var schemas = await Rows(new CommandGetDbSchemas { DbSchemaFilterPattern = "ma%" });
        var tables = await Rows(new CommandGetTables { TableNameFilterPattern = "flight_list%" });
        var types = await Rows(new CommandGetTableTypes());

        Assert.Contains(catalogs, row => row[0] == "quiver");
        Assert.Contains(schemas, row => row[1] == "main");
        Assert.All(schemas, row => Assert.StartsWith("ma", row[1], StringComparison.Ordinal));
        Assert.Equal(["main", "flight_listed", "TABLE"], Assert.Single(tables)[1..]);
        Assert.Equal(["TABLE", "TEMPORARY TABLE", "VIEW"], types.Select(row => row[0]));
    }

    private static async Task<ActionCreatePreparedStatementResult> PrepareAsync(FlightClient client, string sql, Metadata headers)
    {
        using var call = client.DoAction(new FlightAction("CreatePreparedStatement", Any.Pack(new ActionCreatePreparedStatementRequest { Query = sql }).ToByteString()), headers);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        return Any.Parser.ParseFrom(call.ResponseStream.Current.Body).Unpack<ActionCreatePreparedStatementResult>();
    }

    /// <summary>
    /// Sends the batches and completes the stream, as a Flight client does. A server that answers before reading
    /// everything (an error) ends the call, and a write then fails; the server's own status comes with the response.
    /// </summary>
    private static async Task WriteAllAsync(Apache.Arrow.Flight.Client.FlightClientRecordBatchStreamWriter writer, IEnumerable<RecordBatch> batches)
    {
        try
        {
            foreach (var batch in batches)
            {
                await writer.WriteAsync(batch);
            }

            await writer.CompleteAsync();
        }
        catch (RpcException)
        {
            // The response below carries why the server ended the call.
        }
    }

    private static async Task<ByteString> PutAsync(FlightClient client, IMessage command, RecordBatch values, Metadata headers)
    {
        using var put = await client.StartPut(Command(command), values.Schema, headers);
        await WriteAllAsync(put.RequestStream, [values]);
        Assert.True(await put.ResponseStream.MoveNext(CancellationToken.None));
        return put.ResponseStream.Current.ApplicationMetadata;
    }

    private static RecordBatch Parameters(int[] numbers, string[] texts)
    {
        var schema = new Schema([new Apache.Arrow.Field("1", Apache.Arrow.Types.Int32Type.Default, true), new Apache.Arrow.Field("2", Apache.Arrow.Types.StringType.Default, true)], null);
        return new RecordBatch(schema, [new Int32Array.Builder().AppendRange(numbers).Build(), new StringArray.Builder().AppendRange(texts).Build()], numbers.Length);
    }

    [Fact]
    public async Task Prepared_statements_describe_their_schemas_bind_parameters_through_DoPut_and_run_on_DoGet()
    {
        using var channel = Channel();
        var client = new FlightClient(channel);
        var prepared = await PrepareAsync(client, "SELECT ?::INTEGER + 1 AS next, upper(?::VARCHAR) AS shout", Bearer());
        var handle = new CommandPreparedStatementQuery { PreparedStatementHandle = prepared.PreparedStatementHandle };

        Assert.Equal(["next", "shout"], ArrowSerializerHelper.Schema(prepared.DatasetSchema).FieldsList.Select(f => f.Name));
        Assert.Equal(2, ArrowSerializerHelper.Schema(prepared.ParameterSchema).FieldsList.Count);
        await PutAsync(client, handle, Parameters([41], ["hi"]), Bearer());
        var info = await client.GetInfo(Command(handle), Bearer());
        var (_, batches) = await ReadAsync(client, info, Bearer());
        var row = batches.Single();
        Assert.Equal(42, ((Int32Array)row.Column(0)).GetValue(0));
        Assert.Equal("HI", ((StringArray)row.Column(1)).GetString(0));

        // A query binds one row: two rows bind, but running the query with them is refused, naming why.
        await PutAsync(client, handle, Parameters([1, 2], ["a", "b"]), Bearer());
        var two = await Assert.ThrowsAsync<RpcException>(() => ReadAsync(client, info, Bearer()));
        Assert.StartsWith("0A000: ", two.Status.Detail, StringComparison.Ordinal);

        using (var close = client.DoAction(new FlightAction("ClosePreparedStatement", Any.Pack(new ActionClosePreparedStatementRequest { PreparedStatementHandle = prepared.PreparedStatementHandle }).ToByteString()), Bearer()))
        {
            Assert.False(await close.ResponseStream.MoveNext(CancellationToken.None));
        }

        var closed = await Assert.ThrowsAsync<RpcException>(async () => await client.GetInfo(Command(handle), Bearer()));
        Assert.Equal(StatusCode.NotFound, closed.StatusCode);
    }

    [Fact]
    public async Task List_parameters_from_Apache_Arrow_bind_as_DuckDB_lists_nested_ones_and_NULL_elements_included()
    {
        using var channel = Channel();
        var client = new FlightClient(channel);
        var prepared = await PrepareAsync(client, "SELECT ? = [[1], [], [2, NULL]]::INTEGER[][] AS nested, ? = ['a', NULL]::VARCHAR[] AS texts", Bearer());
        var handle = new CommandPreparedStatementQuery { PreparedStatementHandle = prepared.PreparedStatementHandle };

        var outer = new ListArray.Builder(new Apache.Arrow.Types.ListType(Apache.Arrow.Types.Int32Type.Default));
        var inner = (ListArray.Builder)outer.ValueBuilder;
        var integers = (Int32Array.Builder)inner.ValueBuilder;
        outer.Append();
        inner.Append();
        integers.Append(1);
        inner.Append();
        inner.Append();
        integers.Append(2);
        integers.AppendNull();
        var texts = new ListArray.Builder(Apache.Arrow.Types.StringType.Default);
        texts.Append();
        ((StringArray.Builder)texts.ValueBuilder).Append("a").AppendNull();
        var nested = outer.Build();
        var strings = texts.Build();
        var schema = new Schema([new Apache.Arrow.Field("1", nested.Data.DataType, true), new Apache.Arrow.Field("2", strings.Data.DataType, true)], null);
        await PutAsync(client, handle, new RecordBatch(schema, [nested, strings], 1), Bearer());

        var (_, batches) = await ReadAsync(client, await client.GetInfo(Command(handle), Bearer()), Bearer());
        var row = batches.Single();
        Assert.Equal([true, true], new[] { ((BooleanArray)row.Column(0)).GetValue(0), ((BooleanArray)row.Column(1)).GetValue(0) });

        // Dates and times in the units Apache Arrow offers besides Quiver's own (Date64 milliseconds, Time32 milliseconds).
        var dates = new ListArray.Builder(Apache.Arrow.Types.Date64Type.Default);
        dates.Append();
        ((Date64Array.Builder)dates.ValueBuilder).Append(new DateTime(2024, 2, 29)).Append(new DateTime(1969, 12, 31));
        var times = new ListArray.Builder(new Apache.Arrow.Types.Time32Type(Apache.Arrow.Types.TimeUnit.Millisecond));
        times.Append();
        ((Time32Array.Builder)times.ValueBuilder).Append(45_296_789);
        var dateList = dates.Build();
        var timeList = times.Build();
        var temporal = await PrepareAsync(client, "SELECT ? = ['2024-02-29', '1969-12-31']::DATE[] AND ? = ['12:34:56.789']::TIME[]", Bearer());
        var temporalHandle = new CommandPreparedStatementQuery { PreparedStatementHandle = temporal.PreparedStatementHandle };
        var temporalSchema = new Schema([new Apache.Arrow.Field("1", dateList.Data.DataType, true), new Apache.Arrow.Field("2", timeList.Data.DataType, true)], null);
        await PutAsync(client, temporalHandle, new RecordBatch(temporalSchema, [dateList, timeList], 1), Bearer());
        var (_, temporalBatches) = await ReadAsync(client, await client.GetInfo(Command(temporalHandle), Bearer()), Bearer());
        Assert.True(((BooleanArray)temporalBatches.Single().Column(0)).GetValue(0));

        // An element type Quiver has no counterpart for is refused with the reason, not bound as something else.
        var halves = new ListArray.Builder(Apache.Arrow.Types.HalfFloatType.Default);
        halves.Append();
        ((HalfFloatArray.Builder)halves.ValueBuilder).Append((Half)1.5);
        var half = halves.Build();
        var refused = await Assert.ThrowsAsync<RpcException>(() => PutAsync(
            client, temporalHandle, new RecordBatch(new Schema([new Apache.Arrow.Field("1", half.Data.DataType, true)], null), [half], 1), Bearer()));
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("half-precision", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prepared_update_runs_with_its_parameters_and_reports_the_rows_changed()
    {
        using var channel = Channel();
        var client = new FlightClient(channel);
        await UpdateAsync(client, "CREATE TEMP TABLE flight_prepared (n INTEGER, t VARCHAR)", Bearer());
        var prepared = await PrepareAsync(client, "INSERT INTO flight_prepared VALUES (?, ?)", Bearer());
        var update = new CommandPreparedStatementUpdate { PreparedStatementHandle = prepared.PreparedStatementHandle };

        Assert.Equal(1, DoPutUpdateResult.Parser.ParseFrom(await PutAsync(client, update, Parameters([7], ["seven"]), Bearer())).RecordCount);
        Assert.Equal(1, DoPutUpdateResult.Parser.ParseFrom(await PutAsync(client, update, Parameters([8], ["eight"]), Bearer())).RecordCount);
        // Several rows in one DoPut: the update runs once per row, in one server call.
        Assert.Equal(3, DoPutUpdateResult.Parser.ParseFrom(await PutAsync(client, update, Parameters([9, 10, 11], ["nine", "ten", "eleven"]), Bearer())).RecordCount);

        var (_, batches) = await QueryAsync(client, "SELECT string_agg(t, ',' ORDER BY n) AS ts FROM flight_prepared");
        Assert.Equal("seven,eight,nine,ten,eleven", ((StringArray)batches.Single().Column(0)).GetString(0));

        using var other = Channel();
        var elsewhere = await Assert.ThrowsAsync<RpcException>(() => PutAsync(new FlightClient(other), update, Parameters([9], ["nine"]), Bearer()));
        Assert.Equal(StatusCode.NotFound, elsewhere.StatusCode);
    }

    [Fact]
    public async Task GetSqlInfo_answers_the_servers_name_and_SQL_facts_as_Flight_SQLs_dense_union_table()
    {
        using var channel = Channel();
        var client = new FlightClient(channel);
        var command = new CommandGetSqlInfo { Info = { 0, 4, 504, 507 } };

        var info = await client.GetInfo(Command(command), Bearer());
        var (schema, batches) = await ReadAsync(client, info, Bearer());
        Assert.Equal(["info_name", "value"], schema.FieldsList.Select(f => f.Name));
        var batch = batches.Single();
        var names = (UInt32Array)batch.Column(0);
        var values = (DenseUnionArray)batch.Column(1);
        var answers = Enumerable.Range(0, batch.Length).ToDictionary(i => names.GetValue(i)!.Value, i => Answer(values, i));
        Assert.Equal("Quiver", answers[0]);
        Assert.Equal(true, answers[4]);
        Assert.Equal("\"", answers[504]);
        Assert.Equal(3, answers[507]);

        var all = await ReadAsync(client, await client.GetInfo(Command(new CommandGetSqlInfo()), Bearer()), Bearer());
        Assert.True(all.Batches.Single().Length > 10);
    }

    private static object? Answer(DenseUnionArray values, int row)
    {
        var child = values.Fields[values.TypeIds[row]];
        var index = values.ValueOffsets[row];
        return child switch
        {
            StringArray s => s.GetString(index),
            BooleanArray b => b.GetValue(index),
            Int64Array l => l.GetValue(index),
            Int32Array i => i.GetValue(index),
            _ => child.GetType().Name,
        };
    }

    [Fact]
    public async Task A_grpc_js_client_with_apache_arrow_JS_decodes_the_same_result()
    {
        const string Sql = "SELECT i AS id, CASE WHEN i % 5 = 0 THEN NULL ELSE 'row ' || i END AS label, (i % 7)::INTEGER AS small FROM range(100000) r(i) ORDER BY i";
        using var result = await Quiver.GrpcPeers.FlightSqlJsClient.QueryAsync(fixture.Server.HostAndPort, fixture.Server.Token, Sql);
        var root = result.RootElement;
        Assert.Equal(0, root.GetProperty("status").GetProperty("code").GetInt32());
        Assert.Equal(100000, root.GetProperty("rows").GetInt32());
        Assert.True(root.GetProperty("batches").GetInt32() > 1);
        var columns = root.GetProperty("columns");
        Assert.Equal(("Int64", "4999950000"), (columns.GetProperty("id").GetProperty("type").GetString(), columns.GetProperty("id").GetProperty("sum").GetString()));
        Assert.Equal(("Utf8", 20000), (columns.GetProperty("label").GetProperty("type").GetString(), columns.GetProperty("label").GetProperty("nulls").GetInt32()));
        Assert.Equal(["row 1", "row 2"], columns.GetProperty("label").GetProperty("first").EnumerateArray().Skip(1).Select(v => v.GetString()));
        Assert.Equal(("Int32", "299995"), (columns.GetProperty("small").GetProperty("type").GetString(), columns.GetProperty("small").GetProperty("sum").GetString()));
    }

    private static async Task<ByteString> ActAsync(FlightClient client, string type, IMessage body, Metadata headers)
    {
        using var call = client.DoAction(new FlightAction(type, Any.Pack(body).ToByteString()), headers);
        var result = ByteString.Empty;
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            result = call.ResponseStream.Current.Body;
        }

        return result;
    }

    private static async Task<long> UpdateInAsync(FlightClient client, string sql, ByteString transaction, Metadata headers)
    {
        using var put = client.StartPut(Command(new CommandStatementUpdate { Query = sql, TransactionId = transaction }), headers);
        await WriteAllAsync(put.RequestStream, [new RecordBatch(new Schema([], null), [], 0)]);
        Assert.True(await put.ResponseStream.MoveNext(CancellationToken.None));
        return DoPutUpdateResult.Parser.ParseFrom(put.ResponseStream.Current.ApplicationMetadata).RecordCount;
    }

    [Fact]
    public async Task Transactions_commit_or_roll_back_the_commands_that_name_them()
    {
        using var channel = Channel();
        var client = new FlightClient(channel);
        await UpdateAsync(client, "CREATE TEMP TABLE flight_tx (n INTEGER)", Bearer());

        async Task<ByteString> BeginAsync() => Any.Parser.ParseFrom(await ActAsync(client, "BeginTransaction", new ActionBeginTransactionRequest(), Bearer()))
            .Unpack<ActionBeginTransactionResult>().TransactionId;

        var first = await BeginAsync();
        Assert.Equal(1, await UpdateInAsync(client, "INSERT INTO flight_tx VALUES (1)", first, Bearer()));
        var outside = await Assert.ThrowsAsync<RpcException>(() => UpdateAsync(client, "INSERT INTO flight_tx VALUES (99)", Bearer()));
        Assert.Equal(StatusCode.FailedPrecondition, outside.StatusCode);
        var again = await Assert.ThrowsAsync<RpcException>(BeginAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        await ActAsync(client, "EndTransaction", new ActionEndTransactionRequest { TransactionId = first, Action = ActionEndTransactionRequest.Types.EndTransaction.Rollback }, Bearer());

        var second = await BeginAsync();
        await UpdateInAsync(client, "INSERT INTO flight_tx VALUES (2)", second, Bearer());
        var info = await client.GetInfo(Command(new CommandStatementQuery { Query = "SELECT count(*)::INTEGER AS n FROM flight_tx", TransactionId = second }), Bearer());
        Assert.Equal(1, ((Int32Array)(await ReadAsync(client, info, Bearer())).Batches.Single().Column(0)).GetValue(0));
        await ActAsync(client, "EndTransaction", new ActionEndTransactionRequest { TransactionId = second, Action = ActionEndTransactionRequest.Types.EndTransaction.Commit }, Bearer());

        var (_, batches) = await QueryAsync(client, "SELECT string_agg(n::VARCHAR, ',') AS ns FROM flight_tx");
        Assert.Equal("2", ((StringArray)batches.Single().Column(0)).GetString(0));
        var ended = await Assert.ThrowsAsync<RpcException>(() => UpdateInAsync(client, "INSERT INTO flight_tx VALUES (3)", second, Bearer()));
        Assert.Equal(StatusCode.NotFound, ended.StatusCode);
    }

    [Fact]
    public async Task Key_commands_give_primary_and_foreign_keys_from_either_side()
    {
        using var channel = Channel();
        var client = new FlightClient(channel);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        string parent = "orders_" + suffix, child = "lines_" + suffix;
        await UpdateAsync(client, $"CREATE TABLE {parent} (region INTEGER, id INTEGER, PRIMARY KEY (region, id))", Bearer());
        await UpdateAsync(client, $"CREATE TABLE {child} (n INTEGER, region INTEGER, order_id INTEGER, FOREIGN KEY (region, order_id) REFERENCES {parent} (region, id))", Bearer());

        async Task<List<Dictionary<string, string?>>> Rows(IMessage command)
        {
            var info = await client.GetInfo(Command(command), Bearer());
            var (schema, batches) = await ReadAsync(client, info, Bearer());
            return [.. batches.SelectMany(b => Enumerable.Range(0, b.Length).Select(r => schema.FieldsList.Select((f, i) => (f.Name, Value: ApacheArrowCanonical.Value(b.Column(i), r)?.ToString()))
                .ToDictionary(p => p.Name, p => p.Value)))];
        }

        var primary = await Rows(new CommandGetPrimaryKeys { Table = parent });
        Assert.Equal(["region", "id"], primary.Select(r => r["column_name"]));
        Assert.Equal(["1", "2"], primary.Select(r => r["key_sequence"]));
        Assert.All(primary, r => Assert.Equal(("main", parent), (r["db_schema_name"], r["table_name"])));

        var exported = await Rows(new CommandGetExportedKeys { Table = parent });
        var imported = await Rows(new CommandGetImportedKeys { Table = child });
        var cross = await Rows(new CommandGetCrossReference { PkTable = parent, FkTable = child });
        foreach (var keys in new[] { exported, imported, cross })
        {
            Assert.Equal([("region", "region", "1"), ("id", "order_id", "2")], keys.Select(r => (r["pk_column_name"], r["fk_column_name"], r["key_sequence"])));
            Assert.All(keys, r => Assert.Equal((parent, child, primary[0]["key_name"], "1"), (r["pk_table_name"], r["fk_table_name"], r["pk_key_name"], r["delete_rule"])));
        }

        Assert.Empty(await Rows(new CommandGetImportedKeys { Table = parent }));
    }

    [Fact]
    public async Task A_query_past_the_server_s_max_result_rows_fails_with_54000_through_Flight_SQL()
    {
        await using var server = await ServerProcess.StartAsync(null, false, "--max-result-rows", "5000");
        using var channel = QuiverChannel.Create(server.Address);
        var client = new FlightClient(channel);
        var headers = new Metadata { { "authorization", "Bearer " + server.Token } };

        var (_, atLimit) = await QueryAsync(client, "SELECT * FROM range(5000)", headers);
        var over = await Assert.ThrowsAsync<RpcException>(() => QueryAsync(client, "SELECT * FROM range(1000000)", headers));

        Assert.Equal(5000, atLimit.Sum(b => b.Length));
        Assert.Equal("54000", ErrorTrailer.Read(over)!.SqlState);
        Assert.Contains("max-result-rows", over.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Principals_sharing_a_connection_each_get_their_own_session_and_tenants_their_own_data()
    {
        await using var server = await ServerProcess.StartWithTokensAsync("""
            {"tokens": [
              {"token": "alice-flight-token-0123", "principal": "alice", "tenant": "acme"},
              {"token": "bob-flight-token-012345", "principal": "bob", "tenant": "acme"},
              {"token": "carol-flight-token-0123", "principal": "carol", "tenant": "globex"}
            ]}
            """);
        using var channel = QuiverChannel.Create(server.Address);
        var client = new FlightClient(channel);
        Metadata Alice = Bearer("alice-flight-token-0123"), Bob = Bearer("bob-flight-token-012345"), Carol = Bearer("carol-flight-token-0123");

        await UpdateAsync(client, "CREATE TEMP TABLE alice_only AS SELECT 1 AS x", Alice);
        await UpdateAsync(client, "CREATE TABLE acme_shared AS SELECT 2 AS y", Alice);

        var hidden = await Assert.ThrowsAsync<RpcException>(() => QueryAsync(client, "SELECT x FROM alice_only", Bob));
        Assert.Contains("alice_only", hidden.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(2, ((Int32Array)(await QueryAsync(client, "SELECT y FROM acme_shared", Bob)).Batches.Single().Column(0)).GetValue(0));
        var otherTenant = await Assert.ThrowsAsync<RpcException>(() => QueryAsync(client, "SELECT y FROM acme_shared", Carol));
        Assert.Contains("acme_shared", otherTenant.Status.Detail, StringComparison.Ordinal);

        var prepared = await PrepareAsync(client, "SELECT x FROM alice_only", Alice);
        var stolen = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.GetInfo(Command(new CommandPreparedStatementQuery { PreparedStatementHandle = prepared.PreparedStatementHandle }), Bob));
        Assert.Equal(StatusCode.NotFound, stolen.StatusCode);
        Assert.Equal(1, ((Int32Array)(await QueryAsync(client, "SELECT x FROM alice_only", Alice)).Batches.Single().Column(0)).GetValue(0));
    }

    [Fact]
    public async Task GetTables_with_include_schema_gives_each_tables_Arrow_schema()
    {
        using var channel = Channel();
        var client = new FlightClient(channel);
        var table = "flight_schema_" + Guid.NewGuid().ToString("N")[..8];
        await UpdateAsync(client, $"CREATE SEQUENCE {table}_ids", Bearer());
        await UpdateAsync(client, $"CREATE TABLE {table} (id BIGINT NOT NULL DEFAULT nextval('{table}_ids'), name VARCHAR, price DECIMAL(10,2))", Bearer());

        var info = await client.GetInfo(Command(new CommandGetTables { TableNameFilterPattern = table, IncludeSchema = true }), Bearer());
        var (schema, batches) = await ReadAsync(client, info, Bearer());

        Assert.Equal(["catalog_name", "db_schema_name", "table_name", "table_type", "table_schema"], schema.FieldsList.Select(f => f.Name));
        var batch = batches.Single();
        Assert.Equal(table, ((StringArray)batch.Column(2)).GetString(0));
        var tableSchema = ArrowSerializerHelper.Schema(ByteString.CopyFrom(((BinaryArray)batch.Column(4)).GetBytes(0)));
        Assert.Equal(["id", "name", "price"], tableSchema.FieldsList.Select(f => f.Name));
        Assert.Equal([Apache.Arrow.Types.ArrowTypeId.Int64, Apache.Arrow.Types.ArrowTypeId.String, Apache.Arrow.Types.ArrowTypeId.Decimal128],
            tableSchema.FieldsList.Select(f => f.DataType.TypeId));

        // Flight SQL's column metadata, as JDBC and ODBC drivers read it.
        string Meta(int field, string key) => tableSchema.FieldsList[field].Metadata["ARROW:FLIGHT:SQL:" + key];
        Assert.Equal(["BIGINT", "VARCHAR", "DECIMAL(10,2)"], Enumerable.Range(0, 3).Select(i => Meta(i, "TYPE_NAME")));
        Assert.Equal(table, Meta(2, "TABLE_NAME"));
        Assert.Equal(((StringArray)batch.Column(1)).GetString(0), Meta(0, "DB_SCHEMA_NAME"));
        Assert.Equal(("10", "2"), (Meta(2, "PRECISION"), Meta(2, "SCALE")));
        Assert.Equal(["1", "0", "0"], Enumerable.Range(0, 3).Select(i => Meta(i, "IS_AUTO_INCREMENT")));
        Assert.Equal(["0", "1", "0"], Enumerable.Range(0, 3).Select(i => Meta(i, "IS_CASE_SENSITIVE")));
    }

    [Fact]
    public async Task CancelFlightInfo_interrupts_the_running_DoGet_of_that_FlightInfo()
    {
        using var channel = Channel();
        var client = new FlightClient(channel);
        var info = await client.GetInfo(Command(new CommandStatementQuery { Query = "SELECT count(*) FROM range(100000000000) a" }), Bearer());
        var reading = ReadAsync(client, info, Bearer());

        // The DoGet may not have reached the engine yet: the server knows only running queries (NOT_FOUND before).
        var cancel = new Quiver.Server.Flight.Protocol.CancelFlightInfoRequest
        {
            Info = new Quiver.Server.Flight.Protocol.FlightInfo
            {
                Endpoint = { new Quiver.Server.Flight.Protocol.FlightEndpoint { Ticket = new Quiver.Server.Flight.Protocol.Ticket { Ticket_ = info.Endpoints[0].Ticket.Ticket } } },
            },
        };
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                await foreach (var _ in client.DoAction(new FlightAction("CancelFlightInfo", cancel.ToByteString()), Bearer()).ResponseStream.ReadAllAsync(deadline.Token))
                {
                }

                break;
            }
            catch (RpcException missing) when (missing.StatusCode == StatusCode.NotFound && !reading.IsCompleted)
            {
                await Task.Delay(50, deadline.Token);
            }
        }

        var failure = await Assert.ThrowsAsync<RpcException>(() => reading.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(StatusCode.Cancelled, failure.StatusCode);
        Assert.StartsWith("57014: ", failure.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, ((Int32Array)(await QueryAsync(client, "SELECT 1 AS one")).Batches.Single().Column(0)).GetValue(0));
    }
}

