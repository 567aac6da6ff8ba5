using Grpc.Core;
using Google.Protobuf;
using Quiver.Arrow;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;
using Quiver.GrpcPeers;

namespace Quiver.Conformance.Tests;

/// <summary>Execute against the real server and DuckDB: results, batches, statement kinds, parameters, limits.</summary>
public sealed class ExecuteTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private ServerProcess Server => shared.Server;

    [Fact]
    public async Task A_query_streams_its_schema_batches_and_summary()
    {
        await using var session = await TestSession.OpenAsync(Server);

        var result = await session.ExecuteAsync("SELECT i AS id, 'n' || i AS name, i % 3 = 0 AS flag FROM range(5000) t(i) ORDER BY i");

        Assert.Null(result.Error);
        var set = result.ResultSets.Single();
        Assert.Equal(["id", "name", "flag"], set.Schema!.Fields.Select(f => f.Name));
        Assert.Equal([ArrowTypeId.Int64, ArrowTypeId.Utf8, ArrowTypeId.Boolean], set.Schema.Fields.Select(f => f.Type.Id));
        Assert.Equal(5000, set.Rows.Count);
        Assert.Equal([4999L, "n4999", false], set.Rows[^1]);
        Assert.Equal(StatementKind.Query, set.End.Kind);
        Assert.Equal(5000UL, set.End.RowsProduced);
        Assert.Equal(-1, set.End.RowsAffected);
        Assert.False(set.End.Truncated);
    }

    [Fact]
    public async Task Batches_follow_the_requested_size_and_row_offsets_add_up()
    {
        await using var session = await TestSession.OpenAsync(Server);
        var request = session.Request("SELECT i, repeat('x', 100) AS pad FROM range(20000) t(i)");
        request.Options = new ExecuteOptions { TargetBatchBytes = 64 * 1024 };

        var result = await session.ExecuteAsync(request);

        var batches = result.Events.Where(e => e.EventCase == ExecuteEvent.EventOneofCase.Batch).Select(e => e.Batch).ToList();
        Assert.True(batches.Count >= 20, $"{batches.Count} batches");
        Assert.All(batches, b => Assert.InRange(b.ArrowMessages.Length, 1, 80 * 1024));
        Assert.Equal(batches.Select(b => b.RowOffset), batches.Select((b, i) => (ulong)batches.Take(i).Sum(x => x.RowCount)));
        Assert.Equal(Enumerable.Range(0, 20000).Select(i => (long)i), result.ResultSets.Single().Rows.Select(r => (long)r[0]!));
    }

    [Fact]
    public async Task Statements_and_batches_run_in_order_with_their_own_results()
    {
        await using var session = await TestSession.OpenAsync(Server);

        var result = await session.ExecuteAsync(
            "CREATE TABLE items(id INTEGER PRIMARY KEY, name VARCHAR); INSERT INTO items VALUES (1, 'a'), (2, 'b'), (3, 'c')",
            "UPDATE items SET name = upper(name) WHERE id >= 2",
            "SELECT name FROM items ORDER BY id; DELETE FROM items WHERE id = 1",
            "SELECT count(*) FROM items");

        Assert.Null(result.Error);
        Assert.Equal(
            [StatementKind.Ddl, StatementKind.Insert, StatementKind.Update, StatementKind.Query, StatementKind.Delete, StatementKind.Query],
            result.ResultSets.Select(s => s.End.Kind));
        Assert.Equal([0u, 0u, 1u, 2u, 2u, 3u], result.ResultSets.Select(s => s.End.StatementIndex));
        Assert.Equal([-1L, 3L, 2L, -1L, 1L, -1L], result.ResultSets.Select(s => s.End.RowsAffected));
        Assert.Equal(["a", "B", "C"], result.ResultSets[3].Rows.Select(r => r[0]));
        Assert.Equal(2L, result.ResultSets[5].Rows.Single()[0]);
    }

    [Fact]
    public async Task Execution_stops_at_the_first_failing_statement_and_says_which()
    {
        await using var session = await TestSession.OpenAsync(Server);

        var result = await session.ExecuteAsync("CREATE TEMP TABLE t(a INT)", "INSERT INTO t VALUES ('x')", "INSERT INTO t VALUES (1)");

        Assert.Equal("22018", result.Error!.SqlState);
        Assert.Equal(1u, result.Error.StatementIndex);
        Assert.Single(result.ResultSets);
        Assert.Equal(0L, await session.ScalarAsync("SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task Max_rows_truncates_and_says_so()
    {
        await using var session = await TestSession.OpenAsync(Server);
        var request = session.Request("SELECT * FROM range(10000)", "SELECT * FROM range(3)");
        request.Options = new ExecuteOptions { MaxRows = 100 };

        var result = await session.ExecuteAsync(request);

        Assert.Equal([100, 3], result.ResultSets.Select(s => s.Rows.Count));
        Assert.Equal([true, false], result.ResultSets.Select(s => s.End.Truncated));
    }

    [Fact]
    public async Task Parameters_bind_natively_by_position_and_by_name()
    {
        await using var session = await TestSession.OpenAsync(Server);
        var positional = session.Request("SELECT $1::INTEGER + 1, $2 || '!', $3 IS NULL");
        positional.Statements[0].Parameters = Parameters(
            [new ArrowField("", ArrowType.Int32), new ArrowField("", ArrowType.Utf8), new ArrowField("", ArrowType.Int64)],
            b =>
            {
                b.Column<PrimitiveArrayBuilder>(0).Append(41);
                b.Column<BinaryArrayBuilder>(1).Append("x'); DROP TABLE users; --");
                b.Column<PrimitiveArrayBuilder>(2).AppendNull();
            });
        var named = session.Request("SELECT $b - $a");
        named.Statements[0].Parameters = Parameters(
            [new ArrowField("a", ArrowType.Int64), new ArrowField("b", ArrowType.Int64)],
            b =>
            {
                b.Column<PrimitiveArrayBuilder>(0).Append(10L);
                b.Column<PrimitiveArrayBuilder>(1).Append(52L);
            });

        Assert.Equal([42, "x'); DROP TABLE users; --!", true], (await session.ExecuteAsync(positional)).ResultSets.Single().Rows.Single());
        Assert.Equal(42L, (await session.ExecuteAsync(named)).ResultSets.Single().Rows.Single()[0]);

        var missing = await session.ExecuteAsync(session.Request("SELECT $1"));
        Assert.Equal("22023", missing.Error!.SqlState);
        Assert.Contains("1 parameter", missing.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DuckDB_types_arrive_as_their_Arrow_types()
    {
        await using var session = await TestSession.OpenAsync(Server);

        var result = await session.ExecuteAsync("""
            SELECT 1::TINYINT, 2::SMALLINT, 3::INTEGER, 4::BIGINT, 5::UTINYINT, 6::UBIGINT, 1.5::FLOAT, 2.5::DOUBLE,
                   123.45::DECIMAL(5,2), 12345678901234.5678::DECIMAL(18,4), 1.5::DECIMAL(28,10), 170141183460469231731687303715884105727::HUGEINT,
                   DATE '2024-02-29', TIME '12:34:56.789', TIMESTAMP '2024-02-29 12:34:56.789012', TIMESTAMPTZ '2024-02-29 12:34:56+00',
                   INTERVAL 1 MONTH + INTERVAL 2 DAY + INTERVAL 3 SECOND, 'f47ac10b-58cc-4372-a567-0e02b2c3d479'::UUID, 'héllo 🏹'::VARCHAR,
                   '\xAA\xBB'::BLOB, [1, 2, NULL], {'a': 1, 'b': 'x'}, MAP {'k': 1}, 'sad'::ENUM('happy', 'sad'), [1, 2]::INTEGER[2], NULL::INTEGER,
                   '12:34:56+02'::TIMETZ, 340282366920938463463374607431768211455::UHUGEINT
            """);

        Assert.Null(result.Error);
        var set = result.ResultSets.Single();
        Assert.Equal(
            [
                ArrowTypeId.Int8, ArrowTypeId.Int16, ArrowTypeId.Int32, ArrowTypeId.Int64, ArrowTypeId.UInt8, ArrowTypeId.UInt64, ArrowTypeId.Float32,
                ArrowTypeId.Float64, ArrowTypeId.Decimal128, ArrowTypeId.Decimal128, ArrowTypeId.Decimal128, ArrowTypeId.Decimal128, ArrowTypeId.Date32,
                ArrowTypeId.Time64, ArrowTypeId.Timestamp, ArrowTypeId.Timestamp, ArrowTypeId.Interval, ArrowTypeId.FixedSizeBinary, ArrowTypeId.Utf8,
                ArrowTypeId.Binary, ArrowTypeId.List, ArrowTypeId.Struct, ArrowTypeId.Map, ArrowTypeId.Utf8, ArrowTypeId.FixedSizeList, ArrowTypeId.Int32,
                ArrowTypeId.Utf8, ArrowTypeId.Utf8,
            ],
            set.Schema!.Fields.Select(f => f.Type.Id));
        Assert.Equal("UTC", set.Schema.Fields[15].Type.TimeZone);
        Assert.NotNull(set.Schema.Fields[23].Dictionary);
        var row = set.Rows.Single();
        Assert.Equal((sbyte)1, row[0]);
        Assert.Equal((ulong)6, row[5]);
        Assert.Equal(123.45m, row[8]);
        Assert.Equal(12345678901234.5678m, row[9]);
        Assert.Equal(1.5m, row[10]);
        Assert.Equal(Int128.MaxValue, row[11]);
        Assert.Equal(new DateOnly(2024, 2, 29), row[12]);
        Assert.Equal((((12L * 60) + 34) * 60 + 56) * 1_000_000 + 789_000, row[13]);
        Assert.Equal(new DateTime(2024, 2, 29, 12, 34, 56).AddTicks(7_890_120).Subtract(DateTime.UnixEpoch).Ticks / 10, row[14]);
        Assert.Equal(new ArrowMonthDayNano(1, 2, 3_000_000_000), row[16]);
        Assert.Equal(Guid.Parse("f47ac10b-58cc-4372-a567-0e02b2c3d479"), row[17]);
        Assert.Equal("héllo 🏹", row[18]);
        Assert.Equal(new byte[] { 0xAA, 0xBB }, row[19]);
        Assert.Equal(new List<object?> { 1, 2, null }, row[20]);
        Assert.Equal(new Dictionary<string, object?> { ["a"] = 1, ["b"] = "x" }, row[21]);
        Assert.Equal(new Dictionary<object, object?> { ["k"] = 1 }, row[22]);
        Assert.Equal("sad", row[23]);
        Assert.Equal(new List<object?> { 1, 2 }, row[24]);
        Assert.Null(row[25]);
        Assert.Equal("12:34:56.000000+02:00:00", row[26]);
        Assert.Equal("340282366920938463463374607431768211455", row[27]);
    }

    [Fact]
    public async Task Nested_values_with_nulls_survive_many_batches()
    {
        await using var session = await TestSession.OpenAsync(Server);
        var request = session.Request("""
            SELECT i, CASE WHEN i % 7 = 0 THEN NULL ELSE [i, NULL, i + 1] END AS l,
                   CASE WHEN i % 5 = 0 THEN NULL ELSE {'x': i, 's': CASE WHEN i % 2 = 0 THEN 'e' END} END AS s
            FROM range(10000) t(i) ORDER BY i
            """);
        request.Options = new ExecuteOptions { TargetBatchBytes = 16 * 1024 };

        var set = (await session.ExecuteAsync(request)).ResultSets.Single();

        Assert.True(set.Batches > 5);
        for (var i = 0; i < 10000; i++)
        {
            var row = set.Rows[i];
            Assert.Equal(i % 7 == 0 ? null : new List<object?> { (long)i, null, (long)i + 1 }, row[1]);
            Assert.Equal(i % 5 == 0 ? null : new Dictionary<string, object?> { ["x"] = (long)i, ["s"] = i % 2 == 0 ? "e" : null }, row[2]);
        }
    }

    [Fact]
    public async Task An_operation_id_never_runs_twice_and_a_session_runs_one_operation_at_a_time()
    {
        await using var session = await TestSession.OpenAsync(Server);
        var request = session.Request("CREATE TEMP TABLE once AS SELECT 1 AS x");
        await session.ExecuteAsync(request);

        var again = await Assert.ThrowsAsync<RpcException>(() => session.ExecuteAsync(request));
        Assert.Equal(StatusCode.AlreadyExists, again.StatusCode);

        using var cancel = new CancellationTokenSource();
        await using var running = await session.Client.ExecuteAsync(session.Request(LongQuery), session.Auth with { CancellationToken = cancel.Token });
        await Task.Delay(200);
        var busy = await Assert.ThrowsAsync<RpcException>(() => session.ExecuteAsync("SELECT 1"));
        Assert.Equal(StatusCode.FailedPrecondition, busy.StatusCode);
        Assert.Contains("one operation at a time", busy.Detail, StringComparison.Ordinal);
        Assert.Equal(ErrorClass.Resource, busy.Error!.ErrorClass);
        await cancel.CancelAsync();
    }

    [Fact]
    public async Task The_session_is_free_as_soon_as_OperationEnd_arrives()
    {
        // OperationEnd is the protocol's "done": a client may send its next operation the moment it reads it, before
        // the stream's trailers. The server must have freed the session by then, or that call fails with 55006.
        await using var session = await TestSession.OpenAsync(Server);
        await session.RunAsync("CREATE TEMP TABLE loop (x INTEGER)");
        string[] steps = ["BEGIN TRANSACTION", "INSERT INTO loop VALUES (1)", "INSERT INTO loop VALUES (2)", "COMMIT"];
        var pending = new List<IGrpcResponseStream<ExecuteEvent>>();
        try
        {
            for (var i = 0; i < 250; i++)
            {
                foreach (var sql in steps)
                {
                    var stream = await session.Client.ExecuteAsync(session.Request(sql), session.Auth);
                    pending.Add(stream);
                    while (await stream.MoveNextAsync() && stream.Current.OperationEnd is null)
                    {
                    }

                    Assert.Null(stream.Current.OperationEnd?.Error);
                }

                // Streams are finished only after the next operation started; then they are closed in bulk.
                foreach (var done in pending)
                {
                    await done.DisposeAsync();
                }

                pending.Clear();
            }
        }
        finally
        {
            foreach (var done in pending)
            {
                await done.DisposeAsync();
            }
        }

        Assert.Equal(500L, await session.ScalarAsync("SELECT count(*) FROM loop"));
    }

    [Fact]
    public async Task Requests_over_the_limits_are_refused_with_the_limit_named()
    {
        await using var session = await TestSession.OpenAsync(Server);

        var empty = await Assert.ThrowsAsync<RpcException>(() => session.ExecuteAsync(session.Request()));
        var noId = session.Request("SELECT 1");
        noId.OperationId = "";
        var missingId = await Assert.ThrowsAsync<RpcException>(() => session.ExecuteAsync(noId));
        var tooMany = await Assert.ThrowsAsync<RpcException>(() => session.ExecuteAsync(session.Request([.. Enumerable.Repeat("SELECT 1", 1001)])));
        var tooLong = await Assert.ThrowsAsync<RpcException>(() => session.ExecuteAsync("SELECT '" + new string('x', 1024 * 1024) + "'"));

        Assert.All([empty, missingId, tooMany, tooLong], e => Assert.Equal(StatusCode.InvalidArgument, e.StatusCode));
        Assert.Contains("max-statements-per-request", tooMany.Detail, StringComparison.Ordinal);
        Assert.Contains("max-sql-length", tooLong.Detail, StringComparison.Ordinal);
    }

    internal const string LongQuery = "SELECT count(*) FROM range(1000000) a, range(1000000) b WHERE a.range + b.range = -1";

    internal static ByteString Parameters(ArrowField[] fields, Action<ArrowRecordBatchBuilder> fill)
    {
        var schema = new ArrowSchema(fields);
        using var builder = new ArrowRecordBatchBuilder(schema);
        fill(builder);
        using var batch = builder.Build();
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        var encoder = new ArrowIpcEncoder(schema);
        encoder.WriteSchema(output);
        encoder.WriteBatch(batch, output);
        return ByteString.CopyFrom(output.WrittenSpan);
    }
}
