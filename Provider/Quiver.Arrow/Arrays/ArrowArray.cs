using System.Runtime.CompilerServices;

namespace Quiver.Arrow;

/// <summary>
/// A column of values: a view over Arrow buffers (a message body or builder memory), never a copy. Subclasses add typed,
/// allocation-free accessors for each physical layout. In IPC data an array always starts at offset 0 of its buffers.
/// </summary>
public abstract class ArrowArray
{
    private readonly BufferView _validity;

    private protected ArrowArray(ArrowType type, int length, int nullCount, ReadOnlyMemory<byte> validity)
    {
        Type = type;
        Length = length;
        NullCount = nullCount;
        _validity = new BufferView(nullCount == 0 ? default : validity);
    }

    /// <summary>The value type (for a dictionary-encoded column, the type of the dictionary's values).</summary>
    public ArrowType Type { get; }

    /// <summary>Number of values (rows).</summary>
    public int Length { get; }

    /// <summary>Number of null values.</summary>
    public int NullCount { get; }

    /// <summary>The validity bitmap (bit set = value present), or empty when no value is null.</summary>
    public ReadOnlySpan<byte> ValidityBitmap => _validity.Memory.Span;

    /// <summary>Child arrays of nested types, in field order.</summary>
    public virtual IReadOnlyList<ArrowArray> Children => [];

    internal ReadOnlyMemory<byte> Validity => _validity.Memory;

    /// <summary>
    /// The array's buffers as the Arrow format lays them out (the validity bitmap, empty when no value is null, then the
    /// layout's data buffers; a dictionary-encoded column gives its indices' buffers): views, not copies, valid as long
    /// as the array is. For handing columns to another Arrow library without copying.
    /// </summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Buffers => Type.Id == ArrowTypeId.Null ? [] : [Validity, .. DataBuffers];

    /// <summary>The data buffers after the validity bitmap, in the order the IPC format lays them out.</summary>
    internal abstract ReadOnlyMemory<byte>[] DataBuffers { get; }

    /// <summary>Whether the value at <paramref name="row"/> is null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsNull(int row)
    {
        CheckRow(row);
        if (NullCount == 0)
        {
            return false;
        }

        return _validity.Length == 0 || (_validity.Read<byte>(row >> 3) & (1 << (row & 7))) == 0;
    }

    /// <summary>Whether the value at <paramref name="row"/> is present.</summary>
    public bool IsValid(int row) => !IsNull(row);

    /// <inheritdoc/>
    public override string ToString() => $"{GetType().Name}<{Type}>[{Length}]";

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private protected void CheckRow(int row)
    {
        if ((uint)row >= (uint)Length)
        {
            ThrowRow(row);
        }
    }

    private protected InvalidCastException WrongType(string what)
        => new($"Cannot read {what} from a column of type {Type}.");

    private void ThrowRow(int row)
        => throw new ArgumentOutOfRangeException(nameof(row), row, $"Row must be between 0 and {Length - 1}.");
}
