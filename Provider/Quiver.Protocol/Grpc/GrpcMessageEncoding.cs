using System.Text;

namespace Quiver.Protocol.Grpc;

/// <summary>
/// The grpc-message trailer's encoding (doc/PROTOCOL-HTTP2.md): UTF-8, with every byte outside printable ASCII
/// (0x20-0x7E) and '%' itself written as %XX.
/// </summary>
public static class GrpcMessageEncoding
{
    /// <summary>Percent-encodes a status message for the grpc-message header.</summary>
    public static string Encode(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var bytes = Encoding.UTF8.GetBytes(message);
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('%').Append(Convert.ToHexString([b]));
            }
        }

        return text.ToString();
    }

    /// <summary>Decodes a grpc-message header; malformed escapes are kept as they are, as the spec asks.</summary>
    public static string Decode(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (!encoded.Contains('%', StringComparison.Ordinal))
        {
            return encoded;
        }

        var bytes = new List<byte>(encoded.Length);
        var i = 0;
        while (i < encoded.Length)
        {
            if (encoded[i] == '%' && i + 2 < encoded.Length && char.IsAsciiHexDigit(encoded[i + 1]) && char.IsAsciiHexDigit(encoded[i + 2]))
            {
                bytes.Add(Convert.ToByte(encoded.Substring(i + 1, 2), 16));
                i += 3;
                continue;
            }

            // A run of plain text up to the next '%' (a '%' that starts no escape is plain text too).
            var next = encoded.IndexOf('%', i + 1);
            var end = next < 0 ? encoded.Length : next;
            bytes.AddRange(Encoding.UTF8.GetBytes(encoded[i..end]));
            i = end;
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }
}
