using System.Runtime.InteropServices;
using Apache.Arrow.C;
using Quiver.Adbc.Exports;
using Quiver.Adbc.Native;

namespace Quiver.Adbc;

/// <summary>
/// The library's entry points: AdbcDriverInit (what driver managers look for) and QuiverDriverInit (the name derived
/// from the library's, which managers try too). Revisions 1.1.0 and 1.0.0 are served; for any other the answer is
/// NOT_IMPLEMENTED, so a manager retries with one of those.
/// </summary>
internal static unsafe class DriverEntry
{
    public const int Version100 = 1_000_000;
    public const int Version110 = 1_001_000;

    [UnmanagedCallersOnly(EntryPoint = "AdbcDriverInit")]
    public static AdbcStatus AdbcDriverInit(int version, void* driver, AdbcError* error) => Init(version, (AdbcDriver*)driver, error);

    [UnmanagedCallersOnly(EntryPoint = "QuiverDriverInit")]
    public static AdbcStatus QuiverDriverInit(int version, void* driver, AdbcError* error) => Init(version, (AdbcDriver*)driver, error);

    private static AdbcStatus Init(int version, AdbcDriver* driver, AdbcError* error)
    {
        if (version is not (Version100 or Version110))
        {
            return ErrorWriter.Fail(error, AdbcException.NotImplemented($"ADBC revision {version} is not supported; this driver serves 1.1.0 ({Version110}) and 1.0.0 ({Version100})."));
        }

        if (driver is null)
        {
            return ErrorWriter.Fail(error, AdbcException.InvalidArgument("The driver struct must not be NULL."));
        }

        // Only the part of the struct the caller's revision has is written.
        var size = version == Version110 ? sizeof(AdbcDriver) : (int)Marshal.OffsetOf<AdbcDriver>(nameof(AdbcDriver.ErrorGetDetailCount));
        new Span<byte>(driver, size).Clear();
        driver->Release = &Release;
        driver->DatabaseInit = &DatabaseExports.Init;
        driver->DatabaseNew = &DatabaseExports.New;
        driver->DatabaseSetOption = &DatabaseExports.SetOption;
        driver->DatabaseRelease = &DatabaseExports.Release;
        driver->ConnectionCommit = &ConnectionExports.Commit;
        driver->ConnectionGetInfo = &ConnectionExports.GetInfo;
        driver->ConnectionGetObjects = &ConnectionExports.GetObjects;
        driver->ConnectionGetTableSchema = &ConnectionExports.GetTableSchema;
        driver->ConnectionGetTableTypes = &ConnectionExports.GetTableTypes;
        driver->ConnectionInit = &ConnectionExports.Init;
        driver->ConnectionNew = &ConnectionExports.New;
        driver->ConnectionSetOption = &ConnectionExports.SetOption;
        driver->ConnectionReadPartition = &ConnectionExports.ReadPartition;
        driver->ConnectionRelease = &ConnectionExports.Release;
        driver->ConnectionRollback = &ConnectionExports.Rollback;
        driver->StatementBind = &StatementExports.Bind;
        driver->StatementBindStream = &StatementExports.BindStream;
        driver->StatementExecuteQuery = &StatementExports.ExecuteQuery;
        driver->StatementExecutePartitions = &StatementExports.ExecutePartitions;
        driver->StatementGetParameterSchema = &StatementExports.GetParameterSchema;
        driver->StatementNew = &StatementExports.New;
        driver->StatementPrepare = &StatementExports.Prepare;
        driver->StatementRelease = &StatementExports.Release;
        driver->StatementSetOption = &StatementExports.SetOption;
        driver->StatementSetSqlQuery = &StatementExports.SetSqlQuery;
        driver->StatementSetSubstraitPlan = &StatementExports.SetSubstraitPlan;
        if (version == Version100)
        {
            return AdbcStatus.Ok;
        }

        driver->ErrorGetDetailCount = &ErrorGetDetailCount;
        driver->ErrorGetDetail = &ErrorGetDetail;
        driver->ErrorFromArrayStream = &ErrorFromArrayStream;
        driver->DatabaseGetOption = &DatabaseExports.GetOption;
        driver->DatabaseGetOptionBytes = &DatabaseExports.GetOptionBytes;
        driver->DatabaseGetOptionDouble = &DatabaseExports.GetOptionDouble;
        driver->DatabaseGetOptionInt = &DatabaseExports.GetOptionInt;
        driver->DatabaseSetOptionBytes = &DatabaseExports.SetOptionBytes;
        driver->DatabaseSetOptionDouble = &DatabaseExports.SetOptionDouble;
        driver->DatabaseSetOptionInt = &DatabaseExports.SetOptionInt;
        driver->ConnectionCancel = &ConnectionExports.Cancel;
        driver->ConnectionGetOption = &ConnectionExports.GetOption;
        driver->ConnectionGetOptionBytes = &ConnectionExports.GetOptionBytes;
        driver->ConnectionGetOptionDouble = &ConnectionExports.GetOptionDouble;
        driver->ConnectionGetOptionInt = &ConnectionExports.GetOptionInt;
        driver->ConnectionGetStatistics = &ConnectionExports.GetStatistics;
        driver->ConnectionGetStatisticNames = &ConnectionExports.GetStatisticNames;
        driver->ConnectionSetOptionBytes = &ConnectionExports.SetOptionBytes;
        driver->ConnectionSetOptionDouble = &ConnectionExports.SetOptionDouble;
        driver->ConnectionSetOptionInt = &ConnectionExports.SetOptionInt;
        driver->StatementCancel = &StatementExports.Cancel;
        driver->StatementExecuteSchema = &StatementExports.ExecuteSchema;
        driver->StatementGetOption = &StatementExports.GetOption;
        driver->StatementGetOptionBytes = &StatementExports.GetOptionBytes;
        driver->StatementGetOptionDouble = &StatementExports.GetOptionDouble;
        driver->StatementGetOptionInt = &StatementExports.GetOptionInt;
        driver->StatementSetOptionBytes = &StatementExports.SetOptionBytes;
        driver->StatementSetOptionDouble = &StatementExports.SetOptionDouble;
        driver->StatementSetOptionInt = &StatementExports.SetOptionInt;
        return AdbcStatus.Ok;
    }

    [UnmanagedCallersOnly]
    private static AdbcStatus Release(AdbcDriver* driver, AdbcError* error)
    {
        if (driver is not null)
        {
            driver->PrivateData = null;
        }

        return AdbcStatus.Ok;
    }

    // Errors carry their message and SQLSTATE; there are no further details. A stream's failure is kept by the stream.
    [UnmanagedCallersOnly]
    private static int ErrorGetDetailCount(AdbcError* error) => 0;

    [UnmanagedCallersOnly]
    private static AdbcErrorDetail ErrorGetDetail(AdbcError* error, int index) => default;

    [UnmanagedCallersOnly]
    private static AdbcError* ErrorFromArrayStream(CArrowArrayStream* stream, AdbcStatus* status) => ArrayStreamExport.ErrorOf(stream, status);
}
