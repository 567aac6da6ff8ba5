using System.Runtime.InteropServices;
using System.Text;
using Apache.Arrow.C;

namespace Quiver.Conformance.Tests.Adbc;

/// <summary>
/// libquiver_adbc called from C# through the function pointers its AdbcDriverInit fills in (the 1.1.0 AdbcDriver
/// struct read as an array of pointers, in adbc.h's order), to query and import the result through the C stream.
/// </summary>
public sealed unsafe class AdbcDriverFunctions : IDisposable
{
    // Positions in struct AdbcDriver (adbc.h): private_data, private_manager, release, then the functions in order.
    private const int DatabaseInit = 3, DatabaseNew = 4, DatabaseSetOption = 5, DatabaseRelease = 6;
    private const int ConnectionInit = 12, ConnectionNew = 13, ConnectionRelease = 16;
    private const int StatementExecuteQuery = 20, StatementNew = 23, StatementRelease = 25, StatementSetSqlQuery = 27;
    private const int DatabaseGetOptionInt = 35;
    private const int DriverSlots = 58;

    private readonly nint _library;
    private readonly nint* _driver;
    private readonly nint* _database;
    private readonly nint* _connection;

    public AdbcDriverFunctions(string library, string uri, string token)
    {
        _library = NativeLibrary.Load(library);
        _driver = (nint*)NativeMemory.AllocZeroed((nuint)(DriverSlots * sizeof(nint)));
        _database = (nint*)NativeMemory.AllocZeroed((nuint)(2 * sizeof(nint)));
        _connection = (nint*)NativeMemory.AllocZeroed((nuint)(2 * sizeof(nint)));
        var init = (delegate* unmanaged<int, void*, byte*, byte>)NativeLibrary.GetExport(_library, "AdbcDriverInit");
        Check(init(1_001_000, _driver, null), "AdbcDriverInit");
        Check(Fn<byte>(DatabaseNew, _database), "DatabaseNew");
        SetOption("uri", uri);
        SetOption("adbc.quiver.token", token);
        Check(Fn<byte>(DatabaseInit, _database), "DatabaseInit");
        Check(Fn<byte>(ConnectionNew, _connection), "ConnectionNew");
        Check(((delegate* unmanaged<void*, void*, byte*, byte>)_driver[ConnectionInit])(_connection, _database, null), "ConnectionInit");
    }

    /// <summary>Runs a query and returns its result as the C stream, imported by Apache.Arrow (the caller disposes it).</summary>
    public Apache.Arrow.Ipc.IArrowArrayStream Query(string sql)
    {
        var statement = (nint*)NativeMemory.AllocZeroed((nuint)(2 * sizeof(nint)));
        var stream = CArrowArrayStream.Create();
        try
        {
            Check(((delegate* unmanaged<void*, void*, byte*, byte>)_driver[StatementNew])(_connection, statement, null), "StatementNew");
            var text = Encoding.UTF8.GetBytes(sql + "\0");
            fixed (byte* query = text)
            {
                Check(((delegate* unmanaged<void*, byte*, byte*, byte>)_driver[StatementSetSqlQuery])(statement, query, null), "SetSqlQuery");
            }

            Check(((delegate* unmanaged<void*, CArrowArrayStream*, long*, byte*, byte>)_driver[StatementExecuteQuery])(statement, stream, null, null), "ExecuteQuery");
            return CArrowArrayStreamImporter.ImportArrayStream(stream);
        }
        finally
        {
            CArrowArrayStream.Free(stream);
            ((delegate* unmanaged<void*, byte*, byte>)_driver[StatementRelease])(statement, null);
            NativeMemory.Free(statement);
        }
    }

    /// <summary>The driver's count of its unreleased objects (adbc.quiver.live_objects).</summary>
    public long LiveObjects()
    {
        long live = -1;
        var key = Encoding.UTF8.GetBytes("adbc.quiver.live_objects\0");
        fixed (byte* name = key)
        {
            Check(((delegate* unmanaged<void*, byte*, long*, byte*, byte>)_driver[DatabaseGetOptionInt])(_database, name, &live, null), "GetOptionInt");
        }

        return live;
    }

    public void Dispose()
    {
        Fn<byte>(ConnectionRelease, _connection);
        Fn<byte>(DatabaseRelease, _database);
        NativeMemory.Free(_connection);
        NativeMemory.Free(_database);
        NativeMemory.Free(_driver);
    }

    private T Fn<T>(int slot, void* handle)
        where T : unmanaged
        => ((delegate* unmanaged<void*, byte*, T>)_driver[slot])(handle, null);

    private void SetOption(string key, string value)
    {
        var k = Encoding.UTF8.GetBytes(key + "\0");
        var v = Encoding.UTF8.GetBytes(value + "\0");
        fixed (byte* keyBytes = k)
        fixed (byte* valueBytes = v)
        {
            Check(((delegate* unmanaged<void*, byte*, byte*, byte*, byte>)_driver[DatabaseSetOption])(_database, keyBytes, valueBytes, null), "DatabaseSetOption " + key);
        }
    }

    private static void Check(byte status, string what) => Assert.True(status == 0, $"{what} returned ADBC status {status}");
}
