using Quiver.Arrow.FlatBuffers;
using static Quiver.Arrow.Ipc.FlatbufferIds;

namespace Quiver.Arrow.Ipc;

/// <summary>Encodes an <see cref="ArrowSchema"/> as a flatbuffer Schema table.</summary>
internal static class SchemaWriter
{
    public static int Write(FlatBufferBuilder fb, ArrowSchema schema)
    {
        var fields = WriteFields(fb, schema.Fields);
        var metadata = WriteMetadata(fb, schema.Metadata);
        fb.StartTable(SchemaField.Count);
        fb.AddInt16(SchemaField.Endianness, 0);
        fb.AddOffset(SchemaField.Fields, fields);
        if (metadata != 0)
        {
            fb.AddOffset(SchemaField.CustomMetadata, metadata);
        }

        return fb.EndTable();
    }

    public static int WriteMetadata(FlatBufferBuilder fb, IReadOnlyDictionary<string, string> metadata)
    {
        if (metadata.Count == 0)
        {
            return 0;
        }

        var pairs = new int[metadata.Count];
        var i = 0;
        foreach (var (key, value) in metadata)
        {
            var k = fb.CreateString(key);
            var v = fb.CreateString(value);
            fb.StartTable(2);
            fb.AddOffset(0, k);
            fb.AddOffset(1, v);
            pairs[i++] = fb.EndTable();
        }

        return fb.CreateOffsetVector(pairs);
    }

    private static int WriteFields(FlatBufferBuilder fb, IReadOnlyList<ArrowField> fields)
    {
        var offsets = new int[fields.Count];
        for (var i = 0; i < offsets.Length; i++)
        {
            offsets[i] = WriteField(fb, fields[i]);
        }

        return fb.CreateOffsetVector(offsets);
    }

    private static int WriteField(FlatBufferBuilder fb, ArrowField field)
    {
        var name = fb.CreateString(field.Name);
        var children = WriteFields(fb, field.Type.Children);
        var (tag, type) = WriteType(fb, field.Type);
        var dictionary = field.Dictionary is { } encoding ? WriteDictionaryEncoding(fb, encoding) : 0;
        var metadata = WriteMetadata(fb, field.Metadata);
        fb.StartTable(FieldField.Count);
        fb.AddOffset(FieldField.Name, name);
        fb.AddBool(FieldField.Nullable, field.IsNullable);
        fb.AddByte(FieldField.TypeType, tag);
        fb.AddOffset(FieldField.Type, type);
        if (dictionary != 0)
        {
            fb.AddOffset(FieldField.Dictionary, dictionary);
        }

        fb.AddOffset(FieldField.Children, children);
        if (metadata != 0)
        {
            fb.AddOffset(FieldField.CustomMetadata, metadata);
        }

        return fb.EndTable();
    }

    private static int WriteDictionaryEncoding(FlatBufferBuilder fb, ArrowDictionaryEncoding encoding)
    {
        var (_, indexType) = WriteType(fb, encoding.IndexType);
        fb.StartTable(DictionaryEncodingField.Count);
        fb.AddInt64(DictionaryEncodingField.Id, encoding.Id);
        fb.AddOffset(DictionaryEncodingField.IndexType, indexType);
        fb.AddBool(DictionaryEncodingField.IsOrdered, encoding.IsOrdered);
        return fb.EndTable();
    }

    private static (byte Tag, int Table) WriteType(FlatBufferBuilder fb, ArrowType type)
    {
        // Strings must be written before the table that refers to them.
        var timeZone = type.TimeZone is { } zone ? fb.CreateString(zone) : 0;
        var (tag, fieldCount) = type.Id switch
        {
            ArrowTypeId.Null => (TypeTag.Null, 0),
            ArrowTypeId.Boolean => (TypeTag.Bool, 0),
            >= ArrowTypeId.Int8 and <= ArrowTypeId.UInt64 => (TypeTag.Int, 2),
            ArrowTypeId.Float32 or ArrowTypeId.Float64 => (TypeTag.FloatingPoint, 1),
            ArrowTypeId.Decimal128 => (TypeTag.Decimal, 3),
            ArrowTypeId.Utf8 => (TypeTag.Utf8, 0),
            ArrowTypeId.LargeUtf8 => (TypeTag.LargeUtf8, 0),
            ArrowTypeId.Binary => (TypeTag.Binary, 0),
            ArrowTypeId.LargeBinary => (TypeTag.LargeBinary, 0),
            ArrowTypeId.FixedSizeBinary => (TypeTag.FixedSizeBinary, 1),
            ArrowTypeId.Date32 or ArrowTypeId.Date64 => (TypeTag.Date, 1),
            ArrowTypeId.Time32 or ArrowTypeId.Time64 => (TypeTag.Time, 2),
            ArrowTypeId.Timestamp => (TypeTag.Timestamp, 2),
            ArrowTypeId.Duration => (TypeTag.Duration, 1),
            ArrowTypeId.Interval => (TypeTag.Interval, 1),
            ArrowTypeId.List => (TypeTag.List, 0),
            ArrowTypeId.LargeList => (TypeTag.LargeList, 0),
            ArrowTypeId.FixedSizeList => (TypeTag.FixedSizeList, 1),
            ArrowTypeId.Struct => (TypeTag.Struct, 0),
            ArrowTypeId.Map => (TypeTag.Map, 1),
            _ => throw new NotSupportedException($"Type {type} cannot be written."),
        };

        fb.StartTable(Math.Max(fieldCount, 1));
        switch (type.Id)
        {
            case >= ArrowTypeId.Int8 and <= ArrowTypeId.UInt64:
                fb.AddInt32(0, type.ByteWidth * 8);
                fb.AddBool(1, type.Id <= ArrowTypeId.Int64);
                break;
            case ArrowTypeId.Float32 or ArrowTypeId.Float64:
                fb.AddInt16(0, type.Id == ArrowTypeId.Float32 ? (short)1 : (short)2);
                break;
            case ArrowTypeId.Decimal128:
                fb.AddInt32(0, type.Precision);
                fb.AddInt32(1, type.Scale);
                fb.AddInt32(2, 128);
                break;
            case ArrowTypeId.FixedSizeBinary:
                fb.AddInt32(0, type.ByteWidth);
                break;
            case ArrowTypeId.Date32 or ArrowTypeId.Date64:
                fb.AddInt16(0, type.Id == ArrowTypeId.Date32 ? (short)0 : (short)1);
                break;
            case ArrowTypeId.Time32 or ArrowTypeId.Time64:
                fb.AddInt16(0, (short)type.Unit);
                fb.AddInt32(1, type.ByteWidth * 8);
                break;
            case ArrowTypeId.Timestamp:
                fb.AddInt16(0, (short)type.Unit);
                if (timeZone != 0)
                {
                    fb.AddOffset(1, timeZone);
                }

                break;
            case ArrowTypeId.Duration:
                fb.AddInt16(0, (short)type.Unit);
                break;
            case ArrowTypeId.Interval:
                fb.AddInt16(0, (short)type.IntervalUnit);
                break;
            case ArrowTypeId.FixedSizeList:
                fb.AddInt32(0, type.ListSize);
                break;
            case ArrowTypeId.Map:
                fb.AddBool(0, type.KeysSorted);
                break;
        }

        return (tag, fb.EndTable());
    }
}
