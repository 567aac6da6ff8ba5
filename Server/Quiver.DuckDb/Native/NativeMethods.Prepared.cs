using System.Runtime.InteropServices;

namespace Quiver.DuckDb.Native;

internal static partial class NativeMethods
{
    internal static unsafe partial class Prepared
    {
        [LibraryImport(Library, EntryPoint = "duckdb_prepare", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int Prepare(nint connection, string query, out nint statement);

        [LibraryImport(Library, EntryPoint = "duckdb_destroy_prepare")]
        internal static partial void Destroy(nint* statement);

        [LibraryImport(Library, EntryPoint = "duckdb_prepare_error")]
        internal static partial nint Error(nint statement);

        [LibraryImport(Library, EntryPoint = "duckdb_prepared_statement_type")]
        internal static partial int StatementType(nint statement);

        [LibraryImport(Library, EntryPoint = "duckdb_nparams")]
        internal static partial ulong ParameterCount(nint statement);

        // Returns a string the caller frees with duckdb_free.
        [LibraryImport(Library, EntryPoint = "duckdb_parameter_name")]
        internal static partial nint ParameterName(nint statement, ulong index);

        [LibraryImport(Library, EntryPoint = "duckdb_param_logical_type")]
        internal static partial nint ParameterLogicalType(nint statement, ulong index);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_parameter_index", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int ParameterIndex(nint statement, out ulong index, string name);

        [LibraryImport(Library, EntryPoint = "duckdb_prepared_statement_column_count")]
        internal static partial ulong ColumnCount(nint statement);

        // Returns a string the caller frees with duckdb_free.
        [LibraryImport(Library, EntryPoint = "duckdb_prepared_statement_column_name")]
        internal static partial nint ColumnName(nint statement, ulong index);

        [LibraryImport(Library, EntryPoint = "duckdb_prepared_statement_column_logical_type")]
        internal static partial nint ColumnLogicalType(nint statement, ulong index);

        [LibraryImport(Library, EntryPoint = "duckdb_clear_bindings")]
        internal static partial int ClearBindings(nint statement);

        // Deprecated in duckdb.h but the only way to ask for a streaming (not materialised) result in 1.5.
        [LibraryImport(Library, EntryPoint = "duckdb_execute_prepared_streaming")]
        internal static partial int ExecuteStreaming(nint statement, NativeResult* result);

        [LibraryImport(Library, EntryPoint = "duckdb_execute_prepared")]
        internal static partial int Execute(nint statement, NativeResult* result);
    }

    internal static unsafe partial class Bind
    {
        [LibraryImport(Library, EntryPoint = "duckdb_bind_null")]
        internal static partial int Null(nint statement, ulong index);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_boolean")]
        internal static partial int Boolean(nint statement, ulong index, [MarshalAs(UnmanagedType.U1)] bool value);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_int8")]
        internal static partial int Int8(nint statement, ulong index, sbyte value);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_int16")]
        internal static partial int Int16(nint statement, ulong index, short value);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_int32")]
        internal static partial int Int32(nint statement, ulong index, int value);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_int64")]
        internal static partial int Int64(nint statement, ulong index, long value);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_hugeint")]
        internal static partial int HugeInt(nint statement, ulong index, NativeHugeInt value);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_uhugeint")]
        internal static partial int UHugeInt(nint statement, ulong index, NativeUHugeInt value);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_uint8")]
        internal static partial int UInt8(nint statement, ulong index, byte value);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_uint16")]
        internal static partial int UInt16(nint statement, ulong index, ushort value);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_uint32")]
        internal static partial int UInt32(nint statement, ulong index, uint value);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_uint64")]
        internal static partial int UInt64(nint statement, ulong index, ulong value);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_float")]
        internal static partial int Float(nint statement, ulong index, float value);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_double")]
        internal static partial int Double(nint statement, ulong index, double value);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_decimal")]
        internal static partial int Decimal(nint statement, ulong index, NativeDecimal value);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_date")]
        internal static partial int Date(nint statement, ulong index, int days);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_time")]
        internal static partial int Time(nint statement, ulong index, long micros);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_timestamp")]
        internal static partial int Timestamp(nint statement, ulong index, long micros);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_timestamp_tz")]
        internal static partial int TimestampTz(nint statement, ulong index, long micros);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_interval")]
        internal static partial int Interval(nint statement, ulong index, DuckDbInterval value);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_varchar_length")]
        internal static partial int Varchar(nint statement, ulong index, byte* utf8, ulong length);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_blob")]
        internal static partial int Blob(nint statement, ulong index, byte* data, ulong length);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_value")]
        internal static partial int Value(nint statement, ulong index, nint value);
    }

    internal static unsafe partial class Value
    {
        [LibraryImport(Library, EntryPoint = "duckdb_create_uuid")]
        internal static partial nint CreateUuid(NativeUHugeInt value);

        [LibraryImport(Library, EntryPoint = "duckdb_create_null_value")]
        internal static partial nint CreateNull();

        [LibraryImport(Library, EntryPoint = "duckdb_create_bool")]
        internal static partial nint CreateBool([MarshalAs(UnmanagedType.U1)] bool value);

        [LibraryImport(Library, EntryPoint = "duckdb_create_int8")]
        internal static partial nint CreateInt8(sbyte value);

        [LibraryImport(Library, EntryPoint = "duckdb_create_int16")]
        internal static partial nint CreateInt16(short value);

        [LibraryImport(Library, EntryPoint = "duckdb_create_int32")]
        internal static partial nint CreateInt32(int value);

        [LibraryImport(Library, EntryPoint = "duckdb_create_int64")]
        internal static partial nint CreateInt64(long value);

        [LibraryImport(Library, EntryPoint = "duckdb_create_uint8")]
        internal static partial nint CreateUInt8(byte value);

        [LibraryImport(Library, EntryPoint = "duckdb_create_uint16")]
        internal static partial nint CreateUInt16(ushort value);

        [LibraryImport(Library, EntryPoint = "duckdb_create_uint32")]
        internal static partial nint CreateUInt32(uint value);

        [LibraryImport(Library, EntryPoint = "duckdb_create_uint64")]
        internal static partial nint CreateUInt64(ulong value);

        [LibraryImport(Library, EntryPoint = "duckdb_create_hugeint")]
        internal static partial nint CreateHugeInt(NativeHugeInt value);

        [LibraryImport(Library, EntryPoint = "duckdb_create_uhugeint")]
        internal static partial nint CreateUHugeInt(NativeUHugeInt value);

        [LibraryImport(Library, EntryPoint = "duckdb_create_float")]
        internal static partial nint CreateFloat(float value);

        [LibraryImport(Library, EntryPoint = "duckdb_create_double")]
        internal static partial nint CreateDouble(double value);

        [LibraryImport(Library, EntryPoint = "duckdb_create_decimal")]
        internal static partial nint CreateDecimal(NativeDecimal value);

        [LibraryImport(Library, EntryPoint = "duckdb_create_date")]
        internal static partial nint CreateDate(int days);

        [LibraryImport(Library, EntryPoint = "duckdb_create_time")]
        internal static partial nint CreateTime(long micros);

        [LibraryImport(Library, EntryPoint = "duckdb_create_timestamp")]
        internal static partial nint CreateTimestamp(long micros);

        [LibraryImport(Library, EntryPoint = "duckdb_create_timestamp_tz")]
        internal static partial nint CreateTimestampTz(long micros);

        [LibraryImport(Library, EntryPoint = "duckdb_create_interval")]
        internal static partial nint CreateInterval(DuckDbInterval value);

        [LibraryImport(Library, EntryPoint = "duckdb_create_varchar_length")]
        internal static partial nint CreateVarchar(byte* text, ulong length);

        [LibraryImport(Library, EntryPoint = "duckdb_create_blob")]
        internal static partial nint CreateBlob(byte* data, ulong length);

        // Copies the values; null when a value is missing or the type is not concrete.
        [LibraryImport(Library, EntryPoint = "duckdb_create_list_value")]
        internal static partial nint CreateList(nint elementType, nint* values, ulong count);

        [LibraryImport(Library, EntryPoint = "duckdb_create_logical_type")]
        internal static partial nint CreateLogicalType(int type);

        [LibraryImport(Library, EntryPoint = "duckdb_create_decimal_type")]
        internal static partial nint CreateDecimalType(byte width, byte scale);

        [LibraryImport(Library, EntryPoint = "duckdb_create_list_type")]
        internal static partial nint CreateListType(nint elementType);

        [LibraryImport(Library, EntryPoint = "duckdb_destroy_value")]
        internal static partial void Destroy(nint* value);
    }

    internal static unsafe partial class Extracted
    {
        // Returns the number of statements; 0 means a parse error, read with ExtractError.
        [LibraryImport(Library, EntryPoint = "duckdb_extract_statements", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial ulong Extract(nint connection, string query, out nint extracted);

        [LibraryImport(Library, EntryPoint = "duckdb_prepare_extracted_statement")]
        internal static partial int Prepare(nint connection, nint extracted, ulong index, out nint statement);

        [LibraryImport(Library, EntryPoint = "duckdb_extract_statements_error")]
        internal static partial nint Error(nint extracted);

        [LibraryImport(Library, EntryPoint = "duckdb_destroy_extracted")]
        internal static partial void Destroy(nint* extracted);
    }
}
