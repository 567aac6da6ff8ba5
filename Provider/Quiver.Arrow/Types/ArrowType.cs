using System.Globalization;

namespace Quiver.Arrow;

/// <summary>
/// An Arrow logical type with its parameters. Immutable; parameterless types are shared instances, parameterised ones
/// come from the factory methods, which validate their arguments.
/// </summary>
public sealed partial class ArrowType : IEquatable<ArrowType>
{
    private static readonly ArrowField[] NoChildren = [];

    private ArrowType(ArrowTypeId id, int byteWidth, IReadOnlyList<ArrowField>? children = null)
    {
        Id = id;
        ByteWidth = byteWidth;
        Children = children ?? NoChildren;
    }

    /// <summary>Which type this is.</summary>
    public ArrowTypeId Id { get; }

    /// <summary>Bytes per value for fixed-width types; 0 for bit-packed, variable-length and nested types.</summary>
    public int ByteWidth { get; }

    /// <summary>Decimal precision (1-38).</summary>
    public int Precision { get; private init; }

    /// <summary>Decimal scale.</summary>
    public int Scale { get; private init; }

    /// <summary>Values per list of a <see cref="ArrowTypeId.FixedSizeList"/>.</summary>
    public int ListSize { get; private init; }

    /// <summary>Unit of time, timestamp and duration types.</summary>
    public ArrowTimeUnit Unit { get; private init; }

    /// <summary>The time zone of a timestamp (an IANA name or an offset such as "+01:00"), or null for a local timestamp.</summary>
    public string? TimeZone { get; private init; }

    /// <summary>Layout of an interval type.</summary>
    public ArrowIntervalUnit IntervalUnit { get; private init; }

    /// <summary>Whether a map's keys are sorted within each entry list.</summary>
    public bool KeysSorted { get; private init; }

    /// <summary>Child fields of nested types: the item of a list, the fields of a struct, the entries struct of a map.</summary>
    public IReadOnlyList<ArrowField> Children { get; }

    /// <summary>True for types whose values are fixed-width and stored in one values buffer.</summary>
    public bool IsFixedWidth => ByteWidth > 0;

    /// <summary>True for list, large list, fixed-size list, struct and map.</summary>
    public bool IsNested => Id is ArrowTypeId.List or ArrowTypeId.LargeList or ArrowTypeId.FixedSizeList or ArrowTypeId.Struct or ArrowTypeId.Map;

    /// <summary>True for types that may index a dictionary (the integer types).</summary>
    public bool IsInteger => Id is >= ArrowTypeId.Int8 and <= ArrowTypeId.UInt64;

    /// <inheritdoc/>
    public bool Equals(ArrowType? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || Id != other.Id || ByteWidth != other.ByteWidth || Precision != other.Precision || Scale != other.Scale
            || ListSize != other.ListSize || Unit != other.Unit || TimeZone != other.TimeZone || IntervalUnit != other.IntervalUnit
            || KeysSorted != other.KeysSorted || Children.Count != other.Children.Count)
        {
            return false;
        }

        for (var i = 0; i < Children.Count; i++)
        {
            if (!Children[i].Equals(other.Children[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ArrowType);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Id, ByteWidth, Precision, Scale, ListSize, Unit, TimeZone, Children.Count);

    /// <summary>A readable spelling such as <c>timestamp[ns, UTC]</c> or <c>list&lt;item: int64&gt;</c>.</summary>
    public override string ToString() => Id switch
    {
        ArrowTypeId.Decimal128 => string.Create(CultureInfo.InvariantCulture, $"decimal128({Precision}, {Scale})"),
        ArrowTypeId.FixedSizeBinary => string.Create(CultureInfo.InvariantCulture, $"fixed_size_binary[{ByteWidth}]"),
        ArrowTypeId.Time32 or ArrowTypeId.Time64 or ArrowTypeId.Duration => $"{Name(Id)}[{UnitName(Unit)}]",
        ArrowTypeId.Timestamp => TimeZone is null ? $"timestamp[{UnitName(Unit)}]" : $"timestamp[{UnitName(Unit)}, {TimeZone}]",
        ArrowTypeId.Interval => $"interval[{IntervalUnit}]",
        ArrowTypeId.FixedSizeList => string.Create(CultureInfo.InvariantCulture, $"fixed_size_list<{Children[0]}>[{ListSize}]"),
        ArrowTypeId.List or ArrowTypeId.LargeList or ArrowTypeId.Struct or ArrowTypeId.Map
            => $"{Name(Id)}<{string.Join(", ", Children)}>",
        _ => Name(Id),
    };

    private static string Name(ArrowTypeId id) => id switch
    {
        ArrowTypeId.Boolean => "bool",
        ArrowTypeId.Float32 => "float",
        ArrowTypeId.Float64 => "double",
        ArrowTypeId.Utf8 => "string",
        ArrowTypeId.LargeUtf8 => "large_string",
        ArrowTypeId.LargeBinary => "large_binary",
        ArrowTypeId.LargeList => "large_list",
        _ => id.ToString().ToLowerInvariant(),
    };

    private static string UnitName(ArrowTimeUnit unit) => unit switch
    {
        ArrowTimeUnit.Second => "s",
        ArrowTimeUnit.Millisecond => "ms",
        ArrowTimeUnit.Microsecond => "us",
        _ => "ns",
    };
}
