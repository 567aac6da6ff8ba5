using System.Runtime.InteropServices;

namespace Quiver.DuckDb.Native;

internal static class NativeString
{
    /// <summary>Reads a UTF-8 string that DuckDB keeps ownership of.</summary>
    public static string? Borrow(nint utf8) => utf8 == nint.Zero ? null : Marshal.PtrToStringUTF8(utf8);

    /// <summary>Reads a UTF-8 string that the caller owns, and frees it with <c>duckdb_free</c>.</summary>
    public static string? Take(nint utf8)
    {
        if (utf8 == nint.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(utf8);
        }
        finally
        {
            NativeMethods.Common.Free(utf8);
        }
    }
}
