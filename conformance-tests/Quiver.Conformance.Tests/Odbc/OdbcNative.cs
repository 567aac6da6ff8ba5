using System.Runtime.InteropServices;

namespace Quiver.Conformance.Tests.Odbc;

/// <summary>
/// unixODBC's driver manager (libodbc) called directly, for what System.Data.Odbc never does: block cursors, buffers
/// too small, bad arguments, parameter arrays and data at execution. Strings are UTF-16 (unixODBC's SQLWCHAR).
/// </summary>
internal static unsafe partial class OdbcNative
{
    private const string Library = "libodbc.so.2";
    public const short Success = 0;
    public const short SuccessWithInfo = 1;
    public const short NeedData = 99;
    public const short NoData = 100;
    public const short Error = -1;
    public const int Nts = -3;

    [DllImport(Library)] public static extern short SQLAllocHandle(short type, nint input, out nint output);
    [DllImport(Library)] public static extern short SQLFreeHandle(short type, nint handle);
    [DllImport(Library)] public static extern short SQLSetEnvAttr(nint env, int attribute, nint value, int length);
    [DllImport(Library, CharSet = CharSet.Unicode)] public static extern short SQLDriverConnectW(nint dbc, nint window, string text, short length, char* output, short capacity, out short outputLength, ushort completion);
    [DllImport(Library)] public static extern short SQLDisconnect(nint dbc);
    [DllImport(Library, CharSet = CharSet.Unicode)] public static extern short SQLExecDirectW(nint stmt, string text, int length);
    [DllImport(Library, CharSet = CharSet.Unicode)] public static extern short SQLPrepareW(nint stmt, string text, int length);
    [DllImport(Library)] public static extern short SQLExecute(nint stmt);
    [DllImport(Library)] public static extern short SQLBindCol(nint stmt, ushort column, short cType, void* data, nint length, nint* indicator);
    [DllImport(Library)] public static extern short SQLFetch(nint stmt);
    [DllImport(Library)] public static extern short SQLFetchScroll(nint stmt, short orientation, nint offset);
    [DllImport(Library)] public static extern short SQLGetData(nint stmt, ushort column, short cType, void* data, nint length, nint* indicator);
    [DllImport(Library)] public static extern short SQLSetStmtAttrW(nint stmt, int attribute, nint value, int length);
    [DllImport(Library)] public static extern short SQLCloseCursor(nint stmt);
    [DllImport(Library)] public static extern short SQLFreeStmt(nint stmt, ushort option);
    [DllImport(Library)] public static extern short SQLRowCount(nint stmt, out nint count);
    [DllImport(Library)] public static extern short SQLMoreResults(nint stmt);
    [DllImport(Library)] public static extern short SQLNumResultCols(nint stmt, out short count);
    [DllImport(Library)] public static extern short SQLDescribeColW(nint stmt, ushort column, char* name, short capacity, out short nameLength, out short sqlType, out nuint size, out short digits, out short nullable);
    [DllImport(Library)] public static extern short SQLBindParameter(nint stmt, ushort number, short direction, short cType, short sqlType, nuint size, short digits, void* data, nint length, nint* indicator);
    [DllImport(Library)] public static extern short SQLParamData(nint stmt, out nint token);
    [DllImport(Library)] public static extern short SQLPutData(nint stmt, void* data, nint length);
    [DllImport(Library)] public static extern short SQLNumParams(nint stmt, out short count);
    [DllImport(Library)] public static extern short SQLDescribeParam(nint stmt, ushort number, out short sqlType, out nuint size, out short digits, out short nullable);
    [DllImport(Library, CharSet = CharSet.Unicode)] public static extern short SQLColumnsW(nint stmt, string? catalog, short catalogLength, string? schema, short schemaLength, string? table, short tableLength, string? column, short columnLength);
    [DllImport(Library, CharSet = CharSet.Unicode)] public static extern short SQLPrimaryKeysW(nint stmt, string? catalog, short catalogLength, string? schema, short schemaLength, string? table, short tableLength);
    [DllImport(Library, CharSet = CharSet.Unicode)] public static extern short SQLForeignKeysW(nint stmt, string? pkCatalog, short a, string? pkSchema, short b, string? pkTable, short c, string? fkCatalog, short d, string? fkSchema, short e, string? fkTable, short f);
    [DllImport(Library, CharSet = CharSet.Unicode)] public static extern short SQLSpecialColumnsW(nint stmt, ushort type, string? catalog, short a, string? schema, short b, string? table, short c, ushort scope, ushort nullable);
    [DllImport(Library)] public static extern short SQLGetInfoW(nint dbc, ushort type, void* value, short capacity, out short length);
    [DllImport(Library)] public static extern short SQLGetFunctions(nint dbc, ushort function, ushort* supported);
    [DllImport(Library)] public static extern short SQLGetDiagRecW(short type, nint handle, short record, char* state, out int native, char* message, short capacity, out short length);

    /// <summary>The first diagnostic record of a handle: SQLSTATE and message.</summary>
    public static (string State, string Message) Diagnostic(short type, nint handle)
    {
        var state = stackalloc char[6];
        var message = stackalloc char[1024];
        var rc = SQLGetDiagRecW(type, handle, 1, state, out _, message, 1024, out var length);
        return rc is Success or SuccessWithInfo ? (new string(state, 0, 5), new string(message, 0, Math.Min((int)length, 1023))) : ("", "");
    }
}

/// <summary>An environment, connection and statement through libodbc, freed together.</summary>
internal sealed unsafe class OdbcSession : IDisposable
{
    public nint Environment { get; }

    public nint Connection { get; }

    public nint Statement { get; private set; }

    public OdbcSession(string connectionString)
    {
        OdbcNative.SQLAllocHandle(1, 0, out var environment);
        Environment = environment;
        OdbcNative.SQLSetEnvAttr(environment, 200, 3, 0);
        OdbcNative.SQLAllocHandle(2, environment, out var connection);
        Connection = connection;
        var rc = OdbcNative.SQLDriverConnectW(connection, 0, connectionString, OdbcNative.Nts, null, 0, out _, 0);
        Assert.True(rc is OdbcNative.Success or OdbcNative.SuccessWithInfo, "SQLDriverConnectW: " + OdbcNative.Diagnostic(2, connection));
        Statement = NewStatement();
    }

    public nint NewStatement()
    {
        OdbcNative.SQLAllocHandle(3, Connection, out var statement);
        return statement;
    }

    /// <summary>Fails the test unless the call succeeded (with or without info).</summary>
    public void Ok(short rc, string what, nint? statement = null)
        => Assert.True(rc is OdbcNative.Success or OdbcNative.SuccessWithInfo, $"{what} returned {rc}: {OdbcNative.Diagnostic(3, statement ?? Statement)}");

    public void Exec(string sql) => Ok(OdbcNative.SQLExecDirectW(Statement, sql, OdbcNative.Nts), sql);

    public (string State, string Message) StatementDiagnostic => OdbcNative.Diagnostic(3, Statement);

    public void Dispose()
    {
        OdbcNative.SQLFreeHandle(3, Statement);
        OdbcNative.SQLDisconnect(Connection);
        OdbcNative.SQLFreeHandle(2, Connection);
        OdbcNative.SQLFreeHandle(1, Environment);
    }
}
