namespace Quiver.Arrow.Ipc;

/// <summary>One IPC message ready to write: the padded flatbuffer header, then body buffers each padded to 8 bytes.</summary>
internal readonly record struct EncodedMessage(ReadOnlyMemory<byte> Metadata, IReadOnlyList<ReadOnlyMemory<byte>> Body, long BodyLength)
{
    public static readonly byte[] Padding = new byte[8];

    /// <summary>Continuation marker, metadata length (padded so the body starts 8-byte aligned), metadata and its padding.</summary>
    public int PrefixedMetadataLength => 8 + PaddedMetadataLength;

    public int PaddedMetadataLength => Align(Metadata.Length + 8) - 8;

    public long TotalLength => PrefixedMetadataLength + BodyLength;

    public static int Align(int length) => (length + 7) & ~7;

    public static long Align(long length) => (length + 7) & ~7L;
}
