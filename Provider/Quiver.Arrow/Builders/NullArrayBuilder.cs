namespace Quiver.Arrow;

/// <summary>Builds a column of the null type.</summary>
public sealed class NullArrayBuilder : ArrowArrayBuilder
{
    internal NullArrayBuilder(ArrowField field)
        : base(field, hasBitmap: false)
    {
    }

    /// <inheritdoc/>
    public override void AppendNull() => Validity.AppendNull();

    internal override ArrowArray Build(List<byte[]>? rented)
    {
        var array = new NullArray(Length);
        Validity.Release();
        return array;
    }

    private protected override void AppendValueFrom(ArrowArray source, int row) => AppendNull();

    private protected override void Release() => Validity.Release();
}
