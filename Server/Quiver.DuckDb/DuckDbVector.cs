using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Quiver.DuckDb.Native;

namespace Quiver.DuckDb;

/// <summary>
/// One column of a <see cref="DuckDbDataChunk"/>, read in place: a view over DuckDB's memory that is valid only
/// until the chunk is disposed. Result vectors are flat, so row <c>i</c> is element <c>i</c>.
/// </summary>
public readonly unsafe struct DuckDbVector
{
    private readonly nint _vector;

    // Taken once per vector: a per-value duckdb_vector_get_data was most of the cost of reading strings (measured
    // with callgrind: 221 instructions per row against 132 for the same calls made once per vector).
    private readonly byte* _data;

    internal DuckDbVector(nint vector, int count)
    {
        _vector = vector;
        _data = (byte*)NativeMethods.Vector.Data(vector);
        Count = count;
    }

    /// <summary>How many elements the vector holds.</summary>
    public int Count { get; }

    /// <summary>
    /// The values as a span of their storage type: <see cref="int"/> for INTEGER and DATE, <see cref="long"/> for
    /// BIGINT, TIME and the TIMESTAMP types, <see cref="Int128"/> for HUGEINT and UUID, <see cref="DuckDbInterval"/>,
    /// <see cref="DuckDbListEntry"/> for LIST and MAP, and so on. The values of NULL rows are undefined.
    /// </summary>
    public ReadOnlySpan<T> GetValues<T>() where T : unmanaged
        => new(_data, Count);

    /// <summary>Which rows are NULL.</summary>
    public DuckDbValidity Validity => new(NativeMethods.Vector.Validity(_vector), Count);

    /// <summary>The UTF-8 bytes of a VARCHAR (or BLOB) value, without copying.</summary>
    public ReadOnlySpan<byte> GetBytes(int row)
    {
        if ((uint)row >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"The vector has {Count} rows.");
        }

        // duckdb_string_t: a 4-byte length, then either up to 12 inline bytes or a 4-byte prefix and a pointer.
        var entry = _data + (nint)row * 16;
        var length = Unsafe.ReadUnaligned<uint>(entry);
        var data = length <= 12 ? entry + 4 : (byte*)Unsafe.ReadUnaligned<nint>(entry + 8);
        return new ReadOnlySpan<byte>(data, checked((int)length));
    }

    /// <summary>A VARCHAR value as a .NET string.</summary>
    public string GetString(int row) => Encoding.UTF8.GetString(GetBytes(row));

    /// <summary>The elements of a LIST or MAP vector: <see cref="DuckDbListEntry"/> per row indexes into this.</summary>
    public DuckDbVector ListChild
        => new(NativeMethods.Vector.ListChild(_vector), checked((int)NativeMethods.Vector.ListSize(_vector)));

    /// <summary>Field <paramref name="index"/> of a STRUCT vector (for a MAP's entries: 0 is the key, 1 the value).</summary>
    public DuckDbVector GetStructChild(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return new DuckDbVector(NativeMethods.Vector.StructChild(_vector, (ulong)index), Count);
    }

    /// <summary>The elements of an ARRAY vector of <paramref name="arraySize"/> elements per row, back to back.</summary>
    public DuckDbVector GetArrayChild(int arraySize)
        => new(NativeMethods.Vector.ArrayChild(_vector), checked(Count * arraySize));
}

/// <summary>A vector's validity mask: bit <c>i % 64</c> of word <c>i / 64</c> is set when row <c>i</c> is not NULL.</summary>
public readonly unsafe struct DuckDbValidity
{
    private readonly ulong* _mask;
    private readonly int _count;

    internal DuckDbValidity(ulong* mask, int count)
    {
        _mask = mask;
        _count = count;
    }

    /// <summary>True when no row is NULL (DuckDB then allocates no mask).</summary>
    public bool AllValid => _mask is null;

    /// <summary>Whether row <paramref name="row"/> holds a value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsValid(int row)
    {
        if ((uint)row >= (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"The vector has {_count} rows.");
        }

        return _mask is null || (_mask[row >> 6] & (1UL << (row & 63))) != 0;
    }

    /// <summary>The mask words covering the vector's rows; empty when <see cref="AllValid"/>.</summary>
    public ReadOnlySpan<ulong> GetWords()
        => _mask is null ? default : new ReadOnlySpan<ulong>(_mask, (_count + 63) / 64);
}
