namespace Quiver.Adbc;

/// <summary>
/// AdbcConnectionGetObjects' arguments: how deep to go (0 all, 1 catalogs, 2 schemas, 3 tables) and the LIKE patterns
/// (NULL: no filter) and table types each level is filtered by.
/// </summary>
internal sealed record ObjectFilter(int Depth, string? Catalog, string? Schema, string? Table, IReadOnlyList<string>? TableTypes, string? Column)
{
    public bool Schemas => Depth is 0 or >= 2;

    public bool Tables => Depth is 0 or >= 3;

    public bool Columns => Depth is 0;
}
