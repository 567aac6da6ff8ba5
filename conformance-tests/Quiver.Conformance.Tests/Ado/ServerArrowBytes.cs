using Apache.Arrow;
using Apache.Arrow.Ipc;
using Quiver.Protocol.V1;

namespace Quiver.Conformance.Tests.Ado;

/// <summary>The Arrow bytes the server sends for a query over quiver.v1, read by Apache.Arrow's own IPC reader (the oracle).</summary>
internal static class ServerArrowBytes
{
    public static async Task<(Schema Schema, List<RecordBatch> Batches)> ReadWithApacheArrowAsync(ServerProcess server, string sql)
    {
        await using var session = await TestSession.OpenAsync(server);
        var result = await session.ExecuteAsync(sql);
        Assert.Null(result.Error);
        var stream = new MemoryStream();
        foreach (var e in result.Events)
        {
            var bytes = e.EventCase switch
            {
                ExecuteEvent.EventOneofCase.ResultSetStart => e.ResultSetStart.ArrowSchema,
                ExecuteEvent.EventOneofCase.Batch => e.Batch.ArrowMessages,
                _ => null,
            };
            bytes?.WriteTo(stream);
        }

        stream.Write([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]);
        using var reader = new ArrowStreamReader(stream.ToArray().AsMemory());
        var batches = new List<RecordBatch>();
        while (await reader.ReadNextRecordBatchAsync() is { } batch)
        {
            batches.Add(batch.Clone());
        }

        return (reader.Schema, batches);
    }
}
