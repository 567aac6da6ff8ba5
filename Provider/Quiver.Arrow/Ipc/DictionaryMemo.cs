namespace Quiver.Arrow.Ipc;

/// <summary>The dictionaries a stream has sent so far, by id, with their value fields from the schema.</summary>
internal sealed class DictionaryMemo
{
    private readonly Dictionary<long, ArrowField> _fields = [];
    private readonly Dictionary<long, ArrowArray> _values = [];
    private readonly Dictionary<long, long> _bytes = [];
    private long _totalBytes;

    public bool IsEmpty => _fields.Count == 0;

    /// <summary>Records every dictionary-encoded field of the schema, nested ones included.</summary>
    public void Register(IReadOnlyList<ArrowField> fields)
    {
        foreach (var field in fields)
        {
            if (field.Dictionary is { } encoding)
            {
                var valueField = new ArrowField(field.Name, field.Type, field.IsNullable);
                if (_fields.TryGetValue(encoding.Id, out var existing) && !existing.Type.Equals(field.Type))
                {
                    throw new ArrowFormatException(
                        $"Invalid schema: dictionary id {encoding.Id} is used for both {existing.Type} and {field.Type}.");
                }

                _fields[encoding.Id] = valueField;
            }

            Register(field.Type.Children);
        }
    }

    public ArrowField FieldOf(long id)
        => _fields.TryGetValue(id, out var field)
            ? field
            : throw new ArrowFormatException($"Invalid dictionary batch: id {id} is not used by any field of the schema.");

    public ArrowArray Get(ArrowDictionaryEncoding encoding, string path)
        => _values.TryGetValue(encoding.Id, out var values)
            ? values
            : throw new ArrowFormatException(
                $"Invalid record batch: column '{path}' uses dictionary {encoding.Id}, which the stream has not sent yet.");

    public void Set(long id, ArrowArray values, bool isDelta, long bodyBytes, ArrowReaderOptions options)
    {
        if (isDelta)
        {
            if (!_values.TryGetValue(id, out var existing))
            {
                throw new ArrowFormatException($"Invalid dictionary batch: a delta for dictionary {id}, which the stream has not sent yet.");
            }

            if ((long)existing.Length + values.Length > options.MaxDictionaryEntries)
            {
                throw new ArrowFormatException(
                    $"Dictionary {id} would grow past {options.MaxDictionaryEntries} entries, the reader's MaxDictionaryEntries.");
            }

            values = ArrowArrays.Concatenate(_fields[id], existing, values);
            bodyBytes += _bytes[id];
        }

        _totalBytes += bodyBytes - _bytes.GetValueOrDefault(id);
        if (_totalBytes > options.MaxDictionaryBytes)
        {
            throw new ArrowFormatException(
                $"The stream's dictionaries hold more than {options.MaxDictionaryBytes} bytes, the reader's MaxDictionaryBytes.");
        }

        _bytes[id] = bodyBytes;
        _values[id] = values;
    }
}
