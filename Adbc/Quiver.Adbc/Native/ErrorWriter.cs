using System.Runtime.InteropServices;
using System.Text;

namespace Quiver.Adbc.Native;

/// <summary>Fills the caller's AdbcError (which it zero-initialised) with a failure and the release that frees it.</summary>
internal static unsafe class ErrorWriter
{
    public static AdbcStatus Fail(AdbcError* error, Exception failure)
    {
        var adbc = AdbcException.From(failure);
        if (error is null)
        {
            return adbc.Status;
        }

        if (error->Release is not null)
        {
            error->Release(error);
        }

        error->Message = Utf8.Allocate(adbc.Message);
        Handles.Allocated();
        // vendor_code stays INT32_MIN for a 1.1.0 caller (it marks the extended struct); a 1.0.0 caller gets 0.
        if (error->VendorCode != AdbcError.VendorCodePrivateData)
        {
            error->VendorCode = 0;
        }
        else
        {
            error->PrivateData = null;
            error->PrivateDriver = null;
        }

        var state = Encoding.ASCII.GetBytes(adbc.SqlState.Length == 5 ? adbc.SqlState : "\0\0\0\0\0");
        for (var i = 0; i < 5; i++)
        {
            error->SqlState[i] = state[i];
        }

        error->Release = &Release;
        return adbc.Status;
    }

    [UnmanagedCallersOnly]
    private static void Release(AdbcError* error)
    {
        if (error is null)
        {
            return;
        }

        if (error->Message is not null)
        {
            Utf8.Free(error->Message);
            Handles.Freed();
        }

        error->Message = null;
        error->Release = null;
    }
}
