using System.Runtime.InteropServices;

namespace Quiver.DuckDb;

/// <summary>DuckDB's INTERVAL: months, days and microseconds, kept apart because their lengths vary.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct DuckDbInterval(int Months, int Days, long Micros);

/// <summary>One LIST entry: where its elements start in the child vector, and how many there are.</summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct DuckDbListEntry(ulong Offset, ulong Length);
