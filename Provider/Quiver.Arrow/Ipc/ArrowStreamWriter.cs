using System.Buffers;
using Quiver.Arrow.Ipc;

namespace Quiver.Arrow;

/// <summary>
/// Writes an Arrow IPC stream to a <see cref="Stream"/>: the schema on the first batch (or on <see cref="WriteEnd"/>),
/// dictionaries as batches need them, and the end-of-stream marker. Body buffers are written straight from the
/// arrays' memory, without an intermediate copy.
/// </summary>
public sealed class ArrowStreamWriter : IDisposable, IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly ArrowIpcEncoder _encoder;
    private bool _schemaWritten;
    private bool _ended;

    /// <summary>Writes a stream of <paramref name="schema"/> batches to <paramref name="stream"/>.</summary>
    public ArrowStreamWriter(Stream stream, ArrowSchema schema, bool leaveOpen = false)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _encoder = new ArrowIpcEncoder(schema);
        _leaveOpen = leaveOpen;
    }

    /// <summary>The stream's schema.</summary>
    public ArrowSchema Schema => _encoder.Schema;

    /// <summary>Writes a batch, preceded by the schema and any dictionaries it needs.</summary>
    public void WriteBatch(ArrowRecordBatch batch) => WriteBatchAsync(batch, async: false, default).GetAwaiter().GetResult();

    /// <inheritdoc cref="WriteBatch"/>
    public ValueTask WriteBatchAsync(ArrowRecordBatch batch, CancellationToken cancellationToken = default)
        => WriteBatchAsync(batch, async: true, cancellationToken);

    /// <summary>Writes the end-of-stream marker (and the schema, for a stream without batches).</summary>
    public void WriteEnd() => WriteEndAsync(async: false, default).GetAwaiter().GetResult();

    /// <inheritdoc cref="WriteEnd"/>
    public ValueTask WriteEndAsync(CancellationToken cancellationToken = default) => WriteEndAsync(async: true, cancellationToken);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!_leaveOpen)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask WriteBatchAsync(ArrowRecordBatch batch, bool async, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_ended, this);
        await WriteSchemaAsync(async, cancellationToken).ConfigureAwait(false);
        foreach (var message in _encoder.MessagesFor(batch))
        {
            await WriteAsync(message, async, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask WriteEndAsync(bool async, CancellationToken cancellationToken)
    {
        if (_ended)
        {
            return;
        }

        await WriteSchemaAsync(async, cancellationToken).ConfigureAwait(false);
        var end = new ArrayBufferWriter<byte>(8);
        ArrowIpcEncoder.WriteEndOfStream(end);
        await WriteBytesAsync(end.WrittenMemory, async, cancellationToken).ConfigureAwait(false);
        _ended = true;
        if (async)
        {
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            _stream.Flush();
        }
    }

    private async ValueTask WriteSchemaAsync(bool async, CancellationToken cancellationToken)
    {
        if (!_schemaWritten)
        {
            await WriteAsync(MessageEncoder.Schema(Schema), async, cancellationToken).ConfigureAwait(false);
            _schemaWritten = true;
        }
    }

    private async ValueTask WriteAsync(EncodedMessage message, bool async, CancellationToken cancellationToken)
    {
        var head = new byte[message.PrefixedMetadataLength];
        ArrowIpcEncoder.WritePrefix(message, head);
        message.Metadata.Span.CopyTo(head.AsSpan(8));
        await WriteBytesAsync(head, async, cancellationToken).ConfigureAwait(false);
        foreach (var segment in message.Body)
        {
            await WriteBytesAsync(segment, async, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask WriteBytesAsync(ReadOnlyMemory<byte> bytes, bool async, CancellationToken cancellationToken)
    {
        if (async)
        {
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            _stream.Write(bytes.Span);
        }
    }
}
