using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Quiver.Protocol.V1;

namespace Quiver.Protocol.Grpc.Client;

/// <summary>One call on the wire: sends the request, reads length-prefixed responses, then the status in trailers.</summary>
internal sealed class GrpcClientCall<TResponse> : IGrpcResponseStream<TResponse>
    where TResponse : class, IMessage<TResponse>
{
    private readonly string _path;
    private readonly MessageParser<TResponse> _parser;
    private readonly int _maxReceiveMessageBytes;
    private readonly GrpcCallOptions _options;
    private readonly CancellationTokenSource _cancellation;
    private readonly byte[] _header = new byte[GrpcFraming.HeaderLength];
    private HttpResponseMessage? _response;
    private Stream? _body;
    private bool _gzip;
    private bool _done;

    public GrpcClientCall(string path, MessageParser<TResponse> parser, int maxReceiveMessageBytes, GrpcCallOptions options)
    {
        _path = path;
        _parser = parser;
        _maxReceiveMessageBytes = maxReceiveMessageBytes;
        _options = options;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
    }

    public TResponse Current { get; private set; } = null!;

    // Only the caller's token and the deadline cancel _cancellation. IsCancellationRequested is set before any
    // cancellation callback runs; a flag set from a callback raced the awaiting code (TaskCanceledException leaked out).
    private bool DeadlinePassed
        => _options.Deadline is not null && _cancellation.IsCancellationRequested && !_options.CancellationToken.IsCancellationRequested;

    public async Task SendAsync(HttpMessageInvoker http, HttpRequestMessage request)
    {
        if (_options.Deadline is { } deadline)
        {
            var left = deadline.ToUniversalTime() - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                _done = true;
                throw new GrpcStatusException(GrpcStatusCode.DeadlineExceeded, "Deadline Exceeded (before the call started)");
            }

            _cancellation.CancelAfter(left);
        }

        try
        {
            _response = await http.SendAsync(request, _cancellation.Token);
            if (_response.StatusCode != HttpStatusCode.OK)
            {
                throw new GrpcStatusException(
                    GrpcStatusMapping.FromHttpStatus(_response.StatusCode), $"{_path} got HTTP status {(int)_response.StatusCode} instead of a gRPC response.");
            }

            if (Header(_response.Headers, GrpcHeaders.Status) is not null)
            {
                // Trailers-only: the status came in the headers and there is no body.
                _done = true;
                ThrowIfNotOk(_response.Headers);
                return;
            }

            if (!GrpcHeaders.IsGrpcContentType(_response.Content.Headers.ContentType?.MediaType))
            {
                throw new GrpcStatusException(
                    GrpcStatusCode.Internal, $"{_path} answered with content-type '{_response.Content.Headers.ContentType}', not {GrpcHeaders.ContentType}.");
            }

            var encoding = Header(_response.Headers, GrpcHeaders.Encoding);
            if (!GrpcCompression.IsSupported(encoding))
            {
                throw new GrpcStatusException(GrpcStatusCode.Internal, $"{_path} answered with unsupported grpc-encoding '{encoding}'.");
            }

            _gzip = encoding == GrpcCompression.Gzip;
            _body = await _response.Content.ReadAsStreamAsync(_cancellation.Token);
        }
        catch (Exception error)
        {
            await DisposeAsync();
            throw GrpcStatusMapping.Translate(error, _path, _options.CancellationToken, DeadlinePassed);
        }
    }

    public async ValueTask<bool> MoveNextAsync()
    {
        if (_done)
        {
            return false;
        }

        try
        {
            var headerBytes = await _body!.ReadAtLeastAsync(_header, _header.Length, throwOnEndOfStream: false, _cancellation.Token);
            if (headerBytes == 0)
            {
                _done = true;
                ThrowIfNotOk(_response!.TrailingHeaders);
                return false;
            }

            if (headerBytes < _header.Length)
            {
                throw new GrpcStatusException(GrpcStatusCode.Internal, $"The response of {_path} ended in the middle of a message header.");
            }

            var length = GrpcFraming.ReadHeader(_header, _maxReceiveMessageBytes, out var compressed);
            // One pooled buffer per message, returned before the next: the only allocation left is the parsed message.
            var buffer = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                if (await _body.ReadAtLeastAsync(buffer.AsMemory(0, length), length, throwOnEndOfStream: false, _cancellation.Token) < length)
                {
                    throw new GrpcStatusException(GrpcStatusCode.Internal, $"The response of {_path} ended in the middle of a message.");
                }

                Current = Parse(new ReadOnlySequence<byte>(buffer, 0, length), compressed);
                return true;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch (Exception error)
        {
            _done = true;
            await DisposeAsync();
            throw GrpcStatusMapping.Translate(error, _path, _options.CancellationToken, DeadlinePassed);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Disposing the response stream before its end resets it (RST_STREAM CANCEL): the server sees the call cancelled.
        if (_body is not null)
        {
            await _body.DisposeAsync();
            _body = null;
        }

        _response?.Dispose();
        _cancellation.Dispose();
    }

    private TResponse Parse(ReadOnlySequence<byte> payload, bool compressed)
    {
        if (compressed && !_gzip)
        {
            throw new GrpcStatusException(GrpcStatusCode.Internal, $"A response message of {_path} is flagged compressed but no grpc-encoding was announced.");
        }

        try
        {
            return compressed ? _parser.ParseFrom(GrpcCompression.Decompress(payload, _maxReceiveMessageBytes)) : _parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException error)
        {
            throw new GrpcStatusException(GrpcStatusCode.Internal, $"Could not parse a response message of {_path}: {error.Message}", innerException: error);
        }
    }

    private void ThrowIfNotOk(HttpHeaders trailers)
    {
        var statusText = Header(trailers, GrpcHeaders.Status);
        if (statusText is null)
        {
            throw new GrpcStatusException(GrpcStatusCode.Internal, $"The response of {_path} ended without a grpc-status.");
        }

        if (!int.TryParse(statusText, NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new GrpcStatusException(GrpcStatusCode.Internal, $"The response of {_path} has a malformed grpc-status '{statusText}'.");
        }

        if (status == (int)GrpcStatusCode.OK)
        {
            return;
        }

        var message = GrpcMessageEncoding.Decode(Header(trailers, GrpcHeaders.Message) ?? "");
        Error? error = null;
        if (Header(trailers, GrpcHeaders.ErrorDetail) is { } detail && GrpcHeaders.DecodeBinary(detail) is { } bytes)
        {
            try
            {
                error = Error.Parser.ParseFrom(bytes);
            }
            catch (InvalidProtocolBufferException)
            {
                // A malformed detail does not hide the status itself.
            }
        }

        throw new GrpcStatusException((GrpcStatusCode)status, message, error);
    }

    private static string? Header(HttpHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) ? values.ToString() : null;
}
