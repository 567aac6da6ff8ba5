namespace Quiver.Odbc.Native;

// The numbers of sql.h, sqlext.h and sqlucode.h this driver uses, by the names the ODBC reference gives them.

/// <summary>SQLRETURN values.</summary>
internal static class SqlReturn
{
    public const short Success = 0;
    public const short SuccessWithInfo = 1;
    public const short StillExecuting = 2;
    public const short NeedData = 99;
    public const short NoData = 100;
    public const short Error = -1;
    public const short InvalidHandle = -2;
}

/// <summary>Lengths and indicators.</summary>
internal static class SqlLength
{
    public const int NullData = -1;
    public const int DataAtExec = -2;
    public const int Nts = -3;
    public const int NoTotal = -4;
    public const int IsPointer = -4;
    public const int IsUInteger = -5;
    public const int IsInteger = -6;
    public const int IsUSmallInt = -7;
    public const int IsSmallInt = -8;
    public const int LenDataAtExecOffset = -100;
}

/// <summary>SQL data types (the server side of a conversion).</summary>
internal static class SqlType
{
    public const short Unknown = 0;
    public const short Char = 1;
    public const short Numeric = 2;
    public const short Decimal = 3;
    public const short Integer = 4;
    public const short SmallInt = 5;
    public const short Float = 6;
    public const short Real = 7;
    public const short Double = 8;
    public const short DateTime = 9;
    public const short Interval = 10;
    public const short Time = 10;
    public const short Timestamp = 11;
    public const short VarChar = 12;
    public const short TypeDate = 91;
    public const short TypeTime = 92;
    public const short TypeTimestamp = 93;
    public const short LongVarChar = -1;
    public const short Binary = -2;
    public const short VarBinary = -3;
    public const short LongVarBinary = -4;
    public const short BigInt = -5;
    public const short TinyInt = -6;
    public const short Bit = -7;
    public const short WChar = -8;
    public const short WVarChar = -9;
    public const short WLongVarChar = -10;
    public const short Guid = -11;
    public const short IntervalDayToSecond = 110;
    public const short Date = 9;
}

/// <summary>C data types (the application's buffers).</summary>
internal static class CType
{
    public const short Char = 1;
    public const short Numeric = 2;
    public const short Long = 4;
    public const short Short = 5;
    public const short Float = 7;
    public const short Double = 8;
    public const short Date = 9;
    public const short Time = 10;
    public const short Timestamp = 11;
    public const short TypeDate = 91;
    public const short TypeTime = 92;
    public const short TypeTimestamp = 93;
    public const short Binary = -2;
    public const short Bit = -7;
    public const short TinyInt = -6;
    public const short WChar = -8;
    public const short Guid = -11;
    public const short SLong = -16;
    public const short SShort = -15;
    public const short ULong = -18;
    public const short UShort = -17;
    public const short SBigInt = -25;
    public const short UBigInt = -27;
    public const short STinyInt = -26;
    public const short UTinyInt = -28;
    public const short Default = 99;
    public const short ArdType = -99;
    public const short ApdType = -100;
}

/// <summary>Handle types.</summary>
internal static class HandleType
{
    public const short Env = 1;
    public const short Dbc = 2;
    public const short Stmt = 3;
    public const short Desc = 4;
}

/// <summary>Nullability as SQLDescribeCol and the catalog functions report it.</summary>
internal static class SqlNullable
{
    public const short NoNulls = 0;
    public const short Nullable = 1;
    public const short Unknown = 2;
}
