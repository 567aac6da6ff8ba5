using System.Runtime.InteropServices;

namespace Quiver.DuckDb.Native;

internal static partial class NativeMethods
{
    internal static unsafe partial class Appender
    {
        [LibraryImport(Library, EntryPoint = "duckdb_appender_create_ext", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int Create(nint connection, string? catalog, string? schema, string table, out nint appender);

        [LibraryImport(Library, EntryPoint = "duckdb_appender_error")]
        internal static partial nint Error(nint appender);

        [LibraryImport(Library, EntryPoint = "duckdb_appender_column_count")]
        internal static partial ulong ColumnCount(nint appender);

        [LibraryImport(Library, EntryPoint = "duckdb_appender_flush")]
        internal static partial int Flush(nint appender);

        [LibraryImport(Library, EntryPoint = "duckdb_appender_close")]
        internal static partial int Close(nint appender);

        [LibraryImport(Library, EntryPoint = "duckdb_appender_destroy")]
        internal static partial int Destroy(nint* appender);

        [LibraryImport(Library, EntryPoint = "duckdb_appender_end_row")]
        internal static partial int EndRow(nint appender);

        [LibraryImport(Library, EntryPoint = "duckdb_append_null")]
        internal static partial int Null(nint appender);

        [LibraryImport(Library, EntryPoint = "duckdb_append_bool")]
        internal static partial int Bool(nint appender, [MarshalAs(UnmanagedType.U1)] bool value);

        [LibraryImport(Library, EntryPoint = "duckdb_append_int8")]
        internal static partial int Int8(nint appender, sbyte value);

        [LibraryImport(Library, EntryPoint = "duckdb_append_int16")]
        internal static partial int Int16(nint appender, short value);

        [LibraryImport(Library, EntryPoint = "duckdb_append_int32")]
        internal static partial int Int32(nint appender, int value);

        [LibraryImport(Library, EntryPoint = "duckdb_append_int64")]
        internal static partial int Int64(nint appender, long value);

        [LibraryImport(Library, EntryPoint = "duckdb_append_uint8")]
        internal static partial int UInt8(nint appender, byte value);

        [LibraryImport(Library, EntryPoint = "duckdb_append_uint16")]
        internal static partial int UInt16(nint appender, ushort value);

        [LibraryImport(Library, EntryPoint = "duckdb_append_uint32")]
        internal static partial int UInt32(nint appender, uint value);

        [LibraryImport(Library, EntryPoint = "duckdb_append_uint64")]
        internal static partial int UInt64(nint appender, ulong value);

        [LibraryImport(Library, EntryPoint = "duckdb_append_float")]
        internal static partial int Float(nint appender, float value);

        [LibraryImport(Library, EntryPoint = "duckdb_append_double")]
        internal static partial int Double(nint appender, double value);

        // duckdb_date, duckdb_time and duckdb_timestamp are structs of one integer, passed as that integer.
        [LibraryImport(Library, EntryPoint = "duckdb_append_date")]
        internal static partial int Date(nint appender, int days);

        [LibraryImport(Library, EntryPoint = "duckdb_append_time")]
        internal static partial int Time(nint appender, long micros);

        [LibraryImport(Library, EntryPoint = "duckdb_append_timestamp")]
        internal static partial int Timestamp(nint appender, long micros);

        [LibraryImport(Library, EntryPoint = "duckdb_append_interval")]
        internal static partial int Interval(nint appender, DuckDbInterval value);

        [LibraryImport(Library, EntryPoint = "duckdb_append_varchar_length")]
        internal static partial int Varchar(nint appender, byte* value, ulong length);

        [LibraryImport(Library, EntryPoint = "duckdb_append_blob")]
        internal static partial int Blob(nint appender, byte* value, ulong length);
    }
}
