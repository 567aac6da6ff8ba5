using System.Data;
using System.Numerics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.Json;
using Quiver.EntityFrameworkCore.Storage.Internal.Mapping;

namespace Quiver.EntityFrameworkCore.Storage.Internal;

/// <summary>
/// Maps .NET types to DuckDB column types and back (docs/efcore.md has the table). A store type given in the model
/// (<c>HasColumnType</c>) is matched by its base name, case-insensitively, with DuckDB's aliases.
/// </summary>
public sealed class QuiverTypeMappingSource : RelationalTypeMappingSource
{
    /// <summary>The precision and scale of a decimal property that does not set them.</summary>
    public const int DefaultDecimalPrecision = 38;

    /// <inheritdoc cref="DefaultDecimalPrecision"/>
    public const int DefaultDecimalScale = 10;

    private static readonly RelationalTypeMapping Bool = new QuiverBoolTypeMapping();
    private static readonly RelationalTypeMapping TinyInt = new SByteTypeMapping("TINYINT", DbType.SByte);
    private static readonly RelationalTypeMapping SmallInt = new ShortTypeMapping("SMALLINT", DbType.Int16);
    private static readonly RelationalTypeMapping Integer = new IntTypeMapping("INTEGER", DbType.Int32);
    private static readonly RelationalTypeMapping BigInt = new LongTypeMapping("BIGINT", DbType.Int64);
    private static readonly RelationalTypeMapping UTinyInt = new ByteTypeMapping("UTINYINT", DbType.Byte);
    private static readonly RelationalTypeMapping USmallInt = new UShortTypeMapping("USMALLINT", DbType.UInt16);
    private static readonly RelationalTypeMapping UInteger = new UIntTypeMapping("UINTEGER", DbType.UInt32);
    private static readonly RelationalTypeMapping UBigInt = new ULongTypeMapping("UBIGINT", DbType.UInt64);
    private static readonly RelationalTypeMapping HugeInt = new QuiverBigIntegerTypeMapping();
    private static readonly RelationalTypeMapping Float = new QuiverFloatTypeMapping();
    private static readonly RelationalTypeMapping Double = new QuiverDoubleTypeMapping();
    private static readonly RelationalTypeMapping Decimal = QuiverDecimalTypeMapping.Create(DefaultDecimalPrecision, DefaultDecimalScale);
    private static readonly RelationalTypeMapping DecimalBase = QuiverDecimalTypeMapping.Create(null, null);
    private static readonly RelationalTypeMapping Varchar = QuiverVarcharTypeMapping.Create(sized: false);
    private static readonly RelationalTypeMapping VarcharSized = QuiverVarcharTypeMapping.Create(sized: true);
    private static readonly RelationalTypeMapping Char = new CharTypeMapping("VARCHAR", DbType.String);
    private static readonly RelationalTypeMapping Blob = new QuiverByteArrayTypeMapping();
    private static readonly RelationalTypeMapping Uuid = new QuiverGuidTypeMapping();
    private static readonly RelationalTypeMapping Date = new QuiverDateTypeMapping();
    private static readonly RelationalTypeMapping Time = new QuiverTimeTypeMapping();
    private static readonly RelationalTypeMapping Timestamp = new QuiverTimestampTypeMapping();
    private static readonly RelationalTypeMapping TimestampTz = new QuiverTimestampTzTypeMapping();
    private static readonly RelationalTypeMapping Interval = new QuiverIntervalTypeMapping();
    private static readonly RelationalTypeMapping JsonText = new StringTypeMapping(QuiverJsonTypeMapping.JsonStoreType, DbType.String);

    private static readonly Dictionary<Type, RelationalTypeMapping> ByClrType = new()
    {
        [typeof(bool)] = Bool,
        [typeof(sbyte)] = TinyInt,
        [typeof(short)] = SmallInt,
        [typeof(int)] = Integer,
        [typeof(long)] = BigInt,
        [typeof(byte)] = UTinyInt,
        [typeof(ushort)] = USmallInt,
        [typeof(uint)] = UInteger,
        [typeof(ulong)] = UBigInt,
        [typeof(BigInteger)] = HugeInt,
        [typeof(float)] = Float,
        [typeof(double)] = Double,
        [typeof(decimal)] = Decimal,
        [typeof(string)] = Varchar,
        [typeof(char)] = Char,
        [typeof(byte[])] = Blob,
        [typeof(Guid)] = Uuid,
        [typeof(DateOnly)] = Date,
        [typeof(TimeOnly)] = Time,
        [typeof(DateTime)] = Timestamp,
        [typeof(DateTimeOffset)] = TimestampTz,
        [typeof(TimeSpan)] = Interval,
    };

    // DuckDB's type names and aliases (duckdb_types() lists them), by base name.
    private static readonly Dictionary<string, RelationalTypeMapping> ByStoreType = new(StringComparer.OrdinalIgnoreCase)
    {
        ["BOOLEAN"] = Bool, ["BOOL"] = Bool, ["LOGICAL"] = Bool,
        ["TINYINT"] = TinyInt, ["INT1"] = TinyInt,
        ["SMALLINT"] = SmallInt, ["INT2"] = SmallInt, ["SHORT"] = SmallInt,
        ["INTEGER"] = Integer, ["INT"] = Integer, ["INT4"] = Integer, ["SIGNED"] = Integer,
        ["BIGINT"] = BigInt, ["INT8"] = BigInt, ["LONG"] = BigInt,
        ["UTINYINT"] = UTinyInt, ["USMALLINT"] = USmallInt, ["UINTEGER"] = UInteger, ["UBIGINT"] = UBigInt,
        ["HUGEINT"] = HugeInt, ["INT128"] = HugeInt,
        ["FLOAT"] = Float, ["FLOAT4"] = Float, ["REAL"] = Float,
        ["DOUBLE"] = Double, ["FLOAT8"] = Double,
        ["DECIMAL"] = DecimalBase, ["NUMERIC"] = DecimalBase,
        ["VARCHAR"] = VarcharSized, ["TEXT"] = Varchar, ["STRING"] = Varchar, ["CHAR"] = VarcharSized, ["BPCHAR"] = Varchar,
        ["NVARCHAR"] = VarcharSized,
        ["BLOB"] = Blob, ["BYTEA"] = Blob, ["BINARY"] = Blob, ["VARBINARY"] = Blob,
        ["UUID"] = Uuid,
        ["DATE"] = Date,
        ["TIME"] = Time,
        ["TIMESTAMP"] = Timestamp, ["DATETIME"] = Timestamp,
        ["TIMESTAMPTZ"] = TimestampTz, ["TIMESTAMP WITH TIME ZONE"] = TimestampTz,
        ["INTERVAL"] = Interval,
        ["JSON"] = JsonText,
    };

    /// <summary>Creates the source.</summary>
    public QuiverTypeMappingSource(TypeMappingSourceDependencies dependencies, RelationalTypeMappingSourceDependencies relationalDependencies)
        : base(dependencies, relationalDependencies)
    {
    }

    /// <summary>
    /// Primitive collections are native LIST columns (not JSON text, EF's default) when they are arrays or List&lt;T&gt;
    /// of an element type QuiverDataReader reads lists of and that needs no value converter.
    /// </summary>
    protected override RelationalTypeMapping? FindCollectionMapping(
        RelationalTypeMappingInfo info, Type modelType, Type? providerType, CoreTypeMapping? elementMapping)
    {
        var elementType = QuiverListTypeMapping.ElementTypeOf(modelType);
        if (elementType is null || providerType is not null && providerType != modelType
            || !ListElementTypes.Contains(Nullable.GetUnderlyingType(elementType) ?? elementType))
        {
            // Other collections (DateOnly[], HashSet<int>, elements with a converter): EF's JSON text in a VARCHAR column.
#pragma warning disable EF1001 // EF's own JSON text collection mapping, the fallback every relational provider has.
            return base.FindCollectionMapping(info, modelType, providerType, elementMapping);
#pragma warning restore EF1001
        }

        var element = elementMapping as RelationalTypeMapping ?? FindMapping(Nullable.GetUnderlyingType(elementType) ?? elementType);
#pragma warning disable EF1001 // As above.
        return element is null || element.Converter is not null
            ? base.FindCollectionMapping(info, modelType, providerType, elementMapping)
            : new QuiverListTypeMapping(modelType, element, JsonArrayOf(modelType, element));
#pragma warning restore EF1001
    }

    // The element types QuiverDataReader builds arrays and lists of (docs/type-mapping.md).
    private static readonly HashSet<Type> ListElementTypes =
    [
        typeof(bool), typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long),
        typeof(ulong), typeof(float), typeof(double), typeof(decimal), typeof(DateTime), typeof(TimeSpan), typeof(Guid), typeof(string),
    ];

    /// <inheritdoc/>
    protected override RelationalTypeMapping? FindMapping(in RelationalTypeMappingInfo mappingInfo)
        => mappingInfo.StoreTypeName?.TrimEnd().EndsWith("[]", StringComparison.Ordinal) == true
            ? FindListMapping(mappingInfo.StoreTypeName.TrimEnd(), mappingInfo.ClrType)
            : base.FindMapping(mappingInfo) ?? FindOwnMapping(mappingInfo);

    // A LIST store type (HasColumnType("INTEGER[]"), or a scaffolded column): its element's mapping, as an array unless
    // the property is a List<T>.
    private QuiverListTypeMapping? FindListMapping(string storeType, Type? clrType)
    {
        var elementClrType = clrType is null ? null : QuiverListTypeMapping.ElementTypeOf(clrType);
        if (clrType is not null && elementClrType is null)
        {
            return null;
        }

        var elementStoreType = storeType[..^2];
        var underlying = elementClrType is null ? null : Nullable.GetUnderlyingType(elementClrType) ?? elementClrType;
        var element = FindMapping(elementStoreType);
        if (element is null || element.Converter is not null || !ListElementTypes.Contains(element.ClrType)
            || underlying is not null && underlying != element.ClrType)
        {
            return null;
        }

        var collectionType = clrType ?? element.ClrType.MakeArrayType();
        return new QuiverListTypeMapping(collectionType, element, JsonArrayOf(collectionType, element));
    }

    // EF's JSON array reader and writer for the collection, used when it is a property inside a JSON document.
    private JsonValueReaderWriter? JsonArrayOf(Type collectionType, RelationalTypeMapping element)
    {
        CoreTypeMapping? elementMapping = element;
#pragma warning disable EF1001 // The same helper EF's relational source builds its JSON collections with.
        return TryFindJsonCollectionMapping(new TypeMappingInfo(collectionType), collectionType, null, ref elementMapping, out _, out var json) ? json : null;
#pragma warning restore EF1001
    }

    private static RelationalTypeMapping? FindOwnMapping(in RelationalTypeMappingInfo mappingInfo)
    {
        var clrType = mappingInfo.ClrType;
        var storeBase = mappingInfo.StoreTypeNameBase;
        if (clrType == typeof(JsonTypePlaceholder))
        {
            // The column of a ToJson() type: DuckDB's JSON, the only container type it has.
            return storeBase is null || storeBase.Trim().Equals(QuiverJsonTypeMapping.JsonStoreType, StringComparison.OrdinalIgnoreCase)
                ? QuiverJsonTypeMapping.Default
                : null;
        }

        if (storeBase is not null)
        {
            if (!ByStoreType.TryGetValue(storeBase.Trim(), out var byStore))
            {
                return null;
            }

            if (clrType is not null && byStore.ClrType != clrType)
            {
                // A store type spelled for another .NET type (HasColumnType("TEXT") on a char): EF converts or refuses.
                return clrType == typeof(char) && byStore.ClrType == typeof(string) ? Char.WithTypeMappingInfo(mappingInfo) : null;
            }

            return byStore.WithTypeMappingInfo(mappingInfo);
        }

        if (clrType is null || !ByClrType.TryGetValue(clrType, out var mapping))
        {
            return null;
        }

        if (clrType == typeof(decimal) && (mappingInfo.Precision is not null || mappingInfo.Scale is not null))
        {
            return DecimalBase.WithTypeMappingInfo(mappingInfo.Precision is null
                ? new RelationalTypeMappingInfo(type: clrType, precision: DefaultDecimalPrecision, scale: mappingInfo.Scale)
                : mappingInfo);
        }

        if (clrType == typeof(string) && mappingInfo.Size is not null)
        {
            return VarcharSized.WithTypeMappingInfo(mappingInfo);
        }

        return mapping;
    }
}
