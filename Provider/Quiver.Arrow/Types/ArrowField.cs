namespace Quiver.Arrow;

/// <summary>
/// A named column or child of a nested type: its type, nullability, optional dictionary encoding and custom metadata.
/// </summary>
public sealed class ArrowField : IEquatable<ArrowField>
{
    internal static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    /// <summary>Creates a field.</summary>
    /// <param name="name">The field name (may be empty, never null).</param>
    /// <param name="type">The value type; for a dictionary-encoded field, the type of the dictionary's values.</param>
    /// <param name="nullable">Whether values may be null.</param>
    /// <param name="dictionary">Set when values are stored as indices into a dictionary.</param>
    /// <param name="metadata">Custom key/value metadata.</param>
    public ArrowField(
        string name,
        ArrowType type,
        bool nullable = true,
        ArrowDictionaryEncoding? dictionary = null,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Type = type ?? throw new ArgumentNullException(nameof(type));
        IsNullable = nullable;
        Dictionary = dictionary;
        Metadata = metadata ?? NoMetadata;
    }

    /// <summary>The field name.</summary>
    public string Name { get; }

    /// <summary>The value type (for dictionary-encoded fields, the dictionary's value type).</summary>
    public ArrowType Type { get; }

    /// <summary>Whether values may be null.</summary>
    public bool IsNullable { get; }

    /// <summary>The dictionary encoding, or null when values are stored directly.</summary>
    public ArrowDictionaryEncoding? Dictionary { get; }

    /// <summary>Custom key/value metadata (empty when none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>This field with a different nullability.</summary>
    public ArrowField WithNullable(bool nullable)
        => nullable == IsNullable ? this : new ArrowField(Name, Type, nullable, Dictionary, Metadata);

    /// <inheritdoc/>
    public bool Equals(ArrowField? other)
        => other is not null && (ReferenceEquals(this, other) || (Name == other.Name && IsNullable == other.IsNullable
            && Type.Equals(other.Type) && Equals(Dictionary, other.Dictionary) && MetadataEquals(Metadata, other.Metadata)));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ArrowField);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Name, Type, IsNullable);

    /// <summary>A readable spelling such as <c>name: string not null</c>.</summary>
    public override string ToString()
    {
        var type = Dictionary is null ? Type.ToString() : $"dictionary<{Dictionary.IndexType}, {Type}>";
        return IsNullable ? $"{Name}: {type}" : $"{Name}: {type} not null";
    }

    internal static bool MetadataEquals(IReadOnlyDictionary<string, string> left, IReadOnlyDictionary<string, string> right)
    {
        if (left.Count != right.Count)
        {
            return false;
        }

        foreach (var (key, value) in left)
        {
            if (!right.TryGetValue(key, out var other) || other != value)
            {
                return false;
            }
        }

        return true;
    }
}
