using System.Diagnostics;
using System.Reflection;

namespace Quiver.GrpcPeers;

/// <summary>Where the grpc-js scripts live, and how to start node on one.</summary>
internal static class NodePeer
{
    public static readonly string Directory = typeof(NodePeer).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "GrpcPeersDirectory").Value!;

    public static ProcessStartInfo StartInfo(string script, params string[] args)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(Directory, script));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }
}
