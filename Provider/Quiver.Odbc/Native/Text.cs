using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;

namespace Quiver.Odbc.Native;

/// <summary>
/// Strings across the driver's ABI: narrow (SQLCHAR, taken as UTF-8) and wide (SQLWCHAR, UTF-16) forms, lengths in
/// bytes or characters or SQL_NTS, and outputs that are truncated to the buffer with their full length reported.
/// </summary>
internal static unsafe class Text
{
    public static string? Read(byte* text, int length)
    {
        if (text is null)
        {
            return null;
        }

        if (length == SqlLength.Nts)
        {
            return Marshal.PtrToStringUTF8((nint)text);
        }

        return length < 0
            ? throw OdbcException.InvalidBufferLength($"The string length {length} is neither a length nor SQL_NTS.")
            : Encoding.UTF8.GetString(text, length);
    }

    public static string? Read(char* text, int length)
    {
        if (text is null)
        {
            return null;
        }

        if (length == SqlLength.Nts)
        {
            return new string(text);
        }

        return length < 0
            ? throw OdbcException.InvalidBufferLength($"The string length {length} is neither a length nor SQL_NTS.")
            : new string(text, 0, length);
    }

    /// <summary>A narrow or wide input string by the form of the function called.</summary>
    public static string? Read(void* text, int length, bool wide) => wide ? Read((char*)text, length) : Read((byte*)text, length);

    /// <summary>
    /// Writes the value and a NUL into a buffer of <paramref name="capacity"/> units (bytes when narrow, characters when
    /// wide), cut at a character boundary when it does not fit. Returns the full length in units and whether it was cut.
    /// </summary>
    public static (int Length, bool Truncated) Write(string value, void* buffer, int capacity, bool wide)
    {
        if (wide)
        {
            if (buffer is not null && capacity > 0)
            {
                var count = Math.Min(value.Length, capacity - 1);
                if (count > 0 && count < value.Length && char.IsHighSurrogate(value[count - 1]))
                {
                    count--;
                }

                value.AsSpan(0, count).CopyTo(new Span<char>(buffer, count));
                ((char*)buffer)[count] = '\0';
            }

            return (value.Length, value.Length >= capacity);
        }

        var bytes = Encoding.UTF8.GetByteCount(value);
        if (buffer is not null && capacity > 0)
        {
            var target = new Span<byte>(buffer, capacity);
            var written = Utf8Prefix(value, target[..(capacity - 1)]);
            target[written] = 0;
        }

        return (bytes, bytes >= capacity);
    }

    /// <summary>Write for an output length of SQLSMALLINT; records 01004 on the handle when cut.</summary>
    public static void Write(string value, void* buffer, int capacity, short* length, bool wide, Diagnostics diagnostics)
    {
        var (full, truncated) = Write(value, buffer, capacity, wide);
        if (length is not null)
        {
            *length = (short)Math.Min(full, short.MaxValue);
        }

        if (truncated && buffer is not null)
        {
            diagnostics.Warn("01004", "String data, right truncated.");
        }
    }

    /// <summary>Write for a buffer measured in bytes also when wide (SQLGetInfoW, SQLColAttributeW, attributes).</summary>
    public static void WriteBytes(string value, void* buffer, int bytes, int* lengthInBytes, bool wide, Diagnostics diagnostics)
    {
        var unit = wide ? 2 : 1;
        var (full, truncated) = Write(value, buffer, bytes / unit, wide);
        if (lengthInBytes is not null)
        {
            *lengthInBytes = full * unit;
        }

        if (truncated && buffer is not null)
        {
            diagnostics.Warn("01004", "String data, right truncated.");
        }
    }

    /// <summary>The longest prefix of the UTF-8 form of <paramref name="value"/> that fits, ending on a character.</summary>
    private static int Utf8Prefix(string value, Span<byte> target)
    {
        var status = Utf8.FromUtf16(value, target, out _, out var written, replaceInvalidSequences: true, isFinalBlock: true);
        return status == System.Buffers.OperationStatus.Done || status == System.Buffers.OperationStatus.DestinationTooSmall ? written : 0;
    }
}
