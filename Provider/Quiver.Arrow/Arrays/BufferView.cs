using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Quiver.Arrow;

/// <summary>
/// A buffer's memory with a fast path to its first byte: <see cref="ReadOnlyMemory{T}.Span"/> costs a type check per
/// call, which the per-row getters avoid when the memory is a managed array (always, for decoded and built arrays).
/// </summary>
internal readonly struct BufferView
{
    private readonly byte[]? _array;
    private readonly int _start;

    public BufferView(ReadOnlyMemory<byte> memory)
    {
        Memory = memory;
        if (MemoryMarshal.TryGetArray(memory, out var segment) && segment.Array is not null)
        {
            _array = segment.Array;
            _start = segment.Offset;
        }
    }

    public ReadOnlyMemory<byte> Memory { get; }

    public int Length => Memory.Length;

    /// <summary>The first byte; reads past it must stay within <see cref="Length"/>, which callers have checked.</summary>
    public ref byte First
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _array is not null
            ? ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_array), _start)
            : ref MemoryMarshal.GetReference(Memory.Span);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Read<T>(nint index)
        where T : unmanaged
        => Unsafe.ReadUnaligned<T>(ref Unsafe.Add(ref First, index * Unsafe.SizeOf<T>()));

    /// <summary>A span of <paramref name="length"/> bytes from <paramref name="start"/>, checked against the buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Slice(int start, int length)
        => _array is not null ? new ReadOnlySpan<byte>(_array, _start + start, length) : Memory.Span.Slice(start, length);
}
