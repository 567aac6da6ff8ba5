using System.Runtime.InteropServices;
using Apache.Arrow.C;

namespace Quiver.Adbc.Native;

// The ADBC C ABI (apache/arrow-adbc c/include/arrow-adbc/adbc.h, revisions 1.0.0 and 1.1.0), declared field by field.

/// <summary>struct AdbcError. The last two fields exist only when the caller set vendor_code to INT32_MIN (1.1.0).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct AdbcError
{
    public const int VendorCodePrivateData = int.MinValue;

    public byte* Message;
    public int VendorCode;
    public fixed byte SqlState[5];
    public delegate* unmanaged<AdbcError*, void> Release;
    public void* PrivateData;
    public AdbcDriver* PrivateDriver;
}

/// <summary>struct AdbcErrorDetail (1.1.0).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct AdbcErrorDetail
{
    public byte* Key;
    public byte* Value;
    public nuint ValueLength;
}

/// <summary>struct AdbcDatabase, AdbcConnection and AdbcStatement share this layout.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct AdbcHandle
{
    public void* PrivateData;
    public AdbcDriver* PrivateDriver;
}

/// <summary>struct AdbcDriver: the 1.0.0 part, then what 1.1.0 added (written only when the caller asked for 1.1.0).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct AdbcDriver
{
    public void* PrivateData;
    public void* PrivateManager;
    public delegate* unmanaged<AdbcDriver*, AdbcError*, AdbcStatus> Release;

    public delegate* unmanaged<AdbcHandle*, AdbcError*, AdbcStatus> DatabaseInit;
    public delegate* unmanaged<AdbcHandle*, AdbcError*, AdbcStatus> DatabaseNew;
    public delegate* unmanaged<AdbcHandle*, byte*, byte*, AdbcError*, AdbcStatus> DatabaseSetOption;
    public delegate* unmanaged<AdbcHandle*, AdbcError*, AdbcStatus> DatabaseRelease;

    public delegate* unmanaged<AdbcHandle*, AdbcError*, AdbcStatus> ConnectionCommit;
    public delegate* unmanaged<AdbcHandle*, uint*, nuint, CArrowArrayStream*, AdbcError*, AdbcStatus> ConnectionGetInfo;
    public delegate* unmanaged<AdbcHandle*, int, byte*, byte*, byte*, byte**, byte*, CArrowArrayStream*, AdbcError*, AdbcStatus> ConnectionGetObjects;
    public delegate* unmanaged<AdbcHandle*, byte*, byte*, byte*, CArrowSchema*, AdbcError*, AdbcStatus> ConnectionGetTableSchema;
    public delegate* unmanaged<AdbcHandle*, CArrowArrayStream*, AdbcError*, AdbcStatus> ConnectionGetTableTypes;
    public delegate* unmanaged<AdbcHandle*, AdbcHandle*, AdbcError*, AdbcStatus> ConnectionInit;
    public delegate* unmanaged<AdbcHandle*, AdbcError*, AdbcStatus> ConnectionNew;
    public delegate* unmanaged<AdbcHandle*, byte*, byte*, AdbcError*, AdbcStatus> ConnectionSetOption;
    public delegate* unmanaged<AdbcHandle*, byte*, nuint, CArrowArrayStream*, AdbcError*, AdbcStatus> ConnectionReadPartition;
    public delegate* unmanaged<AdbcHandle*, AdbcError*, AdbcStatus> ConnectionRelease;
    public delegate* unmanaged<AdbcHandle*, AdbcError*, AdbcStatus> ConnectionRollback;

    public delegate* unmanaged<AdbcHandle*, CArrowArray*, CArrowSchema*, AdbcError*, AdbcStatus> StatementBind;
    public delegate* unmanaged<AdbcHandle*, CArrowArrayStream*, AdbcError*, AdbcStatus> StatementBindStream;
    public delegate* unmanaged<AdbcHandle*, CArrowArrayStream*, long*, AdbcError*, AdbcStatus> StatementExecuteQuery;
    public delegate* unmanaged<AdbcHandle*, CArrowSchema*, void*, long*, AdbcError*, AdbcStatus> StatementExecutePartitions;
    public delegate* unmanaged<AdbcHandle*, CArrowSchema*, AdbcError*, AdbcStatus> StatementGetParameterSchema;
    public delegate* unmanaged<AdbcHandle*, AdbcHandle*, AdbcError*, AdbcStatus> StatementNew;
    public delegate* unmanaged<AdbcHandle*, AdbcError*, AdbcStatus> StatementPrepare;
    public delegate* unmanaged<AdbcHandle*, AdbcError*, AdbcStatus> StatementRelease;
    public delegate* unmanaged<AdbcHandle*, byte*, byte*, AdbcError*, AdbcStatus> StatementSetOption;
    public delegate* unmanaged<AdbcHandle*, byte*, AdbcError*, AdbcStatus> StatementSetSqlQuery;
    public delegate* unmanaged<AdbcHandle*, byte*, nuint, AdbcError*, AdbcStatus> StatementSetSubstraitPlan;

    // 1.1.0
    public delegate* unmanaged<AdbcError*, int> ErrorGetDetailCount;
    public delegate* unmanaged<AdbcError*, int, AdbcErrorDetail> ErrorGetDetail;
    public delegate* unmanaged<CArrowArrayStream*, AdbcStatus*, AdbcError*> ErrorFromArrayStream;

    public delegate* unmanaged<AdbcHandle*, byte*, byte*, nuint*, AdbcError*, AdbcStatus> DatabaseGetOption;
    public delegate* unmanaged<AdbcHandle*, byte*, byte*, nuint*, AdbcError*, AdbcStatus> DatabaseGetOptionBytes;
    public delegate* unmanaged<AdbcHandle*, byte*, double*, AdbcError*, AdbcStatus> DatabaseGetOptionDouble;
    public delegate* unmanaged<AdbcHandle*, byte*, long*, AdbcError*, AdbcStatus> DatabaseGetOptionInt;
    public delegate* unmanaged<AdbcHandle*, byte*, byte*, nuint, AdbcError*, AdbcStatus> DatabaseSetOptionBytes;
    public delegate* unmanaged<AdbcHandle*, byte*, double, AdbcError*, AdbcStatus> DatabaseSetOptionDouble;
    public delegate* unmanaged<AdbcHandle*, byte*, long, AdbcError*, AdbcStatus> DatabaseSetOptionInt;

    public delegate* unmanaged<AdbcHandle*, AdbcError*, AdbcStatus> ConnectionCancel;
    public delegate* unmanaged<AdbcHandle*, byte*, byte*, nuint*, AdbcError*, AdbcStatus> ConnectionGetOption;
    public delegate* unmanaged<AdbcHandle*, byte*, byte*, nuint*, AdbcError*, AdbcStatus> ConnectionGetOptionBytes;
    public delegate* unmanaged<AdbcHandle*, byte*, double*, AdbcError*, AdbcStatus> ConnectionGetOptionDouble;
    public delegate* unmanaged<AdbcHandle*, byte*, long*, AdbcError*, AdbcStatus> ConnectionGetOptionInt;
    public delegate* unmanaged<AdbcHandle*, byte*, byte*, byte*, byte, CArrowArrayStream*, AdbcError*, AdbcStatus> ConnectionGetStatistics;
    public delegate* unmanaged<AdbcHandle*, CArrowArrayStream*, AdbcError*, AdbcStatus> ConnectionGetStatisticNames;
    public delegate* unmanaged<AdbcHandle*, byte*, byte*, nuint, AdbcError*, AdbcStatus> ConnectionSetOptionBytes;
    public delegate* unmanaged<AdbcHandle*, byte*, double, AdbcError*, AdbcStatus> ConnectionSetOptionDouble;
    public delegate* unmanaged<AdbcHandle*, byte*, long, AdbcError*, AdbcStatus> ConnectionSetOptionInt;

    public delegate* unmanaged<AdbcHandle*, AdbcError*, AdbcStatus> StatementCancel;
    public delegate* unmanaged<AdbcHandle*, CArrowSchema*, AdbcError*, AdbcStatus> StatementExecuteSchema;
    public delegate* unmanaged<AdbcHandle*, byte*, byte*, nuint*, AdbcError*, AdbcStatus> StatementGetOption;
    public delegate* unmanaged<AdbcHandle*, byte*, byte*, nuint*, AdbcError*, AdbcStatus> StatementGetOptionBytes;
    public delegate* unmanaged<AdbcHandle*, byte*, double*, AdbcError*, AdbcStatus> StatementGetOptionDouble;
    public delegate* unmanaged<AdbcHandle*, byte*, long*, AdbcError*, AdbcStatus> StatementGetOptionInt;
    public delegate* unmanaged<AdbcHandle*, byte*, byte*, nuint, AdbcError*, AdbcStatus> StatementSetOptionBytes;
    public delegate* unmanaged<AdbcHandle*, byte*, double, AdbcError*, AdbcStatus> StatementSetOptionDouble;
    public delegate* unmanaged<AdbcHandle*, byte*, long, AdbcError*, AdbcStatus> StatementSetOptionInt;
}
