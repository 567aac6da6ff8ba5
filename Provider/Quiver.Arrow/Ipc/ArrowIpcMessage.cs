namespace Quiver.Arrow;

/// <summary>One decoded IPC message.</summary>
public sealed class ArrowIpcMessage
{
    internal ArrowIpcMessage(ArrowIpcMessageKind kind, ArrowSchema? schema = null, ArrowRecordBatch? batch = null, long dictionaryId = 0, bool isDelta = false)
    {
        Kind = kind;
        Schema = schema;
        Batch = batch;
        DictionaryId = dictionaryId;
        IsDelta = isDelta;
    }

    /// <summary>What the message carried.</summary>
    public ArrowIpcMessageKind Kind { get; }

    /// <summary>The schema, for a <see cref="ArrowIpcMessageKind.Schema"/> message.</summary>
    public ArrowSchema? Schema { get; }

    /// <summary>The batch, for a <see cref="ArrowIpcMessageKind.RecordBatch"/> message.</summary>
    public ArrowRecordBatch? Batch { get; }

    /// <summary>The dictionary id, for a <see cref="ArrowIpcMessageKind.DictionaryBatch"/> message.</summary>
    public long DictionaryId { get; }

    /// <summary>Whether a dictionary message appended to the dictionary instead of replacing it.</summary>
    public bool IsDelta { get; }
}
