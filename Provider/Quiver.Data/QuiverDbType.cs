namespace Quiver.Data;

/// <summary>
/// The SQL types Quiver reads and sends, named as DuckDB names them. docs/type-mapping.md shows how each maps to .NET.
/// </summary>
public enum QuiverDbType
{
    /// <summary>No type: inferred from the value.</summary>
    Unknown = 0,

    /// <summary>BOOLEAN.</summary>
    Boolean,

    /// <summary>TINYINT (8-bit).</summary>
    TinyInt,

    /// <summary>SMALLINT (16-bit).</summary>
    SmallInt,

    /// <summary>INTEGER (32-bit).</summary>
    Integer,

    /// <summary>BIGINT (64-bit).</summary>
    BigInt,

    /// <summary>UTINYINT (unsigned 8-bit).</summary>
    UTinyInt,

    /// <summary>USMALLINT (unsigned 16-bit).</summary>
    USmallInt,

    /// <summary>UINTEGER (unsigned 32-bit).</summary>
    UInteger,

    /// <summary>UBIGINT (unsigned 64-bit).</summary>
    UBigInt,

    /// <summary>FLOAT (32-bit).</summary>
    Float,

    /// <summary>DOUBLE (64-bit).</summary>
    Double,

    /// <summary>DECIMAL(p, s), up to 38 digits (HUGEINT arrives as DECIMAL(38, 0)).</summary>
    Decimal,

    /// <summary>VARCHAR.</summary>
    Varchar,

    /// <summary>BLOB.</summary>
    Blob,

    /// <summary>DATE.</summary>
    Date,

    /// <summary>TIME (microseconds) and TIME_NS.</summary>
    Time,

    /// <summary>TIMESTAMP (and TIMESTAMP_S, _MS, _NS), without a time zone.</summary>
    Timestamp,

    /// <summary>TIMESTAMP WITH TIME ZONE (an instant, read in UTC).</summary>
    TimestampTz,

    /// <summary>INTERVAL (months, days and microseconds).</summary>
    Interval,

    /// <summary>UUID.</summary>
    Uuid,

    /// <summary>ENUM (read as its label).</summary>
    Enum,

    /// <summary>A LIST of one element type.</summary>
    List,

    /// <summary>A fixed-length ARRAY of one element type.</summary>
    Array,

    /// <summary>STRUCT.</summary>
    Struct,

    /// <summary>MAP.</summary>
    Map,

    /// <summary>The type of a bare NULL.</summary>
    Null,
}
