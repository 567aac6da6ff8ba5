using System.Buffers.Binary;
using Quiver.Arrow.FlatBuffers;
using Quiver.Arrow.Ipc;
using static Quiver.Arrow.Ipc.FlatbufferIds;

namespace Quiver.Arrow;

/// <summary>
/// Decodes the encapsulated messages of one IPC stream, one at a time, from memory: the schema first, then dictionary
/// and record batches. The decoder keeps the schema and the dictionaries for the messages that follow. Arrays of a
/// decoded batch are views over the bytes passed in, which must stay unchanged while the batch is used.
/// </summary>
public sealed class ArrowIpcDecoder
{
    private const int Continuation = -1;
    private readonly ArrowReaderOptions _options;
    private readonly DictionaryMemo _dictionaries = new();
    private long _messageIndex;

    /// <summary>Creates a decoder with the given limits (or the defaults).</summary>
    public ArrowIpcDecoder(ArrowReaderOptions? options = null)
    {
        _options = options ?? ArrowReaderOptions.Default;
    }

    /// <summary>The stream's schema, once its schema message has been decoded.</summary>
    public ArrowSchema? Schema { get; private set; }

    /// <summary>Whether the end-of-stream marker has been decoded.</summary>
    public bool IsCompleted { get; private set; }

    /// <summary>Decodes exactly one encapsulated message; trailing bytes are an error.</summary>
    public ArrowIpcMessage Decode(ReadOnlyMemory<byte> message)
    {
        var decoded = Decode(message, out var consumed);
        if (consumed != message.Length)
        {
            throw new ArrowFormatException(
                $"Invalid IPC message {_messageIndex - 1}: {message.Length - consumed} bytes follow the {consumed}-byte message.");
        }

        return decoded;
    }

    /// <summary>Decodes the first encapsulated message of <paramref name="bytes"/> and reports how many bytes it took.</summary>
    public ArrowIpcMessage Decode(ReadOnlyMemory<byte> bytes, out int consumed)
    {
        var span = bytes.Span;
        var (prefix, metadataLength) = ReadPrefix(span, out var complete);
        if (!complete)
        {
            throw Truncated(bytes.Length, prefix);
        }

        if (metadataLength == 0)
        {
            consumed = prefix;
            return EndOfStream();
        }

        if (bytes.Length - prefix < metadataLength)
        {
            throw Truncated(bytes.Length, prefix + (long)metadataLength);
        }

        var metadata = bytes.Slice(prefix, metadataLength);
        var (bodyLength, _) = ReadHeader(metadata.Span);
        if (bytes.Length - prefix - metadataLength < bodyLength)
        {
            throw Truncated(bytes.Length, prefix + (long)metadataLength + bodyLength);
        }

        consumed = prefix + metadataLength + (int)bodyLength;
        return Process(metadata.Span, bytes.Slice(prefix + metadataLength, (int)bodyLength), owner: null);
    }

    /// <summary>
    /// Reads a message prefix: the optional continuation marker and the metadata length. Returns the prefix size; a
    /// metadata length of 0 is the end-of-stream marker.
    /// </summary>
    internal (int Prefix, int MetadataLength) ReadPrefix(ReadOnlySpan<byte> bytes, out bool complete)
    {
        complete = false;
        if (bytes.Length < 4)
        {
            return (4, 0);
        }

        var first = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        var prefix = 4;
        var length = first;
        if (first == Continuation)
        {
            prefix = 8;
            if (bytes.Length < 8)
            {
                return (8, 0);
            }

            length = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
        }

        if (length < 0 || length > _options.MaxMessageBytes)
        {
            throw new ArrowFormatException(
                $"Invalid IPC message {_messageIndex}: metadata length {length} is negative or above the reader's MaxMessageBytes ({_options.MaxMessageBytes}).");
        }

        complete = true;
        return (prefix, length);
    }

    /// <summary>Checks a message's metadata; returns its body length and whether it is a dictionary batch.</summary>
    internal (long BodyLength, bool IsDictionary) ReadHeader(ReadOnlySpan<byte> metadata)
    {
        var fb = new FlatBufferReader(metadata, $"IPC message {_messageIndex} header");
        var message = fb.Root;
        var version = fb.GetInt16(message, MessageField.Version);
        if (version is not (MetadataV4 or MetadataV5))
        {
            throw new ArrowFormatException(
                $"IPC message {_messageIndex} uses metadata version V{version + 1}; only V4 and V5 (Arrow 0.15 and later) are supported.");
        }

        var bodyLength = fb.GetInt64(message, MessageField.BodyLength);
        if (bodyLength < 0 || bodyLength > _options.MaxMessageBytes - metadata.Length)
        {
            throw new ArrowFormatException(
                $"Invalid IPC message {_messageIndex}: body length {bodyLength} is negative or the message exceeds the reader's MaxMessageBytes ({_options.MaxMessageBytes}).");
        }

        return (bodyLength, fb.GetByte(message, MessageField.HeaderType) == Header.DictionaryBatch);
    }

    internal ArrowIpcMessage EndOfStream()
    {
        _messageIndex++;
        IsCompleted = true;
        return new ArrowIpcMessage(ArrowIpcMessageKind.EndOfStream);
    }

    /// <summary>Decodes a message from its metadata and body; <paramref name="owner"/> is handed to a decoded batch.</summary>
    internal ArrowIpcMessage Process(ReadOnlySpan<byte> metadata, ReadOnlyMemory<byte> body, IDisposable? owner)
    {
        var index = _messageIndex++;
        if (IsCompleted)
        {
            throw new ArrowFormatException($"Invalid IPC stream: message {index} follows the end-of-stream marker.");
        }

        var fb = new FlatBufferReader(metadata, $"IPC message {index} header");
        var message = fb.Root;
        var headerType = fb.GetByte(message, MessageField.HeaderType);
        var header = fb.GetTable(message, MessageField.Header)
            ?? throw new ArrowFormatException($"Invalid IPC message {index}: it has no header.");
        if (headerType == Header.Schema)
        {
            if (Schema is not null)
            {
                throw new ArrowFormatException($"Invalid IPC stream: message {index} is a second schema.");
            }

            var schema = new SchemaReader(fb, _options).Read(header);
            _dictionaries.Register(schema.Fields);
            Schema = schema;
            return new ArrowIpcMessage(ArrowIpcMessageKind.Schema, schema);
        }

        if (Schema is null)
        {
            throw new ArrowFormatException($"Invalid IPC stream: message {index} comes before the schema.");
        }

        return headerType switch
        {
            Header.RecordBatch => ReadRecordBatch(fb, header, body, owner, index),
            Header.DictionaryBatch => ReadDictionaryBatch(fb, header, body, index),
            Header.Tensor or Header.SparseTensor => throw new ArrowFormatException(
                $"IPC message {index} is a tensor, which Quiver does not support."),
            _ => throw new ArrowFormatException($"Invalid IPC message {index}: header type {headerType} is unknown."),
        };
    }

    private ArrowIpcMessage ReadRecordBatch(FlatBufferReader fb, FlatTable header, ReadOnlyMemory<byte> body, IDisposable? owner, long index)
    {
        var schema = Schema!;
        var columns = new ArrowArray[schema.Fields.Count];
        var length = new BatchReader(fb, body, _dictionaries.Get, $"record batch (message {index})").Read(header, schema.Fields, columns);
        return new ArrowIpcMessage(ArrowIpcMessageKind.RecordBatch, batch: new ArrowRecordBatch(schema, length, columns, owner));
    }

    private ArrowIpcMessage ReadDictionaryBatch(FlatBufferReader fb, FlatTable header, ReadOnlyMemory<byte> body, long index)
    {
        var id = fb.GetInt64(header, DictionaryBatchField.Id);
        var isDelta = fb.GetBool(header, DictionaryBatchField.IsDelta);
        var data = fb.GetTable(header, DictionaryBatchField.Data)
            ?? throw new ArrowFormatException($"Invalid dictionary batch (message {index}): it has no data.");
        var field = _dictionaries.FieldOf(id);
        body = body.ToArray(); // dictionaries outlive the message: never keep a view of the caller's buffer
        var columns = new ArrowArray[1];
        new BatchReader(fb, body, _dictionaries.Get, $"dictionary batch (message {index})").Read(data, [field], columns);
        _dictionaries.Set(id, columns[0], isDelta, body.Length, _options);
        return new ArrowIpcMessage(ArrowIpcMessageKind.DictionaryBatch, dictionaryId: id, isDelta: isDelta);
    }

    private ArrowFormatException Truncated(long available, long needed)
        => new($"Invalid IPC message {_messageIndex}: it needs {needed} bytes but only {available} are there (truncated).");
}
