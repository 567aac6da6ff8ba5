using System.Runtime.InteropServices;
using Quiver.Adbc.Native;

namespace Quiver.Adbc;

/// <summary>
/// The managed object behind an AdbcDatabase/Connection/Statement's private_data (a GCHandle), and a count of the
/// live ones and of unreleased error messages, streams and batches, so tests can check that releasing everything frees
/// everything, including what LeakSanitizer cannot judge (objects on NativeAOT's managed heap).
/// </summary>
internal static unsafe class Handles
{
    private static long _live;

    /// <summary>Objects created and error messages written, not yet released.</summary>
    public static long Live => Interlocked.Read(ref _live);

    public static void Allocated() => Interlocked.Increment(ref _live);

    public static void Freed() => Interlocked.Decrement(ref _live);

    public static void Attach(AdbcHandle* handle, object target)
    {
        if (handle is null)
        {
            throw AdbcException.InvalidArgument("The handle must not be NULL.");
        }

        if (handle->PrivateData is not null)
        {
            throw AdbcException.InvalidState("The handle is already initialized; release it first (or pass a zeroed struct).");
        }

        handle->PrivateData = (void*)GCHandle.ToIntPtr(GCHandle.Alloc(target));
        Interlocked.Increment(ref _live);
    }

    public static T Get<T>(AdbcHandle* handle)
        where T : class
    {
        if (handle is null || handle->PrivateData is null)
        {
            throw AdbcException.InvalidState($"The {Name<T>()} is not initialized (call its New function first) or was released.");
        }

        return GCHandle.FromIntPtr((nint)handle->PrivateData).Target as T
            ?? throw AdbcException.InvalidArgument($"The handle is not a {Name<T>()}.");
    }

    /// <summary>Detaches and returns the object (the caller disposes it); the handle is zeroed.</summary>
    public static T Detach<T>(AdbcHandle* handle)
        where T : class
    {
        var target = Get<T>(handle);
        GCHandle.FromIntPtr((nint)handle->PrivateData).Free();
        handle->PrivateData = null;
        Interlocked.Decrement(ref _live);
        return target;
    }

    private static string Name<T>() => typeof(T).Name.Replace("Quiver", "", StringComparison.Ordinal);
}
