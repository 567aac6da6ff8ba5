namespace Quiver.Arrow;

/// <summary>
/// Rows of a schema as one array per column. The arrays are views over memory this batch may own (a pooled message
/// body or builder buffers): after <see cref="Dispose"/> neither the batch nor its arrays may be read.
/// </summary>
public sealed class ArrowRecordBatch : IDisposable
{
    private readonly ArrowArray[] _columns;
    private IDisposable? _owner;

    /// <summary>Creates a batch over arrays; <paramref name="owner"/>, if any, is released by <see cref="Dispose"/>.</summary>
    public ArrowRecordBatch(ArrowSchema schema, int length, IReadOnlyList<ArrowArray> columns, IDisposable? owner = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (columns.Count != schema.Fields.Count)
        {
            throw new ArgumentException($"The schema has {schema.Fields.Count} fields but {columns.Count} columns were given.", nameof(columns));
        }

        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Length < length || !columns[i].Type.Equals(schema.Fields[i].Type)
                || (columns[i] is DictionaryArray) != (schema.Fields[i].Dictionary is not null))
            {
                throw new ArgumentException(
                    $"Column {i} ({columns[i]}) does not match field '{schema.Fields[i]}' and a length of {length} rows.", nameof(columns));
            }
        }

        Schema = schema;
        Length = length;
        _columns = [.. columns];
        _owner = owner;
    }

    /// <summary>The schema.</summary>
    public ArrowSchema Schema { get; }

    /// <summary>Number of rows.</summary>
    public int Length { get; }

    /// <summary>The columns, in schema order.</summary>
    public IReadOnlyList<ArrowArray> Columns => _columns;

    /// <summary>Column <paramref name="index"/>.</summary>
    public ArrowArray Column(int index) => _columns[index];

    /// <summary>Releases the memory the batch owns.</summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref _owner, null)?.Dispose();
    }
}
