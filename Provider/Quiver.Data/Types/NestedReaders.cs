using System.Diagnostics.CodeAnalysis;
using Quiver.Arrow;

namespace Quiver.Data.Types;

/// <summary>LIST, large list and fixed-size ARRAY: arrays or lists of the element type.</summary>
internal sealed class ListReader : ColumnReader
{
    private readonly ColumnReader _elements;
    private readonly ListShape _shape;
    private ListArray? _list;
    private FixedSizeListArray? _fixed;

    public ListReader(string name, TypeMapping mapping, ColumnReader elements, int fixedSize)
        : base(name, mapping, elements.DataTypeName + (fixedSize > 0 ? $"[{fixedSize}]" : "[]"))
    {
        _elements = elements;
        _shape = ListShape.For(elements.FieldType);
    }

    [DynamicallyAccessedMembers(QuiverDataReader.FieldTypeMembers)]
    public override Type FieldType => _shape.ArrayType;

    public override void Bind(ArrowArray array)
    {
        base.Bind(array);
        _list = array as ListArray;
        _fixed = array as FixedSizeListArray;
        _elements.Bind(_list?.Values ?? _fixed!.Values);
    }

    public override object GetValue(int row) => GetOther(row, _shape.ArrayType)!;

    public override object? GetOther(int row, Type target)
    {
        var (start, count) = _list is not null ? (_list.GetStart(row), _list.GetLength(row)) : (_fixed!.GetStart(row), _fixed.ListSize);
        return _shape.Read(_elements, start, count, target);
    }
}

/// <summary>STRUCT: a dictionary of field name to value.</summary>
internal sealed class StructReader : ColumnReader
{
    private readonly ColumnReader[] _fields;

    public StructReader(string name, TypeMapping mapping, ColumnReader[] fields)
        : base(name, mapping, $"STRUCT({string.Join(", ", fields.Select(f => $"\"{f.Name}\" {f.DataTypeName}"))})")
    {
        _fields = fields;
    }

    public override void Bind(ArrowArray array)
    {
        base.Bind(array);
        var fields = (StructArray)array;
        for (var i = 0; i < _fields.Length; i++)
        {
            _fields[i].Bind(fields.GetField(i));
        }
    }

    public override object GetValue(int row)
    {
        var values = new Dictionary<string, object>(_fields.Length, StringComparer.Ordinal);
        foreach (var field in _fields)
        {
            values[field.Name] = field.IsNull(row) ? DBNull.Value : field.GetValue(row);
        }

        return values;
    }
}

/// <summary>MAP: a dictionary of key to value.</summary>
internal sealed class MapReader : ColumnReader
{
    private readonly ColumnReader _keys;
    private readonly ColumnReader _values;
    private ListArray _entries = null!;

    public MapReader(string name, TypeMapping mapping, ColumnReader keys, ColumnReader values)
        : base(name, mapping, $"MAP({keys.DataTypeName}, {values.DataTypeName})")
    {
        _keys = keys;
        _values = values;
    }

    public override void Bind(ArrowArray array)
    {
        base.Bind(array);
        _entries = (ListArray)array;
        _keys.Bind(_entries.MapKeys);
        _values.Bind(_entries.MapValues);
    }

    public override object GetValue(int row)
    {
        var start = _entries.GetStart(row);
        var count = _entries.GetLength(row);
        var map = new Dictionary<object, object>(count);
        for (var i = start; i < start + count; i++)
        {
            map[_keys.GetValue(i)] = _values.IsNull(i) ? DBNull.Value : _values.GetValue(i);
        }

        return map;
    }
}
