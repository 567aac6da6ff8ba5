namespace Quiver.Arrow;

/// <summary>
/// Builds record batches of one schema, one column builder per field. Each <see cref="Build"/> returns a batch that
/// owns its pooled memory (disposing it returns the memory) and leaves the builders empty for the next batch.
/// </summary>
public sealed class ArrowRecordBatchBuilder : IDisposable
{
    private readonly ArrowArrayBuilder[] _columns;

    /// <summary>Creates builders for every field of <paramref name="schema"/>.</summary>
    public ArrowRecordBatchBuilder(ArrowSchema schema)
    {
        Schema = schema ?? throw new ArgumentNullException(nameof(schema));
        _columns = [.. schema.Fields.Select(ArrowArrayBuilder.Create)];
    }

    /// <summary>The schema of the batches.</summary>
    public ArrowSchema Schema { get; }

    /// <summary>The column builders, in schema order.</summary>
    public IReadOnlyList<ArrowArrayBuilder> Columns => _columns;

    /// <summary>Rows appended so far (the length of the first column).</summary>
    public int Length => _columns.Length == 0 ? 0 : _columns[0].Length;

    /// <summary>Column builder <paramref name="index"/>, cast to its concrete type.</summary>
    public T Column<T>(int index)
        where T : ArrowArrayBuilder
        => (T)_columns[index];

    /// <summary>Builds a batch of the rows appended so far; every column must have the same number of rows.</summary>
    public ArrowRecordBatch Build()
    {
        var length = Length;
        foreach (var column in _columns)
        {
            if (column.Length != length)
            {
                throw new InvalidOperationException(
                    $"Column '{column.Field.Name}' has {column.Length} rows but column '{_columns[0].Field.Name}' has {length}.");
            }
        }

        var rented = new List<byte[]>();
        var arrays = new ArrowArray[_columns.Length];
        for (var i = 0; i < arrays.Length; i++)
        {
            arrays[i] = _columns[i].Build(rented);
        }

        return new ArrowRecordBatch(Schema, length, arrays, new PooledArrays(rented));
    }

    /// <summary>Returns the builders' memory to the pool.</summary>
    public void Dispose()
    {
        foreach (var column in _columns)
        {
            column.Dispose();
        }
    }

    private sealed class PooledArrays(List<byte[]> arrays) : IDisposable
    {
        public void Dispose()
        {
            foreach (var array in arrays)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(array);
            }

            arrays.Clear();
        }
    }
}
