using System.Diagnostics;

namespace Quiver.GrpcPeers;

/// <summary>Ending the child processes tests start.</summary>
public static class ChildProcesses
{
    /// <summary>Kills the process and its children if still running, waits for it, and releases it.</summary>
    public static async Task KillAndDisposeAsync(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        finally
        {
            process.Dispose();
        }
    }
}
