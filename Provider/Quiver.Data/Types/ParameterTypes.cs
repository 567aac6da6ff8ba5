using System.Collections;
using System.Data;
using Quiver.Arrow;

namespace Quiver.Data.Types;

/// <summary>Parameter type inference: from DbType, or from the value's .NET type as the type-mapping table says.</summary>
internal static class ParameterTypes
{
    private static readonly Dictionary<Type, QuiverDbType> ByClrType = BuildIndex();

    public static (QuiverDbType Type, QuiverDbType Element) Infer(QuiverParameter parameter)
    {
        var value = parameter.Value;
        if (value is null or DBNull)
        {
            return (QuiverDbType.Null, QuiverDbType.Unknown);
        }

        return Infer(value.GetType(), value, parameter.ParameterName);
    }

    public static (QuiverDbType Type, QuiverDbType Element) Infer(Type type, object? value, string name)
    {
        if (type == typeof(DateTime))
        {
            return (value is DateTime { Kind: DateTimeKind.Utc } ? QuiverDbType.TimestampTz : QuiverDbType.Timestamp, QuiverDbType.Unknown);
        }

        if (ByClrType.TryGetValue(type, out var found))
        {
            return (found, QuiverDbType.Unknown);
        }

        if (typeof(Stream).IsAssignableFrom(type))
        {
            return (QuiverDbType.Blob, QuiverDbType.Unknown);
        }

        if (ElementTypeOf(type) is { } element)
        {
            var (inner, nested) = Infer(Nullable.GetUnderlyingType(element) ?? element, null, name);
            return nested == QuiverDbType.Unknown && inner is not (QuiverDbType.List or QuiverDbType.Null)
                ? (QuiverDbType.List, inner)
                : throw new NotSupportedException($"Parameter '{name}': lists of {element.Name} are not supported as parameters.");
        }

        throw new NotSupportedException(
            $"Parameter '{name}' has a value of type {type}, which Quiver cannot send; docs/type-mapping.md lists the supported types.");
    }

    /// <summary>The element type of an array or generic list (not of byte[] or char[], which are scalars).</summary>
    public static Type? ElementTypeOf(Type type)
    {
        if (type.IsArray)
        {
            return type == typeof(byte[]) || type == typeof(char[]) ? null : type.GetElementType();
        }

        if (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && type.GetGenericArguments() is [var element])
        {
            return element;
        }

        return null;
    }

    public static DbType DbTypeOf(QuiverDbType type) => TypeMappings.Of(type).DbType;

    public static QuiverDbType FromDbType(DbType type) => type switch
    {
        DbType.AnsiString or DbType.AnsiStringFixedLength or DbType.String or DbType.StringFixedLength or DbType.Xml => QuiverDbType.Varchar,
        DbType.Binary => QuiverDbType.Blob,
        DbType.Boolean => QuiverDbType.Boolean,
        DbType.Byte => QuiverDbType.UTinyInt,
        DbType.SByte => QuiverDbType.TinyInt,
        DbType.Int16 => QuiverDbType.SmallInt,
        DbType.Int32 => QuiverDbType.Integer,
        DbType.Int64 => QuiverDbType.BigInt,
        DbType.UInt16 => QuiverDbType.USmallInt,
        DbType.UInt32 => QuiverDbType.UInteger,
        DbType.UInt64 => QuiverDbType.UBigInt,
        DbType.Single => QuiverDbType.Float,
        DbType.Double => QuiverDbType.Double,
        DbType.Decimal or DbType.Currency or DbType.VarNumeric => QuiverDbType.Decimal,
        DbType.Date => QuiverDbType.Date,
        DbType.Time => QuiverDbType.Time,
        DbType.DateTime or DbType.DateTime2 => QuiverDbType.Timestamp,
        DbType.DateTimeOffset => QuiverDbType.TimestampTz,
        DbType.Guid => QuiverDbType.Uuid,
        _ => QuiverDbType.Unknown,
    };

    private static Dictionary<Type, QuiverDbType> BuildIndex()
    {
        var index = new Dictionary<Type, QuiverDbType>();
        foreach (var mapping in TypeMappings.All)
        {
            foreach (var type in mapping.InferredFrom.Where(t => !t.IsGenericTypeDefinition && t != typeof(Array) && t != typeof(DateTime)))
            {
                index.TryAdd(type, mapping.QuiverType);
            }
        }

        return index;
    }

    /// <summary>The parameter type an Arrow list element type was made from.</summary>
    public static QuiverDbType FromArrow(ArrowType type) => type.Id switch
    {
        ArrowTypeId.Boolean => QuiverDbType.Boolean,
        ArrowTypeId.Int8 => QuiverDbType.TinyInt,
        ArrowTypeId.Int16 => QuiverDbType.SmallInt,
        ArrowTypeId.Int32 => QuiverDbType.Integer,
        ArrowTypeId.Int64 => QuiverDbType.BigInt,
        ArrowTypeId.UInt8 => QuiverDbType.UTinyInt,
        ArrowTypeId.UInt16 => QuiverDbType.USmallInt,
        ArrowTypeId.UInt32 => QuiverDbType.UInteger,
        ArrowTypeId.UInt64 => QuiverDbType.UBigInt,
        ArrowTypeId.Float32 => QuiverDbType.Float,
        ArrowTypeId.Float64 => QuiverDbType.Double,
        ArrowTypeId.Decimal128 => QuiverDbType.Decimal,
        ArrowTypeId.Binary => QuiverDbType.Blob,
        ArrowTypeId.Date32 => QuiverDbType.Date,
        ArrowTypeId.Time64 => QuiverDbType.Time,
        ArrowTypeId.Timestamp when type.TimeZone is null => QuiverDbType.Timestamp,
        ArrowTypeId.Timestamp => QuiverDbType.TimestampTz,
        ArrowTypeId.Interval => QuiverDbType.Interval,
        ArrowTypeId.FixedSizeBinary => QuiverDbType.Uuid,
        _ => QuiverDbType.Varchar,
    };
}
