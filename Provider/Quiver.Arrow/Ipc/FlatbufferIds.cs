namespace Quiver.Arrow.Ipc;

// Table field slots and union tags from Arrow's format/Schema.fbs and format/Message.fbs (metadata version V5).
internal static class FlatbufferIds
{
    public const short MetadataV4 = 3;
    public const short MetadataV5 = 4;

    public static class MessageField
    {
        public const int Version = 0, HeaderType = 1, Header = 2, BodyLength = 3, CustomMetadata = 4, Count = 5;
    }

    public static class Header
    {
        public const byte Schema = 1, DictionaryBatch = 2, RecordBatch = 3, Tensor = 4, SparseTensor = 5;
    }

    public static class SchemaField
    {
        public const int Endianness = 0, Fields = 1, CustomMetadata = 2, Features = 3, Count = 4;
    }

    public static class FieldField
    {
        public const int Name = 0, Nullable = 1, TypeType = 2, Type = 3, Dictionary = 4, Children = 5, CustomMetadata = 6, Count = 7;
    }

    public static class DictionaryEncodingField
    {
        public const int Id = 0, IndexType = 1, IsOrdered = 2, Count = 4;
    }

    public static class RecordBatchField
    {
        public const int Length = 0, Nodes = 1, Buffers = 2, Compression = 3, VariadicBufferCounts = 4, Count = 5;
    }

    public static class DictionaryBatchField
    {
        public const int Id = 0, Data = 1, IsDelta = 2, Count = 3;
    }

    // Schema.fbs union Type.
    public static class TypeTag
    {
        public const byte Null = 1, Int = 2, FloatingPoint = 3, Binary = 4, Utf8 = 5, Bool = 6, Decimal = 7, Date = 8, Time = 9,
            Timestamp = 10, Interval = 11, List = 12, Struct = 13, Union = 14, FixedSizeBinary = 15, FixedSizeList = 16, Map = 17,
            Duration = 18, LargeBinary = 19, LargeUtf8 = 20, LargeList = 21, RunEndEncoded = 22, BinaryView = 23, Utf8View = 24,
            ListView = 25, LargeListView = 26;
    }

    public static string TypeName(byte tag) => tag switch
    {
        TypeTag.Union => "Union",
        TypeTag.RunEndEncoded => "RunEndEncoded",
        TypeTag.BinaryView => "BinaryView",
        TypeTag.Utf8View => "Utf8View",
        TypeTag.ListView => "ListView",
        TypeTag.LargeListView => "LargeListView",
        _ => $"type tag {tag}",
    };
}
