namespace Quiver.Odbc.Results;

/// <summary>The form a value has before it is converted to the application's C type.</summary>
internal enum CellKind
{
    Null,
    Boolean,
    Signed,
    Unsigned,
    Double,
    Decimal,
    Text,
    Binary,
    Date,
    Time,
    Timestamp,
    Guid,
    Interval,
}

/// <summary>
/// One value of a result, read from its Arrow array without copying: text and binary are spans of the received
/// message's memory, numbers are held as they were sent. Date is days since 1970-01-01; Time is nanoseconds since
/// midnight; Timestamp is seconds since 1970-01-01 plus nanoseconds; Decimal is its 128-bit unscaled value and scale;
/// Interval is months, days and nanoseconds.
/// </summary>
internal readonly ref struct Cell
{
    public Cell(CellKind kind) => Kind = kind;

    public CellKind Kind { get; init; }

    public long Signed { get; init; }

    public ulong Unsigned { get; init; }

    public double Double { get; init; }

    public Int128 Unscaled { get; init; }

    public int Scale { get; init; }

    /// <summary>Text (UTF-8), binary and UUID bytes (big-endian, as sent).</summary>
    public ReadOnlySpan<byte> Bytes { get; init; }

    /// <summary>Text produced for the value (complex types, intervals): used instead of Bytes when set.</summary>
    public string? String { get; init; }

    public long Seconds { get; init; }

    public int Nanoseconds { get; init; }

    public int Months { get; init; }

    public int Days { get; init; }

    public long IntervalNanoseconds { get; init; }

    public static Cell Null => new(CellKind.Null);
}
