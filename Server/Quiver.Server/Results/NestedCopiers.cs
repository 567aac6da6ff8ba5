using Quiver.Arrow;
using Quiver.DuckDb;

namespace Quiver.Server.Results;

/// <summary>ENUM: a dictionary of the enum's labels, fixed for the whole result, and the indices DuckDB stores.</summary>
internal sealed class EnumCopier : ColumnCopier
{
    private readonly DuckDbType _storage;
    private readonly ArrowArray _labels;

    private EnumCopier(ArrowField field, DuckDbType storage, ArrowArray labels)
        : base(field)
    {
        _storage = storage;
        _labels = labels;
    }

    public static EnumCopier Create(string name, DuckDbLogicalType type, long dictionaryId)
    {
        var (storage, indexType) = type.StorageType switch
        {
            DuckDbType.UTinyInt => (DuckDbType.UTinyInt, ArrowType.UInt8),
            DuckDbType.USmallInt => (DuckDbType.USmallInt, ArrowType.UInt16),
            _ => (DuckDbType.UInteger, ArrowType.UInt32),
        };
        var field = new ArrowField(name, ArrowType.Utf8, dictionary: new ArrowDictionaryEncoding(dictionaryId, indexType));
        using var labels = (BinaryArrayBuilder)ArrowArrayBuilder.Create(new ArrowField(name, ArrowType.Utf8));
        foreach (var label in type.EnumValues)
        {
            labels.Append(label);
        }

        return new EnumCopier(field, storage, labels.Build());
    }

    public override void Append(DuckDbVector vector, int start, int count, ArrowArrayBuilder builder)
    {
        var target = (DictionaryArrayBuilder)builder;
        target.Dictionary ??= _labels;
        var validity = vector.Validity;
        for (var row = start; row < start + count; row++)
        {
            if (!validity.IsValid(row))
            {
                target.AppendNull();
                continue;
            }

            target.AppendIndex(_storage switch
            {
                DuckDbType.UTinyInt => vector.GetValues<byte>()[row],
                DuckDbType.USmallInt => vector.GetValues<ushort>()[row],
                _ => vector.GetValues<uint>()[row],
            });
        }
    }

    public override long Measure(DuckDbVector vector, int start, int count) => ((long)count * 4) + (count / 8) + 1;
}

/// <summary>LIST and MAP: per row, a range of the child vector.</summary>
internal sealed class ListCopier : ColumnCopier
{
    private readonly ColumnCopier _items;

    private ListCopier(ArrowField field, ColumnCopier items)
        : base(field)
    {
        _items = items;
    }

    public static ListCopier Create(string name, DuckDbLogicalType type, ref long nextDictionaryId)
    {
        var items = For("item", type.ElementType!, ref nextDictionaryId);
        return new ListCopier(NewField(name, ArrowType.List(items.Field)), items);
    }

    // DuckDB's MAP is a LIST of STRUCT(key, value); Arrow's map is a list of "entries" structs of the same shape.
    public static ListCopier CreateMap(string name, DuckDbLogicalType type, ref long nextDictionaryId)
    {
        var key = For("key", type.KeyType!, ref nextDictionaryId);
        var value = For("value", type.ValueType!, ref nextDictionaryId);
        var mapType = ArrowType.Map(key.Field, value.Field);
        var entries = new StructCopier(mapType.Children[0], [key, value]);
        return new ListCopier(NewField(name, mapType), entries);
    }

    public override void Append(DuckDbVector vector, int start, int count, ArrowArrayBuilder builder)
    {
        var target = (ListArrayBuilder)builder;
        var entries = vector.GetValues<DuckDbListEntry>();
        var validity = vector.Validity;
        var child = vector.ListChild;
        for (var row = start; row < start + count; row++)
        {
            if (!validity.IsValid(row))
            {
                target.AppendNull();
                continue;
            }

            target.Append();
            var entry = entries[row];
            if (entry.Length > 0)
            {
                _items.Append(child, checked((int)entry.Offset), checked((int)entry.Length), target.Values);
            }
        }
    }

    public override long Measure(DuckDbVector vector, int start, int count)
    {
        var entries = vector.GetValues<DuckDbListEntry>();
        var validity = vector.Validity;
        var child = vector.ListChild;
        long bytes = (count * 4L) + (count / 8) + 8;
        for (var row = start; row < start + count; row++)
        {
            if (validity.IsValid(row) && entries[row].Length > 0)
            {
                bytes += _items.Measure(child, checked((int)entries[row].Offset), checked((int)entries[row].Length));
            }
        }

        return bytes;
    }
}

/// <summary>STRUCT: validity per row; each field copied in bulk over runs of non-null rows.</summary>
internal sealed class StructCopier : ColumnCopier
{
    private readonly ColumnCopier[] _fields;

    public StructCopier(ArrowField field, ColumnCopier[] fields)
        : base(field)
    {
        _fields = fields;
    }

    public static StructCopier Create(string name, DuckDbLogicalType type, ref long nextDictionaryId)
    {
        var fields = new ColumnCopier[type.Fields.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = For(type.Fields[i].Name, type.Fields[i].Type, ref nextDictionaryId);
        }

        return new StructCopier(NewField(name, ArrowType.Struct([.. fields.Select(f => f.Field)])), fields);
    }

    public override void Append(DuckDbVector vector, int start, int count, ArrowArrayBuilder builder)
    {
        var target = (StructArrayBuilder)builder;
        var validity = vector.Validity;
        var row = start;
        var end = start + count;
        while (row < end)
        {
            if (!validity.IsValid(row))
            {
                target.AppendNull();
                row++;
                continue;
            }

            var runStart = row;
            while (row < end && validity.IsValid(row))
            {
                target.Append();
                row++;
            }

            for (var i = 0; i < _fields.Length; i++)
            {
                _fields[i].Append(vector.GetStructChild(i), runStart, row - runStart, target.Fields[i]);
            }
        }
    }

    public override long Measure(DuckDbVector vector, int start, int count)
    {
        long bytes = (count / 8) + 1;
        for (var i = 0; i < _fields.Length; i++)
        {
            bytes += _fields[i].Measure(vector.GetStructChild(i), start, count);
        }

        return bytes;
    }
}

/// <summary>ARRAY(n): n child values per row, back to back.</summary>
internal sealed class FixedSizeListCopier : ColumnCopier
{
    private readonly ColumnCopier _items;
    private readonly int _size;

    private FixedSizeListCopier(ArrowField field, ColumnCopier items, int size)
        : base(field)
    {
        _items = items;
        _size = size;
    }

    public static FixedSizeListCopier Create(string name, DuckDbLogicalType type, ref long nextDictionaryId)
    {
        var items = For("item", type.ElementType!, ref nextDictionaryId);
        return new FixedSizeListCopier(NewField(name, ArrowType.FixedSizeList(items.Field, type.ArraySize)), items, type.ArraySize);
    }

    public override void Append(DuckDbVector vector, int start, int count, ArrowArrayBuilder builder)
    {
        var target = (FixedSizeListArrayBuilder)builder;
        var validity = vector.Validity;
        var child = vector.GetArrayChild(_size);
        var row = start;
        var end = start + count;
        while (row < end)
        {
            if (!validity.IsValid(row))
            {
                target.AppendNull();
                row++;
                continue;
            }

            var runStart = row;
            while (row < end && validity.IsValid(row))
            {
                target.Append();
                row++;
            }

            _items.Append(child, runStart * _size, (row - runStart) * _size, target.Values);
        }
    }

    public override long Measure(DuckDbVector vector, int start, int count)
        => (count / 8) + 1 + _items.Measure(vector.GetArrayChild(_size), start * _size, count * _size);
}
