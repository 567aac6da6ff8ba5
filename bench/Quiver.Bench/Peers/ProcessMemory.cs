using System.Globalization;

namespace Quiver.Bench.Peers;

/// <summary>Linux process memory figures read from /proc, in bytes.</summary>
internal static class ProcessMemory
{
    /// <summary>Resident set size now.</summary>
    public static long Resident(int pid) => Field($"/proc/{pid}/status", "VmRSS:");

    /// <summary>Peak resident set size since the process started or since <see cref="ResetPeak"/>.</summary>
    public static long PeakResident(int pid) => Field($"/proc/{pid}/status", "VmHWM:");

    /// <summary>Proportional set size: resident memory with each shared page divided among the processes that map it.</summary>
    public static long Proportional(int pid) => Field($"/proc/{pid}/smaps_rollup", "Pss:");

    /// <summary>The parent process's id.</summary>
    public static int Parent(int pid) => (int)(Field($"/proc/{pid}/status", "PPid:", unit: 1));

    /// <summary>Starts a new peak (Linux "clear_refs" value 5 resets VmHWM to the current RSS).</summary>
    public static void ResetPeak(int pid) => File.WriteAllText($"/proc/{pid}/clear_refs", "5");

    private static long Field(string path, string name, long unit = 1024)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(name, StringComparison.Ordinal))
            {
                var kilobytes = line[name.Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * unit;
            }
        }

        throw new InvalidOperationException($"{path} has no {name} line.");
    }
}
