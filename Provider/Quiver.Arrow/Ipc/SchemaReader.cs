using Quiver.Arrow.FlatBuffers;
using static Quiver.Arrow.Ipc.FlatbufferIds;

namespace Quiver.Arrow.Ipc;

/// <summary>Decodes a flatbuffer Schema table into an <see cref="ArrowSchema"/>, within the reader's limits.</summary>
internal ref struct SchemaReader
{
    private readonly FlatBufferReader _fb;
    private readonly ArrowReaderOptions _options;
    private int _fieldCount;

    public SchemaReader(FlatBufferReader fb, ArrowReaderOptions options)
    {
        _fb = fb;
        _options = options;
    }

    public ArrowSchema Read(FlatTable schema)
    {
        if (_fb.GetInt16(schema, SchemaField.Endianness) != 0)
        {
            throw new ArrowFormatException("The stream is big-endian: only little-endian Arrow data is supported.");
        }

        var fields = ReadFields(schema, SchemaField.Fields, depth: 0, "schema");
        return new ArrowSchema(fields, ReadMetadata(_fb, schema, SchemaField.CustomMetadata));
    }

    internal static IReadOnlyDictionary<string, string>? ReadMetadata(FlatBufferReader fb, FlatTable table, int slot)
    {
        var vector = fb.GetVector(table, slot, 4);
        if (vector.Count == 0)
        {
            return null;
        }

        var metadata = new Dictionary<string, string>(vector.Count, StringComparer.Ordinal);
        for (var i = 0; i < vector.Count; i++)
        {
            var pair = fb.GetTable(vector, i);
            var key = fb.GetString(pair, 0) ?? throw fb.Error("a metadata entry has no key", pair.Position);
            metadata[key] = fb.GetString(pair, 1) ?? string.Empty;
        }

        return metadata;
    }

    private ArrowField[] ReadFields(FlatTable table, int slot, int depth, string parent)
    {
        var vector = _fb.GetVector(table, slot, 4);
        _fieldCount += vector.Count;
        if (_fieldCount > _options.MaxFieldCount)
        {
            throw new ArrowFormatException(
                $"The schema has more than {_options.MaxFieldCount} fields (counting nested children), the reader's MaxFieldCount.");
        }

        var fields = new ArrowField[vector.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = ReadField(_fb.GetTable(vector, i), depth, parent);
        }

        return fields;
    }

    private ArrowField ReadField(FlatTable table, int depth, string parent)
    {
        if (depth >= _options.MaxNestingDepth)
        {
            throw new ArrowFormatException(
                $"Field nesting under '{parent}' is deeper than {_options.MaxNestingDepth} levels, the reader's MaxNestingDepth.");
        }

        var name = _fb.GetString(table, FieldField.Name) ?? string.Empty;
        var children = ReadFields(table, FieldField.Children, depth + 1, name);
        var tag = _fb.GetByte(table, FieldField.TypeType);
        var typeTable = _fb.GetTable(table, FieldField.Type);
        var type = ReadType(tag, typeTable, children, name);
        ArrowDictionaryEncoding? dictionary = null;
        if (_fb.GetTable(table, FieldField.Dictionary) is { } encoding)
        {
            var indexTable = _fb.GetTable(encoding, DictionaryEncodingField.IndexType);
            var indexType = indexTable is { } t ? ReadInt(t, name) : ArrowType.Int32;
            dictionary = new ArrowDictionaryEncoding(
                _fb.GetInt64(encoding, DictionaryEncodingField.Id), indexType, _fb.GetBool(encoding, DictionaryEncodingField.IsOrdered));
        }

        return new ArrowField(name, type, _fb.GetBool(table, FieldField.Nullable), dictionary, ReadMetadata(_fb, table, FieldField.CustomMetadata));
    }

    private ArrowType ReadType(byte tag, FlatTable? table, ArrowField[] children, string field)
    {
        if (tag is not (TypeTag.Null or TypeTag.Bool or TypeTag.Binary or TypeTag.Utf8 or TypeTag.LargeBinary or TypeTag.LargeUtf8
            or TypeTag.List or TypeTag.LargeList or TypeTag.Struct) && table is null)
        {
            throw Bad(field, $"its {TagName(tag)} type has no parameters table");
        }

        var expectedChildren = tag switch
        {
            TypeTag.List or TypeTag.LargeList or TypeTag.FixedSizeList or TypeTag.Map => 1,
            TypeTag.Struct => -1,
            _ => 0,
        };
        if (expectedChildren >= 0 && children.Length != expectedChildren)
        {
            throw Bad(field, $"a {TagName(tag)} field must have {expectedChildren} children, not {children.Length}");
        }

        var t = table.GetValueOrDefault();
        return tag switch
        {
            TypeTag.Null => ArrowType.Null,
            TypeTag.Bool => ArrowType.Boolean,
            TypeTag.Int => ReadInt(t, field),
            TypeTag.FloatingPoint => _fb.GetInt16(t, 0) switch
            {
                1 => ArrowType.Float32,
                2 => ArrowType.Float64,
                0 => throw Unsupported(field, "half-precision floating point"),
                var p => throw Bad(field, $"floating point precision {p} is unknown"),
            },
            TypeTag.Binary => ArrowType.Binary,
            TypeTag.Utf8 => ArrowType.Utf8,
            TypeTag.LargeBinary => ArrowType.LargeBinary,
            TypeTag.LargeUtf8 => ArrowType.LargeUtf8,
            TypeTag.Decimal => ReadDecimal(t, field),
            TypeTag.Date => _fb.GetInt16(t, 0, 1) switch
            {
                0 => ArrowType.Date32,
                1 => ArrowType.Date64,
                var u => throw Bad(field, $"date unit {u} is unknown"),
            },
            TypeTag.Time => ReadTime(t, field),
            TypeTag.Timestamp => ArrowType.Timestamp(Unit(_fb.GetInt16(t, 0), field), _fb.GetString(t, 1)),
            TypeTag.Duration => ArrowType.Duration(Unit(_fb.GetInt16(t, 0, 1), field)),
            TypeTag.Interval => ReadInterval(_fb.GetInt16(t, 0), field),
            TypeTag.FixedSizeBinary => ReadFixedSizeBinary(_fb.GetInt32(t, 0), field),
            TypeTag.List => ArrowType.List(children[0]),
            TypeTag.LargeList => ArrowType.LargeList(children[0]),
            TypeTag.FixedSizeList => ReadFixedSizeList(children[0], _fb.GetInt32(t, 0), field),
            TypeTag.Struct => ArrowType.Struct(children),
            TypeTag.Map => ReadMap(children[0], _fb.GetBool(t, 0), field),
            0 => throw Bad(field, "it has no type"),
            _ => throw Unsupported(field, $"the {TagName(tag)} type"),
        };
    }

    private ArrowType ReadInt(FlatTable table, string field)
    {
        var bits = _fb.GetInt32(table, 0);
        var signed = _fb.GetBool(table, 1);
        return (bits, signed) switch
        {
            (8, true) => ArrowType.Int8,
            (16, true) => ArrowType.Int16,
            (32, true) => ArrowType.Int32,
            (64, true) => ArrowType.Int64,
            (8, false) => ArrowType.UInt8,
            (16, false) => ArrowType.UInt16,
            (32, false) => ArrowType.UInt32,
            (64, false) => ArrowType.UInt64,
            _ => throw Bad(field, $"an integer of {bits} bits is not valid"),
        };
    }

    private ArrowType ReadDecimal(FlatTable table, string field)
    {
        var precision = _fb.GetInt32(table, 0);
        var scale = _fb.GetInt32(table, 1);
        var bits = _fb.GetInt32(table, 2, 128);
        if (bits != 128)
        {
            throw Unsupported(field, $"{bits}-bit decimals");
        }

        if (precision is < 1 or > 38 || scale < 0 || scale > precision)
        {
            throw Bad(field, $"decimal precision {precision} and scale {scale} are not valid for decimal128");
        }

        return ArrowType.Decimal128(precision, scale);
    }

    private ArrowType ReadTime(FlatTable table, string field)
    {
        var unit = Unit(_fb.GetInt16(table, 0, 1), field);
        var bits = _fb.GetInt32(table, 1, 32);
        var expected = unit <= ArrowTimeUnit.Millisecond ? 32 : 64;
        return bits == expected ? ArrowType.Time(unit) : throw Bad(field, $"a {bits}-bit time cannot have unit {unit}");
    }

    private static ArrowType ReadInterval(short unit, string field)
        => unit is >= 0 and <= 2 ? ArrowType.Interval((ArrowIntervalUnit)unit) : throw Bad(field, $"interval unit {unit} is unknown");

    private static ArrowType ReadFixedSizeBinary(int width, string field)
        => width > 0 ? ArrowType.FixedSizeBinary(width) : throw Bad(field, $"fixed-size binary width {width} is not positive");

    private static ArrowType ReadFixedSizeList(ArrowField item, int size, string field)
        => size >= 0 ? ArrowType.FixedSizeList(item, size) : throw Bad(field, $"fixed-size list size {size} is negative");

    private static ArrowType ReadMap(ArrowField entries, bool keysSorted, string field)
    {
        if (entries.Type.Id != ArrowTypeId.Struct || entries.Type.Children.Count != 2)
        {
            throw Bad(field, "a map's child must be a struct of a key and a value");
        }

        return ArrowType.MapOf(entries, keysSorted);
    }

    private static ArrowTimeUnit Unit(short unit, string field)
        => unit is >= 0 and <= 3 ? (ArrowTimeUnit)unit : throw Bad(field, $"time unit {unit} is unknown");

    private static string TagName(byte tag) => tag switch
    {
        TypeTag.Int => "Int",
        TypeTag.FloatingPoint => "FloatingPoint",
        TypeTag.Decimal => "Decimal",
        TypeTag.Date => "Date",
        TypeTag.Time => "Time",
        TypeTag.Timestamp => "Timestamp",
        TypeTag.Interval => "Interval",
        TypeTag.Duration => "Duration",
        TypeTag.FixedSizeBinary => "FixedSizeBinary",
        TypeTag.FixedSizeList => "FixedSizeList",
        TypeTag.Map => "Map",
        TypeTag.List => "List",
        TypeTag.LargeList => "LargeList",
        TypeTag.Struct => "Struct",
        _ => TypeName(tag),
    };

    private static ArrowFormatException Bad(string field, string problem)
        => new($"Invalid schema: field '{field}': {problem}.");

    private static ArrowFormatException Unsupported(string field, string what)
        => new($"Field '{field}' uses {what}, which Quiver does not support.");
}
