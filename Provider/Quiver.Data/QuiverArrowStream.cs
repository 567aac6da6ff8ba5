using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace Quiver.Data;

/// <summary>
/// A command's first result set as Apache.Arrow's <see cref="IArrowArrayStream"/>, for Arrow consumers (Parquet writers,
/// dataframes, the C Data Interface through <c>CArrowArrayStreamExporter</c>). Batches are read from the server only as
/// they are asked for, so a slow consumer holds the server back instead of filling memory. Disposing the stream closes
/// the reader, which stops the query if batches are left, and the connection if the stream opened it.
/// </summary>
public sealed class QuiverArrowStream : IArrowArrayStream
{
    private readonly QuiverDataReader _reader;

    internal QuiverArrowStream(QuiverDataReader reader) => _reader = reader;

    /// <inheritdoc/>
    public Schema Schema => _reader.GetArrowSchema();

    /// <summary>The next batch (see <see cref="QuiverDataReader.ReadArrowBatchAsync"/> for ownership), or null at the end.</summary>
    public ValueTask<RecordBatch> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
        => _reader.ReadArrowBatchAsync(cancellationToken)!;

    /// <inheritdoc/>
    public void Dispose() => _reader.Dispose();
}
