namespace Quiver.Arrow;

/// <summary>
/// Builds a list, large list or map column: call <see cref="Append"/> to start a row, then append its items to
/// <see cref="Values"/> (for a map: one key to <see cref="MapKeys"/> and one value to <see cref="MapValues"/> per entry,
/// after <see cref="AppendMapEntry"/>).
/// </summary>
public sealed class ListArrayBuilder : ArrowArrayBuilder
{
    private readonly PooledBuffer _offsets = new();
    private readonly bool _large;

    internal ListArrayBuilder(ArrowField field)
        : base(field)
    {
        _large = field.Type.Id == ArrowTypeId.LargeList;
        Values = Create(field.Type.Children[0]);
    }

    /// <summary>The builder of the items of all rows.</summary>
    public ArrowArrayBuilder Values { get; }

    /// <summary>For a map, the builder of the keys.</summary>
    public ArrowArrayBuilder MapKeys => ((StructArrayBuilder)Values).Fields[0];

    /// <summary>For a map, the builder of the values.</summary>
    public ArrowArrayBuilder MapValues => ((StructArrayBuilder)Values).Fields[1];

    /// <summary>Starts a non-null row; its items are what is appended to <see cref="Values"/> until the next row.</summary>
    public void Append()
    {
        StartRow();
        Validity.AppendValid();
    }

    /// <summary>For a map row: starts an entry (append one key and one value next).</summary>
    public void AppendMapEntry()
    {
        if (Field.Type.Id != ArrowTypeId.Map)
        {
            throw WrongType("a map entry");
        }

        ((StructArrayBuilder)Values).Append();
    }

    /// <inheritdoc/>
    public override void AppendNull()
    {
        StartRow();
        Validity.AppendNull();
    }

    internal override ArrowArray Build(List<byte[]>? rented)
    {
        StartRow();
        var length = Length;
        var nullCount = NullCount;
        var validity = Validity.Detach(rented);
        return new ListArray(Field.Type, length, nullCount, validity, _offsets.Detach(rented), Values.Build(rented));
    }

    private protected override void AppendValueFrom(ArrowArray source, int row)
    {
        var list = (ListArray)source;
        Append();
        var start = list.GetStart(row);
        var end = start + list.GetLength(row);
        for (var i = start; i < end; i++)
        {
            Values.AppendFrom(list.Values, i);
        }
    }

    private protected override void Release()
    {
        _offsets.Release();
        Validity.Release();
        Values.Dispose();
    }

    private void StartRow()
    {
        if (_large)
        {
            _offsets.Append((long)Values.Length);
        }
        else
        {
            _offsets.Append(Values.Length);
        }
    }
}
