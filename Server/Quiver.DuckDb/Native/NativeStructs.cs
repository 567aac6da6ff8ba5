using System.Runtime.InteropServices;

namespace Quiver.DuckDb.Native;

// Layouts follow src/include/duckdb.h of DuckDB 1.5.

/// <summary><c>duckdb_result</c>: six pointer-sized fields, only ever touched through API calls.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeResult
{
    public ulong DeprecatedColumnCount;
    public ulong DeprecatedRowCount;
    public ulong DeprecatedRowsChanged;
    public nint DeprecatedColumns;
    public nint DeprecatedErrorMessage;
    public nint InternalData;
}

/// <summary><c>duckdb_hugeint</c>: value = upper * 2^64 + lower.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeHugeInt
{
    public ulong Lower;
    public long Upper;
}

/// <summary><c>duckdb_uhugeint</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeUHugeInt
{
    public ulong Lower;
    public ulong Upper;
}

/// <summary><c>duckdb_decimal</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeDecimal
{
    public byte Width;
    public byte Scale;
    public NativeHugeInt Value;
}
