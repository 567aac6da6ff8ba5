using Grpc.Net.Client;
using Grpc.Core;
using Google.Protobuf;
using Quiver.Arrow;
using Quiver.Protocol;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;
using Quiver.GrpcPeers;

namespace Quiver.Conformance.Tests;

/// <summary>A session on the real server through Quiver's own client, with results decoded by Quiver.Arrow.</summary>
internal sealed class TestSession : IAsyncDisposable
{
    private readonly GrpcChannel? _ownedChannel;

    private TestSession(QuiverClient client, GrpcCallOptions auth, SessionRef session, OpenSessionResponse opened, GrpcChannel? ownedChannel)
    {
        Client = client;
        Auth = auth;
        Session = session;
        Opened = opened;
        _ownedChannel = ownedChannel;
    }

    public QuiverClient Client { get; }

    public GrpcCallOptions Auth { get; }

    public SessionRef Session { get; }

    public OpenSessionResponse Opened { get; }

    public static async Task<TestSession> OpenAsync(ServerProcess server, string? token = null, GrpcChannel? channel = null, OpenSessionRequest? request = null)
    {
        var owned = channel is null ? QuiverChannel.Create(server.Address) : null;
        var client = new QuiverClient(channel ?? owned!);
        var auth = Authorized(token ?? server.Token);
        var opened = await client.OpenSessionAsync(request ?? new OpenSessionRequest { MinProtocolVersion = 1, MaxProtocolVersion = 1 }, auth);
        return new TestSession(client, auth, opened.Session, opened, owned);
    }

    public static GrpcCallOptions Authorized(string token) => new() { Headers = [new("authorization", $"Bearer {token}")] };

    public ExecuteRequest Request(params string[] sql)
    {
        var request = new ExecuteRequest { Session = Session, OperationId = Guid.NewGuid().ToString() };
        request.Statements.AddRange(sql.Select(s => new Statement { Sql = s }));
        return request;
    }

    public Task<OperationResult> ExecuteAsync(params string[] sql) => ExecuteAsync(Request(sql));

    public async Task<OperationResult> ExecuteAsync(ExecuteRequest request, CancellationToken cancellation = default)
    {
        await using var stream = await Client.ExecuteAsync(request, Auth with { CancellationToken = cancellation });
        return await OperationResult.ReadAsync(stream);
    }

    /// <summary>The rows of a query's single result set; fails the test on an error.</summary>
    public async Task<List<object?[]>> QueryAsync(string sql)
    {
        var result = await ExecuteAsync(sql);
        Assert.True(result.Error is null, $"{sql}: {result.Error}");
        return result.ResultSets.Single().Rows;
    }

    /// <summary>Runs statements, failing the test on an error.</summary>
    public async Task<OperationResult> RunAsync(params string[] sql)
    {
        var result = await ExecuteAsync(sql);
        Assert.True(result.Error is null, $"{string.Join("; ", sql)}: {result.Error}");
        return result;
    }

    public async Task<object?> ScalarAsync(string sql) => (await QueryAsync(sql)).Single().Single();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Client.CloseSessionAsync(new CloseSessionRequest { Session = Session }, Auth);
        }
        catch (RpcException)
        {
            // Already closed or expired by the test.
        }

        _ownedChannel?.Dispose();
    }
}

internal sealed record ResultSetData(ArrowSchema? Schema, List<object?[]> Rows, ResultSetEnd End, int Batches);

internal sealed record OperationResult(List<ResultSetData> ResultSets, Error? Error, OperationEnd End, List<ExecuteEvent> Events)
{
    public static async Task<OperationResult> ReadAsync(IGrpcResponseStream<ExecuteEvent> stream, bool keepRows = true)
    {
        var events = new List<ExecuteEvent>();
        var sets = new List<ResultSetData>();
        ArrowIpcDecoder? decoder = null;
        var rows = new List<object?[]>();
        var batches = 0;
        OperationEnd? end = null;
        while (await stream.MoveNextAsync())
        {
            var e = stream.Current;
            events.Add(keepRows || e.EventCase != ExecuteEvent.EventOneofCase.Batch ? e : new ExecuteEvent
            {
                Sequence = e.Sequence, Batch = new ResultBatch { RowCount = e.Batch.RowCount, RowOffset = e.Batch.RowOffset },
            });
            switch (e.EventCase)
            {
                case ExecuteEvent.EventOneofCase.ResultSetStart:
                    decoder = new ArrowIpcDecoder();
                    decoder.Decode(e.ResultSetStart.ArrowSchema.Memory);
                    rows = [];
                    batches = 0;
                    break;
                case ExecuteEvent.EventOneofCase.Batch:
                    batches++;
                    var bytes = e.Batch.ArrowMessages.Memory;
                    while (!bytes.IsEmpty)
                    {
                        var message = decoder!.Decode(bytes, out var consumed);
                        bytes = bytes[consumed..];
                        if (message.Batch is { } batch && keepRows)
                        {
                            Assert.Equal((int)e.Batch.RowCount, batch.Length);
                            for (var r = 0; r < batch.Length; r++)
                            {
                                rows.Add([.. batch.Columns.Select(c => ArrowValues.Get(c, r))]);
                            }
                        }
                    }

                    break;
                case ExecuteEvent.EventOneofCase.ResultSetEnd:
                    sets.Add(new ResultSetData(decoder?.Schema, rows, e.ResultSetEnd, batches));
                    decoder = null;
                    rows = [];
                    batches = 0;
                    break;
                case ExecuteEvent.EventOneofCase.OperationEnd:
                    end = e.OperationEnd;
                    break;
            }
        }

        Assert.NotNull(end);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (ulong)i), events.Select(e => e.Sequence));
        return new OperationResult(sets, end.Error, end, events);
    }
}

/// <summary>Arrow values as plain CLR values, for assertions.</summary>
internal static class ArrowValues
{
    public static object? Get(ArrowArray array, int row)
    {
        if (array.IsNull(row))
        {
            return null;
        }

        return array switch
        {
            BooleanArray b => b.GetBoolean(row),
            BinaryArray s when s.IsUtf8 => s.GetString(row),
            BinaryArray s => s.GetBytes(row).ToArray(),
            DictionaryArray d => Get(d.Dictionary, d.GetIndex(row)),
            ListArray l when l.Type.Id == ArrowTypeId.Map => Enumerable.Range(l.GetStart(row), l.GetLength(row))
                .ToDictionary(i => Get(l.MapKeys, i)!, i => Get(l.MapValues, i)),
            ListArray l => Enumerable.Range(l.GetStart(row), l.GetLength(row)).Select(i => Get(l.Values, i)).ToList(),
            FixedSizeListArray f => Enumerable.Range(f.GetStart(row), f.ListSize).Select(i => Get(f.Values, i)).ToList(),
            StructArray s => s.Type.Children.Select((field, i) => (field.Name, Value: Get(s.GetField(i), row))).ToDictionary(p => p.Name, p => p.Value),
            PrimitiveArray p => p.Type.Id switch
            {
                ArrowTypeId.Int8 => p.GetInt8(row),
                ArrowTypeId.Int16 => p.GetInt16(row),
                ArrowTypeId.Int32 => p.GetInt32(row),
                ArrowTypeId.Int64 => p.GetInt64(row),
                ArrowTypeId.UInt8 => p.GetUInt8(row),
                ArrowTypeId.UInt16 => p.GetUInt16(row),
                ArrowTypeId.UInt32 => p.GetUInt32(row),
                ArrowTypeId.UInt64 => p.GetUInt64(row),
                ArrowTypeId.Float32 => p.GetFloat(row),
                ArrowTypeId.Float64 => p.GetDouble(row),
                ArrowTypeId.Decimal128 when p.Type.Precision > 28 && p.Type.Scale == 0 => p.GetUnscaledDecimal(row),
                ArrowTypeId.Decimal128 => p.GetDecimal(row),
                ArrowTypeId.Date32 => DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + p.GetValue<int>(0 + row)),
                ArrowTypeId.Time64 => p.GetValue<long>(row),
                ArrowTypeId.Timestamp => p.GetValue<long>(row),
                ArrowTypeId.Interval => p.GetMonthDayNano(row),
                ArrowTypeId.FixedSizeBinary => new Guid(p.GetBytes(row), bigEndian: true),
                _ => throw new NotSupportedException(p.Type.ToString()),
            },
            NullArray => null,
            _ => throw new NotSupportedException(array.Type.ToString()),
        };
    }
}
