using System.Globalization;
using Quiver.DuckDb.Native;

namespace Quiver.DuckDb;

/// <summary>
/// A DuckDB column or parameter type, copied out of DuckDB's <c>duckdb_logical_type</c> so that it can be kept
/// and compared without holding native memory.
/// </summary>
public sealed class DuckDbLogicalType
{
    private DuckDbLogicalType(DuckDbType id) => Id = id;

    /// <summary>The type id.</summary>
    public DuckDbType Id { get; }

    /// <summary>A user-defined alias for the type, if any.</summary>
    public string? Alias { get; private init; }

    /// <summary>DECIMAL: total digits.</summary>
    public byte DecimalWidth { get; private init; }

    /// <summary>DECIMAL: digits after the point.</summary>
    public byte DecimalScale { get; private init; }

    /// <summary>
    /// How DECIMAL and ENUM values are stored: SMALLINT/INTEGER/BIGINT/HUGEINT for DECIMAL by width,
    /// UTINYINT/USMALLINT/UINTEGER dictionary indexes for ENUM. <see cref="DuckDbType.Invalid"/> otherwise.
    /// </summary>
    public DuckDbType StorageType { get; private init; }

    /// <summary>ENUM: the dictionary, in index order.</summary>
    public IReadOnlyList<string> EnumValues { get; private init; } = [];

    /// <summary>LIST and ARRAY: the element type.</summary>
    public DuckDbLogicalType? ElementType { get; private init; }

    /// <summary>ARRAY: elements per value.</summary>
    public int ArraySize { get; private init; }

    /// <summary>MAP: the key type.</summary>
    public DuckDbLogicalType? KeyType { get; private init; }

    /// <summary>MAP: the value type.</summary>
    public DuckDbLogicalType? ValueType { get; private init; }

    /// <summary>STRUCT fields, or UNION members, in order.</summary>
    public IReadOnlyList<DuckDbField> Fields { get; private init; } = [];

    /// <summary>The type as DuckDB spells it in SQL, for example <c>DECIMAL(18,2)</c> or <c>STRUCT(a INTEGER)</c>.</summary>
    public override string ToString() => Id switch
    {
        DuckDbType.Decimal => string.Create(CultureInfo.InvariantCulture, $"DECIMAL({DecimalWidth},{DecimalScale})"),
        DuckDbType.List => $"{ElementType}[]",
        DuckDbType.Array => string.Create(CultureInfo.InvariantCulture, $"{ElementType}[{ArraySize}]"),
        DuckDbType.Map => $"MAP({KeyType}, {ValueType})",
        DuckDbType.Struct => $"STRUCT({string.Join(", ", Fields.Select(f => $"{f.Name} {f.Type}"))})",
        DuckDbType.Union => $"UNION({string.Join(", ", Fields.Select(f => $"{f.Name} {f.Type}"))})",
        DuckDbType.Enum => $"ENUM({string.Join(", ", EnumValues.Select(v => "'" + v.Replace("'", "''", StringComparison.Ordinal) + "'"))})",
        DuckDbType.TimestampTz => "TIMESTAMP WITH TIME ZONE",
        DuckDbType.TimeTz => "TIME WITH TIME ZONE",
        _ => Id.ToString().ToUpperInvariant(),
    };

    /// <summary>Copies a type DuckDB handed over, then destroys it.</summary>
    internal static DuckDbLogicalType FromOwned(nint native)
    {
        if (native == nint.Zero)
        {
            return new DuckDbLogicalType(DuckDbType.Invalid);
        }

        using var handle = new LogicalTypeHandle(native);
        return Copy(native);
    }

    private static DuckDbLogicalType Copy(nint type)
    {
        var id = (DuckDbType)NativeMethods.LogicalType.TypeId(type);
        var alias = NativeString.Take(NativeMethods.LogicalType.Alias(type));
        return id switch
        {
            DuckDbType.Decimal => new DuckDbLogicalType(id)
            {
                Alias = alias,
                DecimalWidth = NativeMethods.LogicalType.DecimalWidth(type),
                DecimalScale = NativeMethods.LogicalType.DecimalScale(type),
                StorageType = (DuckDbType)NativeMethods.LogicalType.DecimalInternalType(type),
            },
            DuckDbType.Enum => new DuckDbLogicalType(id)
            {
                Alias = alias,
                StorageType = (DuckDbType)NativeMethods.LogicalType.EnumInternalType(type),
                EnumValues = Enumerable.Range(0, checked((int)NativeMethods.LogicalType.EnumDictionarySize(type)))
                    .Select(i => NativeString.Take(NativeMethods.LogicalType.EnumDictionaryValue(type, (ulong)i)) ?? string.Empty)
                    .ToArray(),
            },
            DuckDbType.List => new DuckDbLogicalType(id)
            {
                Alias = alias,
                ElementType = FromOwned(NativeMethods.LogicalType.ListChildType(type)),
            },
            DuckDbType.Array => new DuckDbLogicalType(id)
            {
                Alias = alias,
                ElementType = FromOwned(NativeMethods.LogicalType.ArrayChildType(type)),
                ArraySize = checked((int)NativeMethods.LogicalType.ArraySize(type)),
            },
            DuckDbType.Map => new DuckDbLogicalType(id)
            {
                Alias = alias,
                KeyType = FromOwned(NativeMethods.LogicalType.MapKeyType(type)),
                ValueType = FromOwned(NativeMethods.LogicalType.MapValueType(type)),
            },
            DuckDbType.Struct => new DuckDbLogicalType(id)
            {
                Alias = alias,
                Fields = Enumerable.Range(0, checked((int)NativeMethods.LogicalType.StructChildCount(type)))
                    .Select(i => new DuckDbField(
                        NativeString.Take(NativeMethods.LogicalType.StructChildName(type, (ulong)i)) ?? string.Empty,
                        FromOwned(NativeMethods.LogicalType.StructChildType(type, (ulong)i))))
                    .ToArray(),
            },
            DuckDbType.Union => new DuckDbLogicalType(id)
            {
                Alias = alias,
                Fields = Enumerable.Range(0, checked((int)NativeMethods.LogicalType.UnionMemberCount(type)))
                    .Select(i => new DuckDbField(
                        NativeString.Take(NativeMethods.LogicalType.UnionMemberName(type, (ulong)i)) ?? string.Empty,
                        FromOwned(NativeMethods.LogicalType.UnionMemberType(type, (ulong)i))))
                    .ToArray(),
            },
            _ => new DuckDbLogicalType(id) { Alias = alias },
        };
    }
}

/// <summary>A named member of a STRUCT or UNION type.</summary>
/// <param name="Name">The field name.</param>
/// <param name="Type">The field type.</param>
public sealed record DuckDbField(string Name, DuckDbLogicalType Type);
