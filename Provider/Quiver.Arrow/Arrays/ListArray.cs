using System.Runtime.CompilerServices;

namespace Quiver.Arrow;

/// <summary>
/// A column of variable-length lists (list, large list) or of maps (a list of key/value entry structs). Row
/// <c>i</c>'s items are <see cref="Values"/>[<see cref="GetStart"/>(i) .. + <see cref="GetLength"/>(i)].
/// </summary>
public sealed class ListArray : ArrowArray
{
    private readonly BufferView _offsets;
    private readonly bool _large;

    internal ListArray(ArrowType type, int length, int nullCount, ReadOnlyMemory<byte> validity, ReadOnlyMemory<byte> offsets, ArrowArray values)
        : base(type, length, nullCount, validity)
    {
        _offsets = new BufferView(offsets);
        Values = values;
        _large = type.Id == ArrowTypeId.LargeList;
    }

    /// <summary>The items of all lists, concatenated (for a map: the entries struct of keys and values).</summary>
    public ArrowArray Values { get; }

    /// <summary>A map's keys (the entries' first child).</summary>
    public ArrowArray MapKeys => Type.Id == ArrowTypeId.Map ? Values.Children[0] : throw WrongType("map keys");

    /// <summary>A map's values (the entries' second child).</summary>
    public ArrowArray MapValues => Type.Id == ArrowTypeId.Map ? Values.Children[1] : throw WrongType("map values");

    /// <inheritdoc/>
    public override IReadOnlyList<ArrowArray> Children => [Values];

    internal override ReadOnlyMemory<byte>[] DataBuffers => [_offsets.Memory];

    /// <summary>Index in <see cref="Values"/> of the first item of row <paramref name="row"/>.</summary>
    public int GetStart(int row) => Offset(row, 0);

    /// <summary>Number of items in row <paramref name="row"/>.</summary>
    public int GetLength(int row) => Offset(row, 1) - Offset(row, 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Offset(int row, int next)
    {
        CheckRow(row);
        var index = (nint)row + next;
        return _large ? (int)_offsets.Read<long>(index) : _offsets.Read<int>(index);
    }
}
