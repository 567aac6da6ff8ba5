namespace Quiver.Arrow;

/// <summary>
/// Builds a struct column: call <see cref="Append"/>, then append one value to each of <see cref="Fields"/>. A null row
/// appends a null to every field itself.
/// </summary>
public sealed class StructArrayBuilder : ArrowArrayBuilder
{
    private readonly ArrowArrayBuilder[] _fields;

    internal StructArrayBuilder(ArrowField field)
        : base(field)
    {
        _fields = [.. field.Type.Children.Select(Create)];
    }

    /// <summary>One builder per struct field.</summary>
    public IReadOnlyList<ArrowArrayBuilder> Fields => _fields;

    /// <summary>Starts a non-null row.</summary>
    public void Append() => Validity.AppendValid();

    /// <inheritdoc/>
    public override void AppendNull()
    {
        foreach (var field in _fields)
        {
            field.AppendNull();
        }

        Validity.AppendNull();
    }

    internal override ArrowArray Build(List<byte[]>? rented)
    {
        var length = Length;
        foreach (var field in _fields)
        {
            if (field.Length != length)
            {
                throw new InvalidOperationException(
                    $"Struct column '{Field.Name}' has {length} rows but its field '{field.Field.Name}' has {field.Length} values.");
            }
        }

        var nullCount = NullCount;
        var validity = Validity.Detach(rented);
        var children = new ArrowArray[_fields.Length];
        for (var i = 0; i < children.Length; i++)
        {
            children[i] = _fields[i].Build(rented);
        }

        return new StructArray(Field.Type, length, nullCount, validity, children);
    }

    private protected override void AppendValueFrom(ArrowArray source, int row)
    {
        Append();
        for (var i = 0; i < _fields.Length; i++)
        {
            _fields[i].AppendFrom(source.Children[i], row);
        }
    }

    private protected override void Release()
    {
        Validity.Release();
        foreach (var field in _fields)
        {
            field.Dispose();
        }
    }
}
