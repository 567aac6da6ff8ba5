using System.Runtime.InteropServices;

namespace Quiver.DuckDb.Native;

internal static partial class NativeMethods
{
    /// <summary>duckdb.h "Table Functions": a function's definition, its bind, init and scan callbacks' accessors.</summary>
    internal static unsafe partial class TableFunction
    {
        [LibraryImport(Library, EntryPoint = "duckdb_create_table_function")]
        internal static partial nint Create();

        [LibraryImport(Library, EntryPoint = "duckdb_destroy_table_function")]
        internal static partial void Destroy(nint* function);

        [LibraryImport(Library, EntryPoint = "duckdb_table_function_set_name", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial void SetName(nint function, string name);

        [LibraryImport(Library, EntryPoint = "duckdb_table_function_add_parameter")]
        internal static partial void AddParameter(nint function, nint logicalType);

        [LibraryImport(Library, EntryPoint = "duckdb_table_function_set_extra_info")]
        internal static partial void SetExtraInfo(nint function, nint extraInfo, delegate* unmanaged[Cdecl]<nint, void> destroy);

        [LibraryImport(Library, EntryPoint = "duckdb_table_function_set_bind")]
        internal static partial void SetBind(nint function, delegate* unmanaged[Cdecl]<nint, void> bind);

        [LibraryImport(Library, EntryPoint = "duckdb_table_function_set_init")]
        internal static partial void SetInit(nint function, delegate* unmanaged[Cdecl]<nint, void> init);

        [LibraryImport(Library, EntryPoint = "duckdb_table_function_set_function")]
        internal static partial void SetFunction(nint function, delegate* unmanaged[Cdecl]<nint, nint, void> scan);

        [LibraryImport(Library, EntryPoint = "duckdb_register_table_function")]
        internal static partial int Register(nint connection, nint function);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_get_extra_info")]
        internal static partial nint BindExtraInfo(nint info);

        [LibraryImport(Library, EntryPoint = "duckdb_table_function_get_client_context")]
        internal static partial void BindClientContext(nint info, out nint context);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_add_result_column", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial void AddResultColumn(nint info, string name, nint logicalType);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_get_parameter_count")]
        internal static partial ulong ParameterCount(nint info);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_get_parameter")]
        internal static partial nint Parameter(nint info, ulong index);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_set_bind_data")]
        internal static partial void SetBindData(nint info, nint data, delegate* unmanaged[Cdecl]<nint, void> destroy);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_set_cardinality")]
        internal static partial void SetCardinality(nint info, ulong cardinality, [MarshalAs(UnmanagedType.U1)] bool exact);

        [LibraryImport(Library, EntryPoint = "duckdb_bind_set_error", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial void SetBindError(nint info, string error);

        [LibraryImport(Library, EntryPoint = "duckdb_init_get_bind_data")]
        internal static partial nint InitBindData(nint info);

        [LibraryImport(Library, EntryPoint = "duckdb_init_set_init_data")]
        internal static partial void SetInitData(nint info, nint data, delegate* unmanaged[Cdecl]<nint, void> destroy);

        [LibraryImport(Library, EntryPoint = "duckdb_init_set_max_threads")]
        internal static partial void SetMaxThreads(nint info, ulong threads);

        [LibraryImport(Library, EntryPoint = "duckdb_init_set_error", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial void SetInitError(nint info, string error);

        [LibraryImport(Library, EntryPoint = "duckdb_function_get_init_data")]
        internal static partial nint ScanInitData(nint info);

        [LibraryImport(Library, EntryPoint = "duckdb_function_set_error", StringMarshalling = StringMarshalling.Utf8)]
        internal static partial void SetScanError(nint info, string error);
    }

    internal static unsafe partial class ClientContext
    {
        [LibraryImport(Library, EntryPoint = "duckdb_connection_get_client_context")]
        internal static partial void OfConnection(nint connection, out nint context);

        [LibraryImport(Library, EntryPoint = "duckdb_client_context_get_connection_id")]
        internal static partial ulong ConnectionId(nint context);

        [LibraryImport(Library, EntryPoint = "duckdb_destroy_client_context")]
        internal static partial void Destroy(nint* context);
    }

    /// <summary>What a table function's scan writes into its output chunk.</summary>
    internal static unsafe partial class Output
    {
        [LibraryImport(Library, EntryPoint = "duckdb_create_logical_type")]
        internal static partial nint CreateLogicalType(int type);

        [LibraryImport(Library, EntryPoint = "duckdb_vector_size")]
        internal static partial ulong VectorSize();

        [LibraryImport(Library, EntryPoint = "duckdb_data_chunk_set_size")]
        internal static partial void SetSize(nint chunk, ulong size);

        [LibraryImport(Library, EntryPoint = "duckdb_vector_assign_string_element_len")]
        internal static partial void AssignString(nint vector, ulong index, byte* text, ulong length);

        [LibraryImport(Library, EntryPoint = "duckdb_vector_ensure_validity_writable")]
        internal static partial void EnsureValidityWritable(nint vector);
    }

    internal static unsafe partial class Value
    {
        [LibraryImport(Library, EntryPoint = "duckdb_is_null_value")]
        [return: MarshalAs(UnmanagedType.U1)]
        internal static partial bool IsNull(nint value);

        // Returns a string the caller frees with duckdb_free.
        [LibraryImport(Library, EntryPoint = "duckdb_get_varchar")]
        internal static partial nint Text(nint value);
    }
}
