using System.Runtime.InteropServices;
using Quiver.Odbc.Native;

namespace Quiver.Odbc.Exports;

/// <summary>SQLGetDiagRec and SQLGetDiagField.</summary>
internal static unsafe class DiagnosticExports
{
    [UnmanagedCallersOnly(EntryPoint = "SQLGetDiagRec")]
    public static short GetDiagRec(short type, nint handle, short record, byte* state, int* native, byte* message, short capacity, short* length)
        => GetDiagRec(handle, record, state, native, message, capacity, length, wide: false);

    [UnmanagedCallersOnly(EntryPoint = "SQLGetDiagRecW")]
    public static short GetDiagRecW(short type, nint handle, short record, char* state, int* native, char* message, short capacity, short* length)
        => GetDiagRec(handle, record, state, native, message, capacity, length, wide: true);

    private static short GetDiagRec(nint handle, short number, void* state, int* native, void* message, short capacity, short* length, bool wide)
    {
        if (OdbcHandle.From<OdbcHandle>(handle) is not { } owner)
        {
            return SqlReturn.InvalidHandle;
        }

        if (number < 1 || capacity < 0)
        {
            return SqlReturn.Error;
        }

        if (owner.Diagnostics[number] is not { } record)
        {
            return SqlReturn.NoData;
        }

        if (state is not null)
        {
            Text.Write(record.SqlState, state, 6, wide);
        }

        if (native is not null)
        {
            *native = record.NativeError;
        }

        var (full, truncated) = Text.Write(record.Message, message, capacity, wide);
        if (length is not null)
        {
            *length = (short)Math.Min(full, short.MaxValue);
        }

        return truncated && message is not null ? SqlReturn.SuccessWithInfo : SqlReturn.Success;
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLGetDiagField")]
    public static short GetDiagField(short type, nint handle, short record, short field, void* value, short capacity, short* length)
        => GetDiagField(handle, record, field, value, capacity, length, wide: false);

    [UnmanagedCallersOnly(EntryPoint = "SQLGetDiagFieldW")]
    public static short GetDiagFieldW(short type, nint handle, short record, short field, void* value, short capacity, short* length)
        => GetDiagField(handle, record, field, value, capacity, length, wide: true);

    private static short GetDiagField(nint handle, short number, short field, void* value, short capacity, short* length, bool wide)
    {
        if (OdbcHandle.From<OdbcHandle>(handle) is not { } owner)
        {
            return SqlReturn.InvalidHandle;
        }

        var diagnostics = owner.Diagnostics;
        switch (field)
        {
            case 2: // SQL_DIAG_NUMBER
                if (value is not null)
                {
                    *(int*)value = diagnostics.Count;
                }

                return SqlReturn.Success;
            case 1: // SQL_DIAG_RETURNCODE (the driver manager keeps it)
                return SqlReturn.NoData;
            case 3: // SQL_DIAG_ROW_COUNT
                if (value is not null)
                {
                    *(nint*)value = owner is OdbcStatement s ? (nint)s.RowCount : 0;
                }

                return SqlReturn.Success;
            case 7 or 12: // SQL_DIAG_DYNAMIC_FUNCTION(_CODE)
                return SqlReturn.NoData;
        }

        if (diagnostics[number] is not { } record)
        {
            return SqlReturn.NoData;
        }

        string? text = field switch
        {
            4 => record.SqlState, // SQL_DIAG_SQLSTATE
            6 => record.Message, // SQL_DIAG_MESSAGE_TEXT
            8 or 9 => record.SqlState.StartsWith("IM", StringComparison.Ordinal) ? "ODBC 3.0" : "ISO 9075", // SQL_DIAG_CLASS_ORIGIN, SUBCLASS_ORIGIN
            10 => owner is OdbcConnection c ? c.ServerName : "", // SQL_DIAG_CONNECTION_NAME
            11 => "Quiver", // SQL_DIAG_SERVER_NAME
            _ => null,
        };
        if (text is not null)
        {
            int bytes;
            var (full, truncated) = Text.Write(text, value, wide ? capacity / 2 : capacity, wide);
            bytes = full * (wide ? 2 : 1);
            if (length is not null)
            {
                *length = (short)Math.Min(bytes, short.MaxValue);
            }

            return truncated && value is not null ? SqlReturn.SuccessWithInfo : SqlReturn.Success;
        }

        switch (field)
        {
            case 5: // SQL_DIAG_NATIVE
                if (value is not null)
                {
                    *(int*)value = record.NativeError;
                }

                return SqlReturn.Success;
            case -1248: // SQL_DIAG_ROW_NUMBER: SQL_ROW_NUMBER_UNKNOWN
                if (value is not null)
                {
                    *(nint*)value = -2;
                }

                return SqlReturn.Success;
            case -1247: // SQL_DIAG_COLUMN_NUMBER: SQL_COLUMN_NUMBER_UNKNOWN
                if (value is not null)
                {
                    *(int*)value = -2;
                }

                return SqlReturn.Success;
            default:
                return SqlReturn.Error;
        }
    }
}
