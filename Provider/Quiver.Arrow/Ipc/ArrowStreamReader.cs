using System.Buffers;
using System.IO.Pipelines;

namespace Quiver.Arrow;

/// <summary>
/// Reads an Arrow IPC stream from a <see cref="Stream"/> or a <see cref="PipeReader"/>: the schema, then record batches
/// with dictionaries applied. Each batch owns a pooled copy of its message body; dispose it when done.
/// </summary>
public sealed class ArrowStreamReader : IDisposable, IAsyncDisposable
{
    private readonly Stream? _stream;
    private readonly PipeReader? _pipe;
    private readonly bool _leaveOpen;
    private readonly ArrowIpcDecoder _decoder;
    private readonly byte[] _prefix = new byte[8];

    /// <summary>Reads from a stream.</summary>
    public ArrowStreamReader(Stream stream, ArrowReaderOptions? options = null, bool leaveOpen = false)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _leaveOpen = leaveOpen;
        _decoder = new ArrowIpcDecoder(options);
    }

    /// <summary>Reads from a pipe (asynchronous reads only).</summary>
    public ArrowStreamReader(PipeReader pipe, ArrowReaderOptions? options = null)
    {
        _pipe = pipe ?? throw new ArgumentNullException(nameof(pipe));
        _decoder = new ArrowIpcDecoder(options);
    }

    /// <summary>The schema, once read.</summary>
    public ArrowSchema? Schema => _decoder.Schema;

    /// <summary>Reads up to and including the schema message.</summary>
    public ArrowSchema ReadSchema() => ReadSchemaAsync(async: false, default).GetAwaiter().GetResult();

    /// <inheritdoc cref="ReadSchema"/>
    public ValueTask<ArrowSchema> ReadSchemaAsync(CancellationToken cancellationToken = default) => ReadSchemaAsync(async: true, cancellationToken);

    /// <summary>The next record batch, or null at the end of the stream.</summary>
    public ArrowRecordBatch? ReadNextBatch() => ReadNextBatchAsync(async: false, default).GetAwaiter().GetResult();

    /// <inheritdoc cref="ReadNextBatch"/>
    public ValueTask<ArrowRecordBatch?> ReadNextBatchAsync(CancellationToken cancellationToken = default)
        => ReadNextBatchAsync(async: true, cancellationToken);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream?.Dispose();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!_leaveOpen && _stream is not null)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask<ArrowSchema> ReadSchemaAsync(bool async, CancellationToken cancellationToken)
    {
        if (_decoder.Schema is { } schema)
        {
            return schema;
        }

        var message = await ReadMessageAsync(async, cancellationToken).ConfigureAwait(false);
        return message?.Kind == ArrowIpcMessageKind.Schema
            ? message.Schema!
            : throw new ArrowFormatException("Invalid IPC stream: it does not start with a schema message.");
    }

    private async ValueTask<ArrowRecordBatch?> ReadNextBatchAsync(bool async, CancellationToken cancellationToken)
    {
        await ReadSchemaAsync(async, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var message = await ReadMessageAsync(async, cancellationToken).ConfigureAwait(false);
            switch (message?.Kind)
            {
                case null or ArrowIpcMessageKind.EndOfStream:
                    return null;
                case ArrowIpcMessageKind.RecordBatch:
                    return message.Batch;
            }
        }
    }

    // Returns null at a clean end of input (no end-of-stream marker, which Arrow readers accept).
    private async ValueTask<ArrowIpcMessage?> ReadMessageAsync(bool async, CancellationToken cancellationToken)
    {
        if (_decoder.IsCompleted)
        {
            return null;
        }

        var got = await FillAsync(_prefix.AsMemory(0, 4), async, cancellationToken).ConfigureAwait(false);
        if (got == 0)
        {
            return null;
        }

        var (prefix, metadataLength) = _decoder.ReadPrefix(_prefix.AsSpan(0, got), out var complete);
        if (!complete && got == 4 && prefix == 8)
        {
            got += await FillAsync(_prefix.AsMemory(4, 4), async, cancellationToken).ConfigureAwait(false);
            (prefix, metadataLength) = _decoder.ReadPrefix(_prefix.AsSpan(0, got), out complete);
        }

        if (!complete)
        {
            throw Truncated(prefix, got);
        }

        if (metadataLength == 0)
        {
            return _decoder.EndOfStream();
        }

        var metadata = new byte[metadataLength];
        var read = await FillAsync(metadata, async, cancellationToken).ConfigureAwait(false);
        if (read < metadataLength)
        {
            throw Truncated(metadataLength, read);
        }

        var (length, isDictionary) = _decoder.ReadHeader(metadata);
        var bodyLength = (int)length;
        var pooled = !isDictionary; // a dictionary's body outlives the message, so it is not returned to the pool
        var body = pooled ? ArrayPool<byte>.Shared.Rent(bodyLength) : new byte[bodyLength];
        try
        {
            read = await FillAsync(body.AsMemory(0, bodyLength), async, cancellationToken).ConfigureAwait(false);
            if (read < bodyLength)
            {
                throw Truncated(bodyLength, read);
            }

            var owner = pooled ? new PooledBody(body) : null;
            var message = _decoder.Process(metadata, body.AsMemory(0, bodyLength), owner);
            if (message.Kind != ArrowIpcMessageKind.RecordBatch)
            {
                owner?.Dispose();
            }

            return message;
        }
        catch when (pooled)
        {
            ArrayPool<byte>.Shared.Return(body);
            throw;
        }
    }

    private async ValueTask<int> FillAsync(Memory<byte> buffer, bool async, CancellationToken cancellationToken)
    {
        if (_pipe is not null)
        {
            return async ? await FillFromPipeAsync(buffer, cancellationToken).ConfigureAwait(false)
                : throw new InvalidOperationException("A reader over a PipeReader only reads asynchronously.");
        }

        var total = 0;
        while (total < buffer.Length)
        {
            var n = async
                ? await _stream!.ReadAsync(buffer[total..], cancellationToken).ConfigureAwait(false)
                : _stream!.Read(buffer.Span[total..]);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    private async ValueTask<int> FillFromPipeAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var result = await _pipe!.ReadAsync(cancellationToken).ConfigureAwait(false);
            var available = result.Buffer;
            var take = (int)Math.Min(available.Length, buffer.Length - total);
            available.Slice(0, take).CopyTo(buffer.Span[total..]);
            total += take;
            _pipe.AdvanceTo(available.GetPosition(take), available.End);
            if (take == 0 && (result.IsCompleted || result.IsCanceled))
            {
                break;
            }
        }

        return total;
    }

    private static ArrowFormatException Truncated(int expected, int got)
        => new($"Invalid IPC stream: it ends after {got} of the {expected} bytes of a message part (truncated).");

    private sealed class PooledBody(byte[] array) : IDisposable
    {
        private byte[]? _array = array;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _array, null) is { } array)
            {
                ArrayPool<byte>.Shared.Return(array);
            }
        }
    }
}
