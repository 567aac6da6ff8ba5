using Apache.Arrow;
using Apache.Arrow.C;
using Apache.Arrow.Ipc;
using Quiver.Adbc.Native;

namespace Quiver.Adbc;

/// <summary>Answers the driver builds in memory (GetInfo, GetObjects, GetTableTypes), exported as C streams.</summary>
internal static unsafe class Streams
{
    public static void Export(RecordBatch batch, CArrowArrayStream* output)
    {
        if (output is null)
        {
            batch.Dispose();
            throw AdbcException.InvalidArgument("The output stream must not be NULL.");
        }

        ArrayStreamExport.Export(new OneBatch(batch), output);
    }

    private sealed class OneBatch(RecordBatch batch) : IArrowArrayStream
    {
        private RecordBatch? _next = batch;

        public Schema Schema { get; } = batch.Schema;

        public ValueTask<RecordBatch?> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
        {
            var next = _next;
            _next = null;
            return ValueTask.FromResult(next);
        }

        public void Dispose() => _next?.Dispose();
    }
}
