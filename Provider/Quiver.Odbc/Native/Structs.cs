using System.Runtime.InteropServices;

namespace Quiver.Odbc.Native;

// The C structures of sqltypes.h that values are written into and read from.

[StructLayout(LayoutKind.Sequential)]
internal struct SqlDate
{
    public short Year;
    public ushort Month;
    public ushort Day;
}

[StructLayout(LayoutKind.Sequential)]
internal struct SqlTime
{
    public ushort Hour;
    public ushort Minute;
    public ushort Second;
}

[StructLayout(LayoutKind.Sequential)]
internal struct SqlTimestamp
{
    public short Year;
    public ushort Month;
    public ushort Day;
    public ushort Hour;
    public ushort Minute;
    public ushort Second;
    public uint Fraction;
}

/// <summary>SQL_NUMERIC_STRUCT: the unscaled magnitude little-endian in 16 bytes; sign 1 is positive, 0 negative.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SqlNumeric
{
    public byte Precision;
    public sbyte Scale;
    public byte Sign;
    public fixed byte Value[16];
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SqlGuid
{
    public uint Data1;
    public ushort Data2;
    public ushort Data3;
    public fixed byte Data4[8];
}
