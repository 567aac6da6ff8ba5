using System.Buffers;
using System.Buffers.Binary;
using Quiver.Arrow.Ipc;

namespace Quiver.Arrow;

/// <summary>
/// Encodes one IPC stream's messages into an <see cref="IBufferWriter{T}"/>: the schema, then for each batch the
/// dictionary messages it needs followed by the batch itself, then the end-of-stream marker. A dictionary is sent the
/// first time a batch uses it; when a later batch's dictionary extends the one sent, only the new entries go out as a
/// delta; any other change sends a replacement.
/// </summary>
public sealed class ArrowIpcEncoder
{
    private readonly Dictionary<long, ArrowArray> _sent = [];

    /// <summary>Creates an encoder for batches of <paramref name="schema"/>.</summary>
    public ArrowIpcEncoder(ArrowSchema schema)
    {
        Schema = schema ?? throw new ArgumentNullException(nameof(schema));
    }

    /// <summary>The stream's schema.</summary>
    public ArrowSchema Schema { get; }

    /// <summary>Writes the schema message.</summary>
    public void WriteSchema(IBufferWriter<byte> output) => Write(MessageEncoder.Schema(Schema), output);

    /// <summary>Writes the dictionary messages <paramref name="batch"/> needs, then the batch.</summary>
    public void WriteBatch(ArrowRecordBatch batch, IBufferWriter<byte> output)
    {
        foreach (var message in MessagesFor(batch))
        {
            Write(message, output);
        }
    }

    /// <summary>Writes the end-of-stream marker.</summary>
    public static void WriteEndOfStream(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(8);
        BinaryPrimitives.WriteInt32LittleEndian(span, -1);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 0);
        output.Advance(8);
    }

    internal IEnumerable<EncodedMessage> MessagesFor(ArrowRecordBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!ReferenceEquals(batch.Schema, Schema) && !batch.Schema.Equals(Schema))
        {
            throw new ArgumentException("The batch's schema is not the stream's schema.", nameof(batch));
        }

        var messages = new List<EncodedMessage>();
        for (var i = 0; i < batch.Columns.Count; i++)
        {
            AddDictionaries(Schema.Fields[i], batch.Columns[i], messages);
        }

        messages.Add(MessageEncoder.RecordBatch(batch.Length, batch.Columns));
        return messages;
    }

    internal static void WritePrefix(EncodedMessage message, Span<byte> prefix)
    {
        BinaryPrimitives.WriteInt32LittleEndian(prefix, -1);
        BinaryPrimitives.WriteInt32LittleEndian(prefix[4..], message.PaddedMetadataLength);
    }

    internal static void Write(EncodedMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var head = output.GetSpan(message.PrefixedMetadataLength);
        WritePrefix(message, head);
        message.Metadata.Span.CopyTo(head[8..]);
        head[(8 + message.Metadata.Length)..message.PrefixedMetadataLength].Clear();
        output.Advance(message.PrefixedMetadataLength);
        foreach (var segment in message.Body)
        {
            output.Write(segment.Span);
        }
    }

    private void AddDictionaries(ArrowField field, ArrowArray array, List<EncodedMessage> messages)
    {
        if (array is DictionaryArray encoded)
        {
            var id = encoded.Encoding.Id;
            var dictionary = encoded.Dictionary;
            if (!_sent.TryGetValue(id, out var previous))
            {
                messages.Add(MessageEncoder.DictionaryBatch(id, dictionary, isDelta: false));
            }
            else if (!ReferenceEquals(previous, dictionary))
            {
                var extends = dictionary.Length > previous.Length && ArrowArrays.PrefixEquals(previous, dictionary, previous.Length);
                messages.Add(extends
                    ? MessageEncoder.DictionaryBatch(id, NewEntries(field, dictionary, previous.Length), isDelta: true)
                    : MessageEncoder.DictionaryBatch(id, dictionary, isDelta: false));
            }

            _sent[id] = dictionary;
            return;
        }

        for (var i = 0; i < array.Children.Count; i++)
        {
            AddDictionaries(field.Type.Children[i], array.Children[i], messages);
        }
    }

    private static ArrowArray NewEntries(ArrowField field, ArrowArray dictionary, int alreadySent)
        => ArrowArrays.Slice(new ArrowField(field.Name, field.Type, field.IsNullable), dictionary, alreadySent, dictionary.Length - alreadySent);
}
