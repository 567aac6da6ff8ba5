using System.Collections;
using System.Data.Common;

namespace Quiver.Data;

/// <summary>The parameters of a <see cref="QuiverCommand"/> or <see cref="QuiverBatchCommand"/>.</summary>
public sealed class QuiverParameterCollection : DbParameterCollection, IList<QuiverParameter>
{
    private readonly List<QuiverParameter> _items = [];

    internal QuiverParameterCollection()
    {
    }

    /// <inheritdoc/>
    public override int Count => _items.Count;

    /// <inheritdoc/>
    public override object SyncRoot => ((ICollection)_items).SyncRoot;

    /// <inheritdoc/>
    public override bool IsReadOnly => false;

    /// <summary>The parameter at <paramref name="index"/>.</summary>
    public new QuiverParameter this[int index]
    {
        get => _items[index];
        set => _items[index] = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The parameter named <paramref name="parameterName"/> (prefix optional).</summary>
    public new QuiverParameter this[string parameterName]
    {
        get => _items[IndexOfExisting(parameterName)];
        set => _items[IndexOfExisting(parameterName)] = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>Adds a parameter and returns it.</summary>
    public QuiverParameter Add(QuiverParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        _items.Add(parameter);
        return parameter;
    }

    /// <summary>Adds a named parameter with a value and returns it.</summary>
    public QuiverParameter AddWithValue(string parameterName, object? value) => Add(new QuiverParameter(parameterName, value));

    /// <summary>Adds a named parameter with a type and value and returns it.</summary>
    public QuiverParameter AddWithValue(string parameterName, QuiverDbType type, object? value) => Add(new QuiverParameter(parameterName, type, value));

    /// <summary>Adds a positional parameter (for <c>?</c> or <c>$1</c>) and returns it.</summary>
    public QuiverParameter AddWithValue(object? value) => Add(new QuiverParameter(null, value));

    /// <inheritdoc/>
    public override int Add(object value)
    {
        Add(Cast(value));
        return _items.Count - 1;
    }

    /// <inheritdoc/>
    public override void AddRange(Array values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var value in values)
        {
            Add(Cast(value));
        }
    }

    /// <inheritdoc/>
    public override void Clear() => _items.Clear();

    /// <inheritdoc/>
    public override bool Contains(object value) => value is QuiverParameter p && _items.Contains(p);

    /// <inheritdoc/>
    public override bool Contains(string value) => IndexOf(value) >= 0;

    /// <inheritdoc/>
    public bool Contains(QuiverParameter item) => _items.Contains(item);

    /// <inheritdoc/>
    public override void CopyTo(Array array, int index) => ((ICollection)_items).CopyTo(array, index);

    /// <inheritdoc/>
    public void CopyTo(QuiverParameter[] array, int arrayIndex) => _items.CopyTo(array, arrayIndex);

    /// <inheritdoc/>
    public override IEnumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<QuiverParameter> IEnumerable<QuiverParameter>.GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc/>
    public override int IndexOf(object value) => value is QuiverParameter p ? _items.IndexOf(p) : -1;

    /// <inheritdoc/>
    public int IndexOf(QuiverParameter item) => _items.IndexOf(item);

    /// <inheritdoc/>
    public override int IndexOf(string parameterName)
    {
        var name = QuiverParameter.Normalize(parameterName);
        for (var i = 0; i < _items.Count; i++)
        {
            if (string.Equals(_items[i].ParameterName, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        for (var i = 0; i < _items.Count; i++)
        {
            if (string.Equals(_items[i].ParameterName, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <inheritdoc/>
    public override void Insert(int index, object value) => _items.Insert(index, Cast(value));

    /// <inheritdoc/>
    public void Insert(int index, QuiverParameter item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _items.Insert(index, item);
    }

    /// <inheritdoc/>
    public override void Remove(object value) => _items.Remove(Cast(value));

    /// <inheritdoc/>
    public bool Remove(QuiverParameter item) => _items.Remove(item);

    /// <inheritdoc/>
    public override void RemoveAt(int index) => _items.RemoveAt(index);

    /// <inheritdoc/>
    public override void RemoveAt(string parameterName) => _items.RemoveAt(IndexOfExisting(parameterName));

    void ICollection<QuiverParameter>.Add(QuiverParameter item) => Add(item);

    /// <inheritdoc/>
    protected override DbParameter GetParameter(int index) => _items[index];

    /// <inheritdoc/>
    protected override DbParameter GetParameter(string parameterName) => _items[IndexOfExisting(parameterName)];

    /// <inheritdoc/>
    protected override void SetParameter(int index, DbParameter value) => _items[index] = Cast(value);

    /// <inheritdoc/>
    protected override void SetParameter(string parameterName, DbParameter value) => _items[IndexOfExisting(parameterName)] = Cast(value);

    private int IndexOfExisting(string parameterName)
    {
        var index = IndexOf(parameterName);
        return index >= 0 ? index : throw new IndexOutOfRangeException($"There is no parameter named '{parameterName}'.");
    }

    private static QuiverParameter Cast(object? value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value as QuiverParameter ?? throw new InvalidCastException($"Only QuiverParameter objects can be added; got {value.GetType().Name}.");
    }
}
