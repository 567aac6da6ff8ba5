namespace Quiver.Arrow;

/// <summary>What an IPC message carried.</summary>
public enum ArrowIpcMessageKind
{
    /// <summary>The stream's schema (the first message).</summary>
    Schema,

    /// <summary>A dictionary (or a delta to one); the decoder keeps it for the batches that follow.</summary>
    DictionaryBatch,

    /// <summary>A record batch.</summary>
    RecordBatch,

    /// <summary>The end-of-stream marker.</summary>
    EndOfStream,
}
