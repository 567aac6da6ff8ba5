using System.Runtime.InteropServices;
using System.Text;

namespace Quiver.Adbc.Native;

/// <summary>UTF-8 strings across the ABI: read the caller's, allocate ours (freed by the release that owns them).</summary>
internal static unsafe class Utf8
{
    public static string? Read(byte* text) => text is null ? null : Marshal.PtrToStringUTF8((nint)text);

    public static string Required(byte* text, string what)
        => Read(text) ?? throw AdbcException.InvalidArgument($"{what} must not be NULL.");

    /// <summary>A NUL-terminated copy in native memory; free it with <see cref="Free"/>.</summary>
    public static byte* Allocate(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var bytes = (byte*)NativeMemory.Alloc((nuint)length + 1);
        Encoding.UTF8.GetBytes(text, new Span<byte>(bytes, length));
        bytes[length] = 0;
        return bytes;
    }

    public static void Free(byte* text) => NativeMemory.Free(text);

    /// <summary>
    /// GetOption's contract: copy the value with its NUL when it fits in *length bytes, and always set *length to the
    /// size the value needs.
    /// </summary>
    public static void CopyOut(string value, byte* buffer, nuint* length)
    {
        var bytes = Encoding.UTF8.GetBytes(value + "\0");
        CopyOut(bytes, buffer, length);
    }

    public static void CopyOut(ReadOnlySpan<byte> value, byte* buffer, nuint* length)
    {
        if (length is null)
        {
            throw AdbcException.InvalidArgument("length must not be NULL.");
        }

        if ((nuint)value.Length <= *length && buffer is not null)
        {
            value.CopyTo(new Span<byte>(buffer, value.Length));
        }

        *length = (nuint)value.Length;
    }
}
