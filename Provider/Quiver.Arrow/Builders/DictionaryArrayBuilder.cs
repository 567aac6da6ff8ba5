namespace Quiver.Arrow;

/// <summary>
/// Builds a dictionary-encoded column: indices into <see cref="Dictionary"/>, which must be set before building.
/// Replacing the dictionary between batches with one that extends it lets a stream writer send only the new entries
/// (a delta).
/// </summary>
public sealed class DictionaryArrayBuilder : ArrowArrayBuilder
{
    private readonly PrimitiveArrayBuilder _indices;
    private readonly ArrowDictionaryEncoding _encoding;

    internal DictionaryArrayBuilder(ArrowField field)
        : base(field)
    {
        _encoding = field.Dictionary!;
        _indices = new PrimitiveArrayBuilder(field, _encoding.IndexType);
    }

    /// <summary>The dictionary values, of the field's type.</summary>
    public ArrowArray? Dictionary
    {
        get;
        set
        {
            if (value is not null && !value.Type.Equals(Field.Type))
            {
                throw new ArgumentException($"Column '{Field.Name}' needs a dictionary of {Field.Type}, not {value.Type}.", nameof(value));
            }

            field = value;
        }
    }

    /// <summary>Appends a row holding dictionary entry <paramref name="index"/>.</summary>
    public void AppendIndex(long index)
    {
        var width = _encoding.IndexType.ByteWidth;
        var max = _encoding.IndexType.Id <= ArrowTypeId.Int64 ? (1UL << ((8 * width) - 1)) - 1 : (width == 8 ? ulong.MaxValue : (1UL << (8 * width)) - 1);
        if (index < 0 || (ulong)index > max)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Column '{Field.Name}' has {_encoding.IndexType} indices.");
        }

        switch (width)
        {
            case 1:
                _indices.Append((byte)index);
                break;
            case 2:
                _indices.Append((ushort)index);
                break;
            case 4:
                _indices.Append((uint)index);
                break;
            default:
                _indices.Append(index);
                break;
        }

        Validity.AppendValid();
    }

    /// <inheritdoc/>
    public override void AppendNull()
    {
        _indices.AppendNull();
        Validity.AppendNull();
    }

    internal override ArrowArray Build(List<byte[]>? rented)
    {
        var dictionary = Dictionary ?? throw new InvalidOperationException($"Set the dictionary of column '{Field.Name}' before building it.");
        Validity.Release();
        var indices = _indices.BuildPrimitive(rented);
        ArrowArrayChecks.CheckIndices(indices, dictionary.Length, Field.Name);
        return new DictionaryArray(_encoding, indices, dictionary);
    }

    private protected override void AppendValueFrom(ArrowArray source, int row) => AppendIndex(((DictionaryArray)source).GetIndex(row));

    private protected override void Release()
    {
        _indices.Dispose();
        Validity.Release();
    }
}
