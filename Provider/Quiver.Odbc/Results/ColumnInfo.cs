using Apache.Arrow.Types;
using Quiver.Odbc.Native;

namespace Quiver.Odbc.Results;

/// <summary>
/// A result column as the implementation row descriptor (SQLDescribeCol, SQLColAttribute) reports it: its ODBC SQL type,
/// size and digits derived from the Arrow type the server sent and DuckDB's name for it (docs/odbc.md's type table).
/// </summary>
internal sealed class ColumnInfo
{
    /// <summary>The column size reported for VARCHAR and BLOB, which DuckDB stores without a declared length.</summary>
    public const int UnboundedSize = 65535;

    public required string Name { get; init; }

    public required string TypeName { get; init; }

    public required short SqlType { get; init; }

    public required ulong ColumnSize { get; init; }

    public short DecimalDigits { get; init; }

    public short Nullable { get; init; } = SqlNullable.Nullable;

    public bool Unsigned { get; init; }

    public short Radix { get; init; }

    public string BaseCatalog { get; init; } = "";

    public string BaseSchema { get; init; } = "";

    public string BaseTable { get; init; } = "";

    public string BaseColumn { get; init; } = "";

    public bool AutoIncrement { get; init; }

    public bool IsCharacter => SqlType is Native.SqlType.WVarChar or Native.SqlType.VarChar or Native.SqlType.WChar or Native.SqlType.Char or Native.SqlType.WLongVarChar or Native.SqlType.LongVarChar;

    public bool IsBinary => SqlType is Native.SqlType.VarBinary or Native.SqlType.Binary or Native.SqlType.LongVarBinary;

    /// <summary>Bytes a value takes in its default C type (SQL_DESC_OCTET_LENGTH).</summary>
    public long OctetLength => SqlType switch
    {
        Native.SqlType.WVarChar or Native.SqlType.WChar or Native.SqlType.WLongVarChar => (long)ColumnSize * 2,
        Native.SqlType.Bit or Native.SqlType.TinyInt => 1,
        Native.SqlType.SmallInt => 2,
        Native.SqlType.Integer or Native.SqlType.Real => 4,
        Native.SqlType.BigInt or Native.SqlType.Double => 8,
        Native.SqlType.Decimal or Native.SqlType.Numeric => 19,
        Native.SqlType.TypeDate => 6,
        Native.SqlType.TypeTime => 6,
        Native.SqlType.TypeTimestamp => 16,
        Native.SqlType.Guid => 16,
        _ => (long)ColumnSize,
    };

    /// <summary>Characters the value needs as text (SQL_DESC_DISPLAY_SIZE).</summary>
    public long DisplaySize => SqlType switch
    {
        Native.SqlType.Bit => 1,
        Native.SqlType.TinyInt => Unsigned ? 3 : 4,
        Native.SqlType.SmallInt => Unsigned ? 5 : 6,
        Native.SqlType.Integer => Unsigned ? 10 : 11,
        Native.SqlType.BigInt => Unsigned ? 20 : 20,
        Native.SqlType.Real => 14,
        Native.SqlType.Double => 24,
        Native.SqlType.Decimal or Native.SqlType.Numeric => (long)ColumnSize + 2,
        Native.SqlType.VarBinary or Native.SqlType.Binary or Native.SqlType.LongVarBinary => (long)ColumnSize * 2,
        _ => (long)ColumnSize,
    };

    /// <summary>The SQL_C type SQL_C_DEFAULT means for this column.</summary>
    public short DefaultCType => SqlType switch
    {
        Native.SqlType.Bit => CType.Bit,
        Native.SqlType.TinyInt => Unsigned ? CType.UTinyInt : CType.STinyInt,
        Native.SqlType.SmallInt => Unsigned ? CType.UShort : CType.SShort,
        Native.SqlType.Integer => Unsigned ? CType.ULong : CType.SLong,
        Native.SqlType.BigInt => Unsigned ? CType.UBigInt : CType.SBigInt,
        Native.SqlType.Real => CType.Float,
        Native.SqlType.Double or Native.SqlType.Float => CType.Double,
        Native.SqlType.TypeDate => CType.TypeDate,
        Native.SqlType.TypeTime => CType.TypeTime,
        Native.SqlType.TypeTimestamp => CType.TypeTimestamp,
        Native.SqlType.VarBinary or Native.SqlType.Binary or Native.SqlType.LongVarBinary => CType.Binary,
        Native.SqlType.Guid => CType.Guid,
        Native.SqlType.WVarChar or Native.SqlType.WChar or Native.SqlType.WLongVarChar => CType.WChar,
        _ => CType.Char,
    };

    public static ColumnInfo From(string name, string typeName, IArrowType type, Quiver.Data.QuiverDbColumn? schema)
    {
        var (sqlType, size, digits, unsigned, radix) = Map(type, typeName);
        return new ColumnInfo
        {
            Name = name,
            TypeName = typeName,
            SqlType = sqlType,
            ColumnSize = size,
            DecimalDigits = digits,
            Unsigned = unsigned,
            Radix = radix,
            Nullable = schema?.AllowDBNull == false ? SqlNullable.NoNulls : SqlNullable.Nullable,
            BaseCatalog = schema?.BaseCatalogName ?? "",
            BaseSchema = schema?.BaseSchemaName ?? "",
            BaseTable = schema?.BaseTableName ?? "",
            BaseColumn = schema?.BaseColumnName ?? "",
            AutoIncrement = schema?.IsAutoIncrement == true,
        };
    }

    /// <summary>A column of a catalog function's result: its type is known without asking the server.</summary>
    public static (short SqlType, ulong Size, short Digits, bool Unsigned, short Radix) Map(IArrowType type, string typeName) => type switch
    {
        BooleanType => (Native.SqlType.Bit, 1, 0, false, 0),
        Int8Type => (Native.SqlType.TinyInt, 3, 0, false, 10),
        UInt8Type => (Native.SqlType.TinyInt, 3, 0, true, 10),
        Int16Type => (Native.SqlType.SmallInt, 5, 0, false, 10),
        UInt16Type => (Native.SqlType.SmallInt, 5, 0, true, 10),
        Int32Type => (Native.SqlType.Integer, 10, 0, false, 10),
        UInt32Type => (Native.SqlType.Integer, 10, 0, true, 10),
        Int64Type => (Native.SqlType.BigInt, 19, 0, false, 10),
        UInt64Type => (Native.SqlType.BigInt, 20, 0, true, 10),
        FloatType => (Native.SqlType.Real, 24, 0, false, 2),
        DoubleType => (Native.SqlType.Double, 53, 0, false, 2),
        Decimal128Type d => (Native.SqlType.Decimal, (ulong)d.Precision, (short)d.Scale, false, 10),
        StringType or DictionaryType => (Native.SqlType.WVarChar, UnboundedSize, 0, false, 0),
        BinaryType => (Native.SqlType.VarBinary, UnboundedSize, 0, false, 0),
        Date32Type => (Native.SqlType.TypeDate, 10, 0, false, 0),
        TimeType t => (Native.SqlType.TypeTime, t.Unit == TimeUnit.Nanosecond ? 18UL : 15UL, (short)(t.Unit == TimeUnit.Nanosecond ? 9 : 6), false, 0),
        TimestampType t => t.Unit switch
        {
            TimeUnit.Second => (Native.SqlType.TypeTimestamp, 19, 0, false, 0),
            TimeUnit.Millisecond => (Native.SqlType.TypeTimestamp, 23, 3, false, 0),
            TimeUnit.Microsecond => (Native.SqlType.TypeTimestamp, 26, 6, false, 0),
            _ => (Native.SqlType.TypeTimestamp, 29, 9, false, 0),
        },
        FixedSizeBinaryType { ByteWidth: 16 } => (Native.SqlType.Guid, 36, 0, false, 0),
        IntervalType => (Native.SqlType.WVarChar, 64, 0, false, 0),
        _ => (Native.SqlType.WVarChar, UnboundedSize, 0, false, 0),
    };
}
