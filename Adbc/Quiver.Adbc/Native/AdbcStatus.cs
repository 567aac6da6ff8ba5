namespace Quiver.Adbc.Native;

/// <summary>ADBC's status codes (AdbcStatusCode, a uint8_t in adbc.h).</summary>
internal enum AdbcStatus : byte
{
    Ok = 0,
    Unknown = 1,
    NotImplemented = 2,
    NotFound = 3,
    AlreadyExists = 4,
    InvalidArgument = 5,
    InvalidState = 6,
    InvalidData = 7,
    Integrity = 8,
    Internal = 9,
    IO = 10,
    Cancelled = 11,
    Timeout = 12,
    Unauthenticated = 13,
    Unauthorized = 14,
}
