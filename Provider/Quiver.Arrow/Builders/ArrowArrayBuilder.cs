namespace Quiver.Arrow;

/// <summary>
/// Builds one column in memory rented from the shared array pool. <see cref="Build()"/> hands the memory to the
/// returned array and leaves the builder empty, ready for the next batch. Use <see cref="ArrowRecordBatchBuilder"/> to
/// build whole batches whose memory goes back to the pool when the batch is disposed.
/// </summary>
public abstract class ArrowArrayBuilder : IDisposable
{
    private protected ArrowArrayBuilder(ArrowField field, bool hasBitmap = true)
    {
        Field = field;
        Validity = new ValidityBuilder(hasBitmap);
    }

    /// <summary>The field this builder produces values for.</summary>
    public ArrowField Field { get; }

    /// <summary>Values appended since the last build.</summary>
    public int Length => Validity.Length;

    /// <summary>Nulls appended since the last build.</summary>
    public int NullCount => Validity.NullCount;

    private protected ValidityBuilder Validity { get; }

    /// <summary>Creates the builder for a field's type (and dictionary encoding).</summary>
    public static ArrowArrayBuilder Create(ArrowField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field.Dictionary is not null)
        {
            return new DictionaryArrayBuilder(field);
        }

        return field.Type.Id switch
        {
            ArrowTypeId.Null => new NullArrayBuilder(field),
            ArrowTypeId.Boolean => new BooleanArrayBuilder(field),
            ArrowTypeId.Utf8 or ArrowTypeId.LargeUtf8 or ArrowTypeId.Binary or ArrowTypeId.LargeBinary => new BinaryArrayBuilder(field),
            ArrowTypeId.List or ArrowTypeId.LargeList or ArrowTypeId.Map => new ListArrayBuilder(field),
            ArrowTypeId.FixedSizeList => new FixedSizeListArrayBuilder(field),
            ArrowTypeId.Struct => new StructArrayBuilder(field),
            _ => new PrimitiveArrayBuilder(field),
        };
    }

    /// <summary>Appends a null.</summary>
    public abstract void AppendNull();

    /// <summary>Returns the array built so far and starts over empty. Its memory is left to the garbage collector.</summary>
    public ArrowArray Build() => Build(null);

    /// <summary>Returns rented memory to the pool; the builder can still be used afterwards.</summary>
    public void Dispose()
    {
        Release();
        GC.SuppressFinalize(this);
    }

    /// <summary>Builds and adds the rented arrays to <paramref name="rented"/> for the caller to return to the pool.</summary>
    internal abstract ArrowArray Build(List<byte[]>? rented);

    /// <summary>Appends row <paramref name="row"/> of <paramref name="source"/>, an array of this builder's type.</summary>
    internal void AppendFrom(ArrowArray source, int row)
    {
        if (source.IsNull(row))
        {
            AppendNull();
        }
        else
        {
            AppendValueFrom(source, row);
        }
    }

    /// <summary>Appends the non-null value at <paramref name="row"/> of <paramref name="source"/>.</summary>
    private protected abstract void AppendValueFrom(ArrowArray source, int row);

    private protected abstract void Release();

    private protected InvalidCastException WrongType(string what)
        => new($"Cannot append {what} to column '{Field.Name}' of type {Field.Type}.");
}
