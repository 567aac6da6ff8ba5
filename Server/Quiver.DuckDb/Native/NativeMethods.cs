// Ours, not DuckDB.NET.Bindings: it lacks 15 of the C functions Quiver calls (duckdb_prepared_statement_type, prepared column metadata, duckdb_parameter_name, five binds, unions).
using System.Runtime.InteropServices;

namespace Quiver.DuckDb.Native;

/// <summary>
/// P/Invoke declarations over DuckDB's C API, one nested class per area of <c>duckdb.h</c>.
/// Handles are passed as raw pointers; ownership lives in the <see cref="DuckDbSafeHandle"/> subclasses.
/// </summary>
internal static partial class NativeMethods
{
    // Resolves to libduckdb.so / libduckdb.dylib / duckdb.dll from DuckDB.NET.Bindings.Full's runtimes/<rid>/native,
    // which the host finds through the application's deps.json.
    internal const string Library = "duckdb";

    internal const int Success = 0;

    internal static partial class Common
    {
        [LibraryImport(Library, EntryPoint = "duckdb_library_version")]
        internal static partial nint Version();

        [LibraryImport(Library, EntryPoint = "duckdb_free")]
        internal static partial void Free(nint pointer);
    }

    internal static unsafe partial class Config
    {
        [LibraryImport(Library, EntryPoint = "duckdb_create_config")]
        internal static partial int Create(out nint config);

        [LibraryImport(Library, EntryPoint = "duckdb_set_config", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int Set(nint config, string name, string option);

        [LibraryImport(Library, EntryPoint = "duckdb_destroy_config")]
        internal static partial void Destroy(nint* config);
    }

    internal static unsafe partial class Database
    {
        [LibraryImport(Library, EntryPoint = "duckdb_open_ext", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int Open(string? path, out nint database, nint config, out nint error);

        [LibraryImport(Library, EntryPoint = "duckdb_close")]
        internal static partial void Close(nint* database);

        [LibraryImport(Library, EntryPoint = "duckdb_connect")]
        internal static partial int Connect(nint database, out nint connection);
    }

    internal static unsafe partial class Connection
    {
        [LibraryImport(Library, EntryPoint = "duckdb_disconnect")]
        internal static partial void Disconnect(nint* connection);

        [LibraryImport(Library, EntryPoint = "duckdb_interrupt")]
        internal static partial void Interrupt(nint connection);

        [LibraryImport(Library, EntryPoint = "duckdb_query_progress")]
        internal static partial QueryProgress Progress(nint connection);
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct QueryProgress
    {
        public double Percentage;
        public ulong RowsProcessed;
        public ulong TotalRowsToProcess;
    }
}
