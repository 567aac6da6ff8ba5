namespace Quiver.Arrow;

/// <summary>
/// Builds a fixed-size list column: call <see cref="Append"/>, then append exactly <see cref="ArrowType.ListSize"/>
/// items to <see cref="Values"/>. A null row fills its slots with nulls itself.
/// </summary>
public sealed class FixedSizeListArrayBuilder : ArrowArrayBuilder
{
    internal FixedSizeListArrayBuilder(ArrowField field)
        : base(field)
    {
        Values = Create(field.Type.Children[0]);
    }

    /// <summary>The builder of the items of all rows.</summary>
    public ArrowArrayBuilder Values { get; }

    /// <summary>Starts a non-null row.</summary>
    public void Append() => Validity.AppendValid();

    /// <inheritdoc/>
    public override void AppendNull()
    {
        for (var i = 0; i < Field.Type.ListSize; i++)
        {
            Values.AppendNull();
        }

        Validity.AppendNull();
    }

    internal override ArrowArray Build(List<byte[]>? rented)
    {
        var expected = (long)Length * Field.Type.ListSize;
        if (Values.Length != expected)
        {
            throw new InvalidOperationException(
                $"Column '{Field.Name}' has {Length} lists of {Field.Type.ListSize} items, so {expected} items, but {Values.Length} were appended.");
        }

        var length = Length;
        var nullCount = NullCount;
        return new FixedSizeListArray(Field.Type, length, nullCount, Validity.Detach(rented), Values.Build(rented));
    }

    private protected override void AppendValueFrom(ArrowArray source, int row)
    {
        var list = (FixedSizeListArray)source;
        Append();
        var start = list.GetStart(row);
        for (var i = 0; i < list.ListSize; i++)
        {
            Values.AppendFrom(list.Values, start + i);
        }
    }

    private protected override void Release()
    {
        Validity.Release();
        Values.Dispose();
    }
}
