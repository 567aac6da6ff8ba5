namespace Quiver.Arrow;

/// <summary>A column of the null type: every value is null and there are no buffers.</summary>
public sealed class NullArray : ArrowArray
{
    /// <summary>Creates a column of <paramref name="length"/> nulls.</summary>
    public NullArray(int length)
        : base(ArrowType.Null, length, length, default)
    {
    }

    internal override ReadOnlyMemory<byte>[] DataBuffers => [];
}
