namespace Quiver.Odbc.Native;

/// <summary>The C types the driver converts to and from, and the size of one element of each in a bound array.</summary>
internal static unsafe class CTypes
{
    private static readonly HashSet<short> Known =
    [
        CType.Char, CType.WChar, CType.Binary, CType.Bit, CType.TinyInt, CType.STinyInt, CType.UTinyInt, CType.Short, CType.SShort, CType.UShort,
        CType.Long, CType.SLong, CType.ULong, CType.SBigInt, CType.UBigInt, CType.Float, CType.Double, CType.Numeric, CType.Date, CType.Time,
        CType.Timestamp, CType.TypeDate, CType.TypeTime, CType.TypeTimestamp, CType.Guid, CType.Default,
    ];

    public static bool IsKnown(short cType) => Known.Contains(cType);

    /// <summary>Bytes from one row's element to the next in column-wise binding: the buffer length for text and binary.</summary>
    public static nint ElementSize(short cType, nint octetLength) => cType switch
    {
        CType.Char or CType.WChar or CType.Binary => octetLength,
        CType.STinyInt or CType.UTinyInt or CType.TinyInt or CType.Bit => 1,
        CType.SShort or CType.UShort or CType.Short => 2,
        CType.SLong or CType.ULong or CType.Long or CType.Float => 4,
        CType.SBigInt or CType.UBigInt or CType.Double => 8,
        CType.Numeric => sizeof(SqlNumeric),
        CType.TypeDate or CType.Date => sizeof(SqlDate),
        CType.TypeTime or CType.Time => sizeof(SqlTime),
        CType.TypeTimestamp or CType.Timestamp => sizeof(SqlTimestamp),
        CType.Guid => sizeof(SqlGuid),
        _ => octetLength,
    };
}
