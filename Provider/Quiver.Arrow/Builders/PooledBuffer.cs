using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Quiver.Arrow;

/// <summary>A growable byte buffer rented from <see cref="ArrayPool{T}.Shared"/>.</summary>
internal sealed class PooledBuffer
{
    private byte[] _array = [];

    // How many bytes the last detached array held: the next one is rented that big at once. A batch builder refills its
    // buffers to about the same size every batch; growing each from 256 bytes by doubling copied about as many bytes
    // again (measured: a third of the server's memory copying in a wide scan).
    private int _lastLength;

    public int Length { get; private set; }

    public Span<byte> Written => _array.AsSpan(0, Length);

    /// <summary>Adds <paramref name="count"/> bytes and returns them, zeroed, for the caller to fill.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Extend(int count)
    {
        var start = Length;
        if (_array.Length - start < count)
        {
            Grow(count);
        }

        Length = start + count;
        var span = _array.AsSpan(start, count);
        span.Clear();
        return span;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append<T>(T value)
        where T : unmanaged
    {
        var start = Length;
        if (_array.Length - start < Unsafe.SizeOf<T>())
        {
            Grow(Unsafe.SizeOf<T>());
        }

        Unsafe.WriteUnaligned(ref _array[start], value);
        Length = start + Unsafe.SizeOf<T>();
    }

    public void Append(ReadOnlySpan<byte> bytes) => bytes.CopyTo(ExtendUncleared(bytes.Length));

    public void AppendRange<T>(ReadOnlySpan<T> values)
        where T : unmanaged
        => Append(MemoryMarshal.AsBytes(values));

    public Span<byte> ExtendUncleared(int count)
    {
        var start = Length;
        if (_array.Length - start < count)
        {
            Grow(count);
        }

        Length = start + count;
        return _array.AsSpan(start, count);
    }

    public void Truncate(int length) => Length = length;

    /// <summary>
    /// Hands the written bytes to a built array and starts over with no memory. The rented array is added to
    /// <paramref name="rented"/> when the caller will return it to the pool, or simply left to the GC.
    /// </summary>
    public ReadOnlyMemory<byte> Detach(List<byte[]>? rented)
    {
        var memory = new ReadOnlyMemory<byte>(_array, 0, Length);
        if (_array.Length > 0)
        {
            rented?.Add(_array);
        }

        _lastLength = Length;
        _array = [];
        Length = 0;
        return memory;
    }

    /// <summary>Returns the memory to the pool (for a builder that is abandoned).</summary>
    public void Release()
    {
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }

        _array = [];
        Length = 0;
    }

    private void Grow(int count)
    {
        var needed = (long)Length + count;
        if (needed > Array.MaxLength)
        {
            throw new InvalidOperationException($"An Arrow buffer cannot grow past {Array.MaxLength} bytes.");
        }

        var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max(Math.Max(needed, _lastLength), Math.Max(256, (long)_array.Length * 2))));
        _array.AsSpan(0, Length).CopyTo(bigger);
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }

        _array = bigger;
    }
}
