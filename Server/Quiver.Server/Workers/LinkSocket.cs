using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using Google.Protobuf;

namespace Quiver.Server.Workers;

/// <summary>
/// One connection of the engine link (<see cref="EngineLink"/>), read and written with blocking socket calls. One thread
/// reads and one writes at a time (they may be different threads). A frame read stays valid until the next read.
/// Disposing it from any thread ends a read or write under way with an <see cref="IOException"/>.
/// Frames bigger than the usual buffer (result batches, about 1 MiB) are read into and written from buffers of the
/// pool, sized once per frame: a new array per batch (zeroed, on the large object heap) and a writer that doubled its
/// way up to each batch cost the relayed W1 scan a quarter of its rows/s (bench engine-process, 2026-12-04-2118).
/// A buffer is not handed back when the socket is disposed, since a read or write on another thread may still hold it.
/// </summary>
internal sealed class LinkSocket : IDisposable
{
    private const int BufferBytes = 64 * 1024;

    // Written frames are kept this big at most between calls; a larger one's buffer is let go after it is sent.
    private const int KeptOutputBytes = 1024 * 1024;
    private readonly Socket _socket;
    private byte[] _input = ArrayPool<byte>.Shared.Rent(BufferBytes);
    private int _start;
    private int _end;
    private int _payloadStart;
    private bool _frameHasOwnBuffer;
    private byte[] _output = ArrayPool<byte>.Shared.Rent(BufferBytes);
    private int _written;
    private int _closed;

    public LinkSocket(Socket socket, int maxPayloadBytes)
    {
        _socket = socket;
        MaxPayloadBytes = maxPayloadBytes;
    }

    /// <summary>The largest frame payload this end accepts; a larger one is an <see cref="InvalidDataException"/>.</summary>
    public int MaxPayloadBytes { get; set; }

    public bool Closed => Volatile.Read(ref _closed) != 0;

    /// <summary>The next frame, or null when the other side closed the connection between frames.</summary>
    public (LinkFrame Kind, ReadOnlyMemory<byte> Payload)? Read()
    {
        if (!Fill(EngineLink.HeaderBytes))
        {
            return null;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(_input.AsSpan(_start));
        if (length < 0 || length > MaxPayloadBytes)
        {
            throw new InvalidDataException($"An engine link frame of {length} bytes exceeds the limit of {MaxPayloadBytes}.");
        }

        if (!Fill(EngineLink.HeaderBytes + length))
        {
            throw new IOException("The engine link closed in the middle of a frame.");
        }

        var kind = (LinkFrame)_input[_start + 4];
        _payloadStart = _start + EngineLink.HeaderBytes;
        _frameHasOwnBuffer = EngineLink.HeaderBytes + length > BufferBytes;
        var payload = _input.AsMemory(_payloadStart, length);
        _start += EngineLink.HeaderBytes + length;
        return (kind, payload);
    }

    /// <summary>
    /// The buffer of the pool that holds the frame just read, and where its payload starts, when that frame was too big
    /// for the usual buffer: it is then the caller's to give back to <see cref="ArrayPool{T}.Shared"/>, and the frame
    /// need not be copied. Null otherwise.
    /// </summary>
    public (byte[] Buffer, int PayloadStart)? TakeFrameBuffer()
    {
        // A small frame may sit in a big buffer too (one that held a big frame and the frames after it): that one
        // stays, since it may hold more frames than this one.
        if (!_frameHasOwnBuffer)
        {
            return null;
        }

        // What arrived after the frame moves to a usual buffer.
        _frameHasOwnBuffer = false;
        var taken = (_input, _payloadStart);
        var usual = ArrayPool<byte>.Shared.Rent(Math.Max(BufferBytes, _end - _start));
        _input.AsSpan(_start, _end - _start).CopyTo(usual);
        _input = usual;
        _end -= _start;
        _start = 0;
        return taken;
    }

    /// <summary>How long a read may wait for the other side before it fails with an <see cref="IOException"/>; zero: for ever.</summary>
    public void SetReadTimeout(TimeSpan timeout) => _socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;

    /// <summary>Whether a frame has arrived (or the connection closed), without waiting.</summary>
    public bool HasData => _end > _start || _socket.Available > 0 || _socket.Poll(0, SelectMode.SelectRead);

    /// <summary>Adds a frame with a message (or none) to what <see cref="Flush"/> sends.</summary>
    public void Write(LinkFrame kind, IMessage? message = null, LinkMethod method = LinkMethod.None)
    {
        var prefix = method == LinkMethod.None ? 0 : 1;
        var messageSize = message?.CalculateSize() ?? 0;
        var frame = Reserve(EngineLink.HeaderBytes + prefix + messageSize);
        WriteHeader(frame, kind, prefix + messageSize);
        if (prefix > 0)
        {
            frame[EngineLink.HeaderBytes] = (byte)method;
        }

        message?.WriteTo(frame[(EngineLink.HeaderBytes + prefix)..]);
    }

    /// <summary>Adds a frame of raw bytes to what <see cref="Flush"/> sends.</summary>
    public void Write(LinkFrame kind, ReadOnlySpan<byte> payload)
    {
        var frame = Reserve(EngineLink.HeaderBytes + payload.Length);
        WriteHeader(frame, kind, payload.Length);
        payload.CopyTo(frame[EngineLink.HeaderBytes..]);
    }

    /// <summary>Sends the frames written so far; blocks while the other side has not taken enough of the last ones.</summary>
    public void Flush()
    {
        try
        {
            var pending = _output.AsSpan(0, _written);
            while (!pending.IsEmpty)
            {
                pending = pending[_socket.Send(pending)..];
            }
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            throw new IOException($"The engine link closed: {error.Message}", error);
        }

        _written = 0;
        if (_output.Length > KeptOutputBytes)
        {
            ArrayPool<byte>.Shared.Return(_output);
            _output = ArrayPool<byte>.Shared.Rent(BufferBytes);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            // Shutting down first ends a blocking receive or send under way on another thread.
            try
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // Not connected any more.
            }

            _socket.Dispose();
        }
    }

    private static void WriteHeader(Span<byte> frame, LinkFrame kind, int size)
    {
        BinaryPrimitives.WriteInt32LittleEndian(frame, size);
        frame[4] = (byte)kind;
    }

    // The next `count` bytes of what Flush sends, counted as written.
    private Span<byte> Reserve(int count)
    {
        if (_output.Length - _written < count)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_written + count);
            _output.AsSpan(0, _written).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_output);
            _output = larger;
        }

        var reserved = _output.AsSpan(_written, count);
        _written += count;
        return reserved;
    }

    // At least `count` bytes buffered from _start on; false when the other side closed before any arrived.
    private bool Fill(int count)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        if (_input.Length < count)
        {
            // A frame bigger than the buffer gets a buffer of its size; the next small frame goes back to the usual one.
            var larger = ArrayPool<byte>.Shared.Rent(count);
            _input.AsSpan(_start, _end - _start).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_input);
            _input = larger;
            _end -= _start;
            _start = 0;
        }
        else if (_start + count > _input.Length || _start == _end)
        {
            if (_input.Length > BufferBytes && count <= BufferBytes)
            {
                var usual = ArrayPool<byte>.Shared.Rent(BufferBytes);
                _input.AsSpan(_start, _end - _start).CopyTo(usual);
                ArrayPool<byte>.Shared.Return(_input);
                _input = usual;
            }
            else
            {
                _input.AsSpan(_start, _end - _start).CopyTo(_input);
            }

            _end -= _start;
            _start = 0;
        }

        while (_end - _start < count)
        {
            int received;
            try
            {
                received = _socket.Receive(_input, _end, _input.Length - _end, SocketFlags.None);
            }
            catch (Exception error) when (error is SocketException or ObjectDisposedException)
            {
                throw new IOException($"The engine link closed: {error.Message}", error);
            }

            if (received == 0)
            {
                return _end == _start && count == EngineLink.HeaderBytes ? false : throw new IOException("The engine link closed in the middle of a frame.");
            }

            _end += received;
        }

        return true;
    }
}
