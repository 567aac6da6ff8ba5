namespace Quiver.DuckDb;

/// <summary>DuckDB's type ids (<c>duckdb_type</c> in <c>duckdb.h</c>, DuckDB 1.5).</summary>
public enum DuckDbType
{
    /// <summary>Not a valid type.</summary>
    Invalid = 0,
    /// <summary>bool.</summary>
    Boolean = 1,
    /// <summary>int8.</summary>
    TinyInt = 2,
    /// <summary>int16.</summary>
    SmallInt = 3,
    /// <summary>int32.</summary>
    Integer = 4,
    /// <summary>int64.</summary>
    BigInt = 5,
    /// <summary>uint8.</summary>
    UTinyInt = 6,
    /// <summary>uint16.</summary>
    USmallInt = 7,
    /// <summary>uint32.</summary>
    UInteger = 8,
    /// <summary>uint64.</summary>
    UBigInt = 9,
    /// <summary>float32.</summary>
    Float = 10,
    /// <summary>float64.</summary>
    Double = 11,
    /// <summary>Microseconds since 1970-01-01, no time zone.</summary>
    Timestamp = 12,
    /// <summary>Days since 1970-01-01 (int32).</summary>
    Date = 13,
    /// <summary>Microseconds since midnight (int64).</summary>
    Time = 14,
    /// <summary>Months, days and microseconds.</summary>
    Interval = 15,
    /// <summary>int128.</summary>
    HugeInt = 16,
    /// <summary>UTF-8 string.</summary>
    Varchar = 17,
    /// <summary>Bytes.</summary>
    Blob = 18,
    /// <summary>Fixed-point decimal; storage depends on the width.</summary>
    Decimal = 19,
    /// <summary>Seconds since 1970-01-01.</summary>
    TimestampS = 20,
    /// <summary>Milliseconds since 1970-01-01.</summary>
    TimestampMs = 21,
    /// <summary>Nanoseconds since 1970-01-01.</summary>
    TimestampNs = 22,
    /// <summary>Dictionary-encoded string.</summary>
    Enum = 23,
    /// <summary>Variable-length list.</summary>
    List = 24,
    /// <summary>Struct of named fields.</summary>
    Struct = 25,
    /// <summary>Map (a list of key/value structs).</summary>
    Map = 26,
    /// <summary>UUID, stored as int128 with the top bit flipped.</summary>
    Uuid = 27,
    /// <summary>Tagged union.</summary>
    Union = 28,
    /// <summary>Bit string.</summary>
    Bit = 29,
    /// <summary>Time with a time-zone offset.</summary>
    TimeTz = 30,
    /// <summary>Microseconds since 1970-01-01 UTC.</summary>
    TimestampTz = 31,
    /// <summary>uint128.</summary>
    UHugeInt = 32,
    /// <summary>Fixed-size list.</summary>
    Array = 33,
    /// <summary>Any type (functions only).</summary>
    Any = 34,
    /// <summary>Arbitrary-precision integer (named VARINT before 1.5).</summary>
    BigNum = 35,
    /// <summary>The type of a NULL literal.</summary>
    SqlNull = 36,
    /// <summary>A string literal whose type is not yet decided.</summary>
    StringLiteral = 37,
    /// <summary>An integer literal whose type is not yet decided.</summary>
    IntegerLiteral = 38,
    /// <summary>Nanoseconds since midnight.</summary>
    TimeNs = 39,
    /// <summary>Geometry.</summary>
    Geometry = 40,
    /// <summary>Variant.</summary>
    Variant = 41,
}
