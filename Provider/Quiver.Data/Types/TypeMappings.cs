using System.Data;
using System.Data.SqlTypes;
using System.Numerics;

namespace Quiver.Data.Types;

/// <summary>
/// The one type-mapping table: it drives GetFieldType and GetValue, the GetFieldValue targets the readers accept,
/// parameter inference, the type tests and docs/type-mapping.md (a test keeps the page equal to this table).
/// Defaults follow Npgsql where the types correspond.
/// </summary>
internal static class TypeMappings
{
    private static readonly Type[] Integers =
        [typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong), typeof(decimal), typeof(double), typeof(float), typeof(BigInteger)];

    public static readonly IReadOnlyList<TypeMapping> All =
    [
        new(QuiverDbType.Boolean, "BOOLEAN", DbType.Boolean, typeof(bool), [], [typeof(bool)]),
        new(QuiverDbType.TinyInt, "TINYINT", DbType.SByte, typeof(sbyte), Without(typeof(sbyte)), [typeof(sbyte)], "Integers read as any integer type the value fits (else InvalidCastException)."),
        new(QuiverDbType.SmallInt, "SMALLINT", DbType.Int16, typeof(short), Without(typeof(short)), [typeof(short)]),
        new(QuiverDbType.Integer, "INTEGER", DbType.Int32, typeof(int), Without(typeof(int)), [typeof(int)]),
        new(QuiverDbType.BigInt, "BIGINT", DbType.Int64, typeof(long), Without(typeof(long)), [typeof(long)]),
        new(QuiverDbType.UTinyInt, "UTINYINT", DbType.Byte, typeof(byte), Without(typeof(byte)), [typeof(byte)]),
        new(QuiverDbType.USmallInt, "USMALLINT", DbType.UInt16, typeof(ushort), Without(typeof(ushort)), [typeof(ushort)]),
        new(QuiverDbType.UInteger, "UINTEGER", DbType.UInt32, typeof(uint), Without(typeof(uint)), [typeof(uint)]),
        new(QuiverDbType.UBigInt, "UBIGINT", DbType.UInt64, typeof(ulong), Without(typeof(ulong)), [typeof(ulong)]),
        new(QuiverDbType.Float, "FLOAT", DbType.Single, typeof(float), [typeof(double)], [typeof(float)]),
        new(QuiverDbType.Double, "DOUBLE", DbType.Double, typeof(double), [typeof(float)], [typeof(double)]),
        new(QuiverDbType.Decimal, "DECIMAL(p,s)", DbType.Decimal, typeof(decimal), [typeof(double), typeof(float), typeof(SqlDecimal), typeof(BigInteger), typeof(string)], [typeof(decimal), typeof(BigInteger)],
            "A value beyond System.Decimal (29 digits) raises InvalidCastException; read it as SqlDecimal, BigInteger (scale 0) or string. HUGEINT arrives as DECIMAL(38,0); a BigInteger parameter is sent as one."),
        new(QuiverDbType.Varchar, "VARCHAR", DbType.String, typeof(string), [typeof(char), typeof(char[]), typeof(TextReader)], [typeof(string), typeof(char), typeof(char[])],
            "UHUGEINT and TIME WITH TIME ZONE arrive as their text."),
        new(QuiverDbType.Blob, "BLOB", DbType.Binary, typeof(byte[]), [typeof(Stream), typeof(ReadOnlyMemory<byte>)], [typeof(byte[]), typeof(ReadOnlyMemory<byte>), typeof(Memory<byte>), typeof(Stream)]),
        new(QuiverDbType.Date, "DATE", DbType.Date, typeof(DateTime), [typeof(DateOnly)], [typeof(DateOnly)]),
        new(QuiverDbType.Time, "TIME", DbType.Time, typeof(TimeSpan), [typeof(TimeOnly)], [typeof(TimeOnly)]),
        new(QuiverDbType.Timestamp, "TIMESTAMP", DbType.DateTime2, typeof(DateTime), [], [typeof(DateTime)],
            "Read with Kind Unspecified. A DateTime parameter of Kind Utc is sent as TIMESTAMP WITH TIME ZONE; Local and Unspecified as TIMESTAMP."),
        new(QuiverDbType.TimestampTz, "TIMESTAMP WITH TIME ZONE", DbType.DateTimeOffset, typeof(DateTime), [typeof(DateTimeOffset)], [typeof(DateTimeOffset)],
            "Read as DateTime with Kind Utc, or DateTimeOffset with offset 0."),
        new(QuiverDbType.Interval, "INTERVAL", DbType.Object, typeof(TimeSpan), [typeof(QuiverInterval)], [typeof(TimeSpan), typeof(QuiverInterval)],
            "An interval with months does not fit TimeSpan (InvalidCastException); read it as QuiverInterval."),
        new(QuiverDbType.Uuid, "UUID", DbType.Guid, typeof(Guid), [typeof(string)], [typeof(Guid)]),
        new(QuiverDbType.Enum, "ENUM", DbType.String, typeof(string), [typeof(char[]), typeof(TextReader)], []),
        new(QuiverDbType.List, "<element>[]", DbType.Object, typeof(Array), [typeof(List<>)], [typeof(Array), typeof(List<>)],
            "GetValue gives an array of the element's .NET type (object[] for nested elements); element types that are value types need T?[] or List<T?> when the list holds NULLs."),
        new(QuiverDbType.Array, "<element>[n]", DbType.Object, typeof(Array), [typeof(List<>)], [], "As LIST, with a fixed length."),
        new(QuiverDbType.Struct, "STRUCT(...)", DbType.Object, typeof(Dictionary<string, object>), [], [], "Field name to value; NULL fields as DBNull.Value."),
        new(QuiverDbType.Map, "MAP(K, V)", DbType.Object, typeof(Dictionary<object, object>), [], [], "Key to value; NULL values as DBNull.Value."),
        new(QuiverDbType.Null, "NULL", DbType.Object, typeof(object), [], [typeof(DBNull)], "Every row is NULL."),
    ];

    private static readonly Dictionary<QuiverDbType, TypeMapping> ByType = All.ToDictionary(m => m.QuiverType);

    public static TypeMapping Of(QuiverDbType type) => ByType[type];

    private static Type[] Without(Type own) => Integers.Where(t => t != own).ToArray();
}
