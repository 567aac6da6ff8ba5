using System.Runtime.InteropServices;

namespace Quiver.DuckDb.Native;

internal static partial class NativeMethods
{
    internal static unsafe partial class Result
    {
        [LibraryImport(Library, EntryPoint = "duckdb_destroy_result")]
        internal static partial void Destroy(NativeResult* result);

        [LibraryImport(Library, EntryPoint = "duckdb_result_error")]
        internal static partial nint Error(NativeResult* result);

        [LibraryImport(Library, EntryPoint = "duckdb_result_error_type")]
        internal static partial int ErrorType(NativeResult* result);

        [LibraryImport(Library, EntryPoint = "duckdb_column_count")]
        internal static partial ulong ColumnCount(NativeResult* result);

        // Owned by the result: not freed by the caller.
        [LibraryImport(Library, EntryPoint = "duckdb_column_name")]
        internal static partial nint ColumnName(NativeResult* result, ulong column);

        [LibraryImport(Library, EntryPoint = "duckdb_column_logical_type")]
        internal static partial nint ColumnLogicalType(NativeResult* result, ulong column);

        [LibraryImport(Library, EntryPoint = "duckdb_rows_changed")]
        internal static partial ulong RowsChanged(NativeResult* result);

        [LibraryImport(Library, EntryPoint = "duckdb_result_is_streaming")]
        [return: MarshalAs(UnmanagedType.U1)]
        internal static partial bool IsStreaming(NativeResult result);

        [LibraryImport(Library, EntryPoint = "duckdb_result_return_type")]
        internal static partial int ReturnType(NativeResult result);

        [LibraryImport(Library, EntryPoint = "duckdb_result_statement_type")]
        internal static partial int StatementType(NativeResult result);

        // Null when the result is exhausted or failed; duckdb_result_error tells which.
        [LibraryImport(Library, EntryPoint = "duckdb_fetch_chunk")]
        internal static partial nint FetchChunk(NativeResult result);
    }

    internal static unsafe partial class Chunk
    {
        [LibraryImport(Library, EntryPoint = "duckdb_destroy_data_chunk")]
        internal static partial void Destroy(nint* chunk);

        [LibraryImport(Library, EntryPoint = "duckdb_data_chunk_get_size")]
        internal static partial ulong Size(nint chunk);

        [LibraryImport(Library, EntryPoint = "duckdb_data_chunk_get_column_count")]
        internal static partial ulong ColumnCount(nint chunk);

        [LibraryImport(Library, EntryPoint = "duckdb_data_chunk_get_vector")]
        internal static partial nint Vector(nint chunk, ulong column);
    }

    internal static unsafe partial class Vector
    {
        [LibraryImport(Library, EntryPoint = "duckdb_vector_get_data")]
        internal static partial void* Data(nint vector);

        [LibraryImport(Library, EntryPoint = "duckdb_vector_get_validity")]
        internal static partial ulong* Validity(nint vector);

        [LibraryImport(Library, EntryPoint = "duckdb_list_vector_get_child")]
        internal static partial nint ListChild(nint vector);

        [LibraryImport(Library, EntryPoint = "duckdb_list_vector_get_size")]
        internal static partial ulong ListSize(nint vector);

        [LibraryImport(Library, EntryPoint = "duckdb_struct_vector_get_child")]
        internal static partial nint StructChild(nint vector, ulong index);

        [LibraryImport(Library, EntryPoint = "duckdb_array_vector_get_child")]
        internal static partial nint ArrayChild(nint vector);
    }

    internal static unsafe partial class LogicalType
    {
        [LibraryImport(Library, EntryPoint = "duckdb_destroy_logical_type")]
        internal static partial void Destroy(nint* type);

        [LibraryImport(Library, EntryPoint = "duckdb_get_type_id")]
        internal static partial int TypeId(nint type);

        // Returns a string the caller frees with duckdb_free, or null.
        [LibraryImport(Library, EntryPoint = "duckdb_logical_type_get_alias")]
        internal static partial nint Alias(nint type);

        [LibraryImport(Library, EntryPoint = "duckdb_decimal_width")]
        internal static partial byte DecimalWidth(nint type);

        [LibraryImport(Library, EntryPoint = "duckdb_decimal_scale")]
        internal static partial byte DecimalScale(nint type);

        [LibraryImport(Library, EntryPoint = "duckdb_decimal_internal_type")]
        internal static partial int DecimalInternalType(nint type);

        [LibraryImport(Library, EntryPoint = "duckdb_enum_internal_type")]
        internal static partial int EnumInternalType(nint type);

        [LibraryImport(Library, EntryPoint = "duckdb_enum_dictionary_size")]
        internal static partial uint EnumDictionarySize(nint type);

        // Returns a string the caller frees with duckdb_free.
        [LibraryImport(Library, EntryPoint = "duckdb_enum_dictionary_value")]
        internal static partial nint EnumDictionaryValue(nint type, ulong index);

        [LibraryImport(Library, EntryPoint = "duckdb_list_type_child_type")]
        internal static partial nint ListChildType(nint type);

        [LibraryImport(Library, EntryPoint = "duckdb_array_type_child_type")]
        internal static partial nint ArrayChildType(nint type);

        [LibraryImport(Library, EntryPoint = "duckdb_array_type_array_size")]
        internal static partial ulong ArraySize(nint type);

        [LibraryImport(Library, EntryPoint = "duckdb_map_type_key_type")]
        internal static partial nint MapKeyType(nint type);

        [LibraryImport(Library, EntryPoint = "duckdb_map_type_value_type")]
        internal static partial nint MapValueType(nint type);

        [LibraryImport(Library, EntryPoint = "duckdb_struct_type_child_count")]
        internal static partial ulong StructChildCount(nint type);

        // Returns a string the caller frees with duckdb_free.
        [LibraryImport(Library, EntryPoint = "duckdb_struct_type_child_name")]
        internal static partial nint StructChildName(nint type, ulong index);

        [LibraryImport(Library, EntryPoint = "duckdb_struct_type_child_type")]
        internal static partial nint StructChildType(nint type, ulong index);

        [LibraryImport(Library, EntryPoint = "duckdb_union_type_member_count")]
        internal static partial ulong UnionMemberCount(nint type);

        // Returns a string the caller frees with duckdb_free.
        [LibraryImport(Library, EntryPoint = "duckdb_union_type_member_name")]
        internal static partial nint UnionMemberName(nint type, ulong index);

        [LibraryImport(Library, EntryPoint = "duckdb_union_type_member_type")]
        internal static partial nint UnionMemberType(nint type, ulong index);
    }
}
