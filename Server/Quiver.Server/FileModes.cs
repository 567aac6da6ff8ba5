using System.Runtime.InteropServices;

namespace Quiver.Server;

/// <summary>Everything the server creates (database files, WAL, spill files, logs) is for its own account only.</summary>
internal static partial class FileModes
{
    /// <summary>
    /// Sets the process umask to 077, so that DuckDB's files come out 0600 and folders 0700 (DuckDB creates its files
    /// with 0644 otherwise, readable by every user of the machine).
    /// </summary>
    public static void OwnerOnly()
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = umask(0x3F);
        }
    }

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint umask(uint mask);
}
