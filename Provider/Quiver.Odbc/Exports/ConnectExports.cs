using System.Runtime.InteropServices;
using Quiver.Odbc.Native;

namespace Quiver.Odbc.Exports;

/// <summary>Connecting, connection attributes, SQLGetInfo and SQLGetFunctions (narrow forms take UTF-8).</summary>
internal static unsafe class ConnectExports
{
    [UnmanagedCallersOnly(EntryPoint = "SQLDriverConnect")]
    public static short DriverConnect(nint handle, nint window, byte* text, short length, byte* output, short capacity, short* outputLength, ushort completion)
        => DriverConnect(handle, text, length, output, capacity, outputLength, wide: false);

    [UnmanagedCallersOnly(EntryPoint = "SQLDriverConnectW")]
    public static short DriverConnectW(nint handle, nint window, char* text, short length, char* output, short capacity, short* outputLength, ushort completion)
        => DriverConnect(handle, text, length, output, capacity, outputLength, wide: true);

    private static short DriverConnect(nint handle, void* text, short length, void* output, short capacity, short* outputLength, bool wide)
    {
        if (OdbcHandle.From<OdbcConnection>(handle) is not { } connection)
        {
            return SqlReturn.InvalidHandle;
        }

        connection.Enter();
        try
        {
            var connectionString = Text.Read(text, length, wide) ?? "";
            connection.Connect(connectionString);
            if (output is not null || outputLength is not null)
            {
                Text.Write(connectionString, output, capacity, outputLength, wide, connection.Diagnostics);
            }

            return connection.Diagnostics.Result;
        }
        catch (Exception failure)
        {
            return connection.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLConnect")]
    public static short Connect(nint handle, byte* dsn, short dsnLength, byte* user, short userLength, byte* password, short passwordLength)
        => Connect(handle, dsn, dsnLength, user, userLength, password, passwordLength, wide: false);

    [UnmanagedCallersOnly(EntryPoint = "SQLConnectW")]
    public static short ConnectW(nint handle, char* dsn, short dsnLength, char* user, short userLength, char* password, short passwordLength)
        => Connect(handle, dsn, dsnLength, user, userLength, password, passwordLength, wide: true);

    private static short Connect(nint handle, void* dsn, short dsnLength, void* user, short userLength, void* password, short passwordLength, bool wide)
    {
        if (OdbcHandle.From<OdbcConnection>(handle) is not { } connection)
        {
            return SqlReturn.InvalidHandle;
        }

        connection.Enter();
        try
        {
            static string Braced(string value) => "{" + value.Replace("}", "}}", StringComparison.Ordinal) + "}";
            var text = "DSN=" + Braced(Text.Read(dsn, dsnLength, wide) ?? "");
            if (Text.Read(user, userLength, wide) is { Length: > 0 } uid)
            {
                text += ";UID=" + Braced(uid);
            }

            if (Text.Read(password, passwordLength, wide) is { Length: > 0 } pwd)
            {
                text += ";PWD=" + Braced(pwd);
            }

            connection.Connect(text);
            return connection.Diagnostics.Result;
        }
        catch (Exception failure)
        {
            return connection.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLDisconnect")]
    public static short Disconnect(nint handle)
    {
        if (OdbcHandle.From<OdbcConnection>(handle) is not { } connection)
        {
            return SqlReturn.InvalidHandle;
        }

        connection.Enter();
        try
        {
            connection.Disconnect();
            return connection.Diagnostics.Result;
        }
        catch (Exception failure)
        {
            return connection.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLSetConnectAttr")]
    public static short SetConnectAttr(nint handle, int attribute, nint value, int length) => SetConnectAttr(handle, attribute, value, length, wide: false);

    [UnmanagedCallersOnly(EntryPoint = "SQLSetConnectAttrW")]
    public static short SetConnectAttrW(nint handle, int attribute, nint value, int length) => SetConnectAttr(handle, attribute, value, length, wide: true);

    private static short SetConnectAttr(nint handle, int attribute, nint value, int length, bool wide)
    {
        if (OdbcHandle.From<OdbcConnection>(handle) is not { } connection)
        {
            return SqlReturn.InvalidHandle;
        }

        connection.Enter();
        try
        {
            var text = attribute == 109 ? Text.Read((void*)value, wide && length > 0 ? length / 2 : length, wide) : null;
            connection.SetAttribute(attribute, value, text);
            return connection.Diagnostics.Result;
        }
        catch (Exception failure)
        {
            return connection.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLGetConnectAttr")]
    public static short GetConnectAttr(nint handle, int attribute, void* value, int capacity, int* length) => GetConnectAttr(handle, attribute, value, capacity, length, wide: false);

    [UnmanagedCallersOnly(EntryPoint = "SQLGetConnectAttrW")]
    public static short GetConnectAttrW(nint handle, int attribute, void* value, int capacity, int* length) => GetConnectAttr(handle, attribute, value, capacity, length, wide: true);

    private static short GetConnectAttr(nint handle, int attribute, void* value, int capacity, int* length, bool wide)
    {
        if (OdbcHandle.From<OdbcConnection>(handle) is not { } connection)
        {
            return SqlReturn.InvalidHandle;
        }

        connection.Enter();
        try
        {
            switch (connection.GetAttribute(attribute))
            {
                case string text:
                    Text.WriteBytes(text, value, capacity, length, wide, connection.Diagnostics);
                    break;
                case int number:
                    if (value is not null)
                    {
                        *(uint*)value = (uint)number;
                    }

                    if (length is not null)
                    {
                        *length = sizeof(uint);
                    }

                    break;
            }

            return connection.Diagnostics.Result;
        }
        catch (Exception failure)
        {
            return connection.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLGetInfo")]
    public static short GetInfo(nint handle, ushort type, void* value, short capacity, short* length) => GetInfo(handle, type, value, capacity, length, wide: false);

    [UnmanagedCallersOnly(EntryPoint = "SQLGetInfoW")]
    public static short GetInfoW(nint handle, ushort type, void* value, short capacity, short* length) => GetInfo(handle, type, value, capacity, length, wide: true);

    private static short GetInfo(nint handle, ushort type, void* value, short capacity, short* length, bool wide)
    {
        if (OdbcHandle.From<OdbcConnection>(handle) is not { } connection)
        {
            return SqlReturn.InvalidHandle;
        }

        connection.Enter();
        try
        {
            switch (InfoValues.Get(type, connection))
            {
                case string text:
                    int bytes;
                    Text.WriteBytes(text, value, capacity, &bytes, wide, connection.Diagnostics);
                    if (length is not null)
                    {
                        *length = (short)Math.Min(bytes, short.MaxValue);
                    }

                    break;
                case ushort small:
                    if (value is not null)
                    {
                        *(ushort*)value = small;
                    }

                    if (length is not null)
                    {
                        *length = sizeof(ushort);
                    }

                    break;
                case uint number:
                    if (value is not null)
                    {
                        *(uint*)value = number;
                    }

                    if (length is not null)
                    {
                        *length = sizeof(uint);
                    }

                    break;
                default:
                    throw new OdbcException("HY096", $"Information type {type} is not one this driver answers.");
            }

            return connection.Diagnostics.Result;
        }
        catch (Exception failure)
        {
            return connection.Diagnostics.Fail(failure);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLGetFunctions")]
    public static short GetFunctions(nint handle, ushort function, ushort* supported)
    {
        if (OdbcHandle.From<OdbcConnection>(handle) is not { } connection)
        {
            return SqlReturn.InvalidHandle;
        }

        connection.Enter();
        if (supported is null)
        {
            return SqlReturn.Error;
        }

        switch (function)
        {
            case 999: // SQL_API_ODBC3_ALL_FUNCTIONS: a 250 x 16-bit bitmap
                new Span<ushort>(supported, 250).Clear();
                foreach (var id in Functions.Implemented)
                {
                    supported[id >> 4] |= (ushort)(1 << (id & 0xF));
                }

                break;
            case 0: // SQL_API_ALL_FUNCTIONS (ODBC 2): 100 flags
                new Span<ushort>(supported, 100).Clear();
                foreach (var id in Functions.Implemented.Where(id => id < 100))
                {
                    supported[id] = 1;
                }

                break;
            default:
                *supported = Functions.Implemented.Contains(function) ? (ushort)1 : (ushort)0;
                break;
        }

        return SqlReturn.Success;
    }

    [UnmanagedCallersOnly(EntryPoint = "SQLNativeSql")]
    public static short NativeSql(nint handle, byte* text, int length, byte* output, int capacity, int* outputLength) => NativeSql(handle, text, length, output, capacity, outputLength, wide: false);

    [UnmanagedCallersOnly(EntryPoint = "SQLNativeSqlW")]
    public static short NativeSqlW(nint handle, char* text, int length, char* output, int capacity, int* outputLength) => NativeSql(handle, text, length, output, capacity, outputLength, wide: true);

    private static short NativeSql(nint handle, void* text, int length, void* output, int capacity, int* outputLength, bool wide)
    {
        if (OdbcHandle.From<OdbcConnection>(handle) is not { } connection)
        {
            return SqlReturn.InvalidHandle;
        }

        connection.Enter();
        try
        {
            var translated = EscapeSequences.Translate(Text.Read(text, length, wide) ?? throw new OdbcException("HY009", "The statement text is NULL."));
            var (full, truncated) = Text.Write(translated, output, capacity, wide);
            if (outputLength is not null)
            {
                *outputLength = full;
            }

            if (truncated && output is not null)
            {
                connection.Diagnostics.Warn("01004", "String data, right truncated.");
            }

            return connection.Diagnostics.Result;
        }
        catch (Exception failure)
        {
            return connection.Diagnostics.Fail(failure);
        }
    }
}

/// <summary>The ODBC functions this driver exports (SQL_API_* numbers), as SQLGetFunctions reports them.</summary>
internal static class Functions
{
    public static readonly HashSet<ushort> Implemented =
    [
        4, 5, 6, 7, 8, 9, 11, 12, 13, 16, 18, 19, 20, // SQLBindCol ... SQLRowCount (ODBC 1 core)
        40, 41, 43, 44, 45, 47, 48, 49, 52, 53, 54, 56, 58, 60, 61, 62, 63, 65, 66, 67, 70, 72, // SQLColumns ... SQLBindParameter
        1001, 1003, 1004, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1014, 1016, 1017, 1018, 1019, 1020, 1021, // SQLAllocHandle ... SQLFetchScroll
    ];
}
