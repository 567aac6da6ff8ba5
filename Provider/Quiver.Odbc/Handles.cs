using System.Runtime.InteropServices;

namespace Quiver.Odbc;

/// <summary>
/// What every ODBC handle has: its diagnostics. The handle the driver manager holds is a GCHandle to the object; the
/// driver manager checks handles before calling the driver, so the driver only checks their kind.
/// </summary>
internal abstract class OdbcHandle
{
    public Diagnostics Diagnostics { get; } = new();

    public nint Pointer { get; private set; }

    /// <summary>Registers the object and returns its handle.</summary>
    public nint Allocate()
    {
        Pointer = GCHandle.ToIntPtr(GCHandle.Alloc(this));
        return Pointer;
    }

    public void ReleaseHandle()
    {
        if (Pointer != 0)
        {
            GCHandle.FromIntPtr(Pointer).Free();
            Pointer = 0;
        }
    }

    /// <summary>The object behind a handle, or null when the handle is NULL or of another kind.</summary>
    public static T? From<T>(nint handle)
        where T : OdbcHandle
        => handle == 0 ? null : GCHandle.FromIntPtr(handle).Target as T;

    /// <summary>Starts a function on this handle: its diagnostics are those of this call only.</summary>
    public void Enter() => Diagnostics.Clear();
}

/// <summary>An environment handle: the ODBC version the application declared.</summary>
internal sealed class OdbcEnvironment : OdbcHandle
{
    public int OdbcVersion { get; set; } = 3;

    public List<OdbcConnection> Connections { get; } = [];
}
