using System.Globalization;

namespace Quiver.Bench;

/// <summary>A process's CPU time from /proc/PID/stat: user + system, in seconds (Linux clock ticks of 1/100 s).</summary>
internal static class ProcessCpu
{
    private const double TicksPerSecond = 100;

    public static double Seconds(int pid)
    {
        // The command name (field 2) is in parentheses and may hold spaces: the fields are counted after its ')'.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 and 15 (utime, stime) of the whole line are 12 and 13 after the name.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}
