namespace Quiver.Protocol.Grpc;

/// <summary>Header and trailer names of gRPC over HTTP/2 (doc/PROTOCOL-HTTP2.md) and Quiver's own metadata.</summary>
public static class GrpcHeaders
{
    /// <summary>The content type of every gRPC request and response (proto messages).</summary>
    public const string ContentType = "application/grpc";

    /// <summary>The status code, in trailers (or in the headers of a trailers-only response).</summary>
    public const string Status = "grpc-status";

    /// <summary>The percent-encoded status message.</summary>
    public const string Message = "grpc-message";

    /// <summary>The call's deadline as a relative timeout.</summary>
    public const string Timeout = "grpc-timeout";

    /// <summary>The compression of this side's messages.</summary>
    public const string Encoding = "grpc-encoding";

    /// <summary>The compressions this side accepts.</summary>
    public const string AcceptEncoding = "grpc-accept-encoding";

    /// <summary>Quiver's structured <see cref="V1.Error"/>, serialized and base64-encoded (a binary header).</summary>
    public const string ErrorDetail = "quiver-error-bin";

    /// <summary>True for <c>application/grpc</c> and its <c>+proto</c> / <c>;params</c> forms.</summary>
    public static bool IsGrpcContentType(string? contentType) =>
        contentType is not null
        && contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase)
        && (contentType.Length == ContentType.Length || contentType[ContentType.Length] is '+' or ';');

    /// <summary>Encodes a binary header value: base64 without padding, as the spec asks senders to write it.</summary>
    public static string EncodeBinary(ReadOnlySpan<byte> value) => Convert.ToBase64String(value).TrimEnd('=');

    /// <summary>Decodes a binary header value written with or without padding; null when it is not base64.</summary>
    public static byte[]? DecodeBinary(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var padded = value.Trim();
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        var bytes = new byte[padded.Length / 4 * 3];
        return Convert.TryFromBase64String(padded, bytes, out var written) ? bytes[..written] : null;
    }
}
