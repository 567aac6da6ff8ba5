namespace Quiver.Arrow;

/// <summary>The logical types Quiver reads and writes. Dictionary encoding is a property of a field, not a type.</summary>
public enum ArrowTypeId
{
    /// <summary>All values null; no buffers.</summary>
    Null,

    /// <summary>One bit per value.</summary>
    Boolean,

    /// <summary>Signed 8-bit integer.</summary>
    Int8,

    /// <summary>Signed 16-bit integer.</summary>
    Int16,

    /// <summary>Signed 32-bit integer.</summary>
    Int32,

    /// <summary>Signed 64-bit integer.</summary>
    Int64,

    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8,

    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16,

    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32,

    /// <summary>Unsigned 64-bit integer.</summary>
    UInt64,

    /// <summary>IEEE 754 single precision.</summary>
    Float32,

    /// <summary>IEEE 754 double precision.</summary>
    Float64,

    /// <summary>128-bit two's complement unscaled value with a precision (1-38) and scale.</summary>
    Decimal128,

    /// <summary>UTF-8 strings with 32-bit offsets.</summary>
    Utf8,

    /// <summary>UTF-8 strings with 64-bit offsets.</summary>
    LargeUtf8,

    /// <summary>Byte strings with 32-bit offsets.</summary>
    Binary,

    /// <summary>Byte strings with 64-bit offsets.</summary>
    LargeBinary,

    /// <summary>Byte strings of one fixed width.</summary>
    FixedSizeBinary,

    /// <summary>Days since 1970-01-01 as a 32-bit integer.</summary>
    Date32,

    /// <summary>Milliseconds since 1970-01-01 as a 64-bit integer.</summary>
    Date64,

    /// <summary>Time of day in seconds or milliseconds, 32-bit.</summary>
    Time32,

    /// <summary>Time of day in microseconds or nanoseconds, 64-bit.</summary>
    Time64,

    /// <summary>64-bit count of a unit since the Unix epoch, with an optional time zone.</summary>
    Timestamp,

    /// <summary>64-bit elapsed time in a unit.</summary>
    Duration,

    /// <summary>A calendar interval: year-month, day-time or month-day-nanosecond.</summary>
    Interval,

    /// <summary>Variable-length lists with 32-bit offsets.</summary>
    List,

    /// <summary>Variable-length lists with 64-bit offsets.</summary>
    LargeList,

    /// <summary>Lists of one fixed length.</summary>
    FixedSizeList,

    /// <summary>Named child fields of one row.</summary>
    Struct,

    /// <summary>Key/value entries: a list of (key, value) structs.</summary>
    Map,
}
