using Microsoft.EntityFrameworkCore.Diagnostics;

// In EF Core's namespace, as EF.Functions' other extensions are.
namespace Microsoft.EntityFrameworkCore;

/// <summary>DuckDB functions for LINQ queries, called as <c>EF.Functions.ILike(...)</c>; they run only in SQL.</summary>
public static class QuiverDbFunctionsExtensions
{
    /// <summary>Case-insensitive LIKE: <c>%</c> matches any text, <c>_</c> one character.</summary>
    public static bool ILike(this DbFunctions functions, string? matchExpression, string? pattern)
        => throw new InvalidOperationException(CoreStrings.FunctionOnClient(nameof(ILike)));

    /// <summary>Case-insensitive LIKE, with <paramref name="escapeCharacter"/> escaping <c>%</c> and <c>_</c>.</summary>
    public static bool ILike(this DbFunctions functions, string? matchExpression, string? pattern, string escapeCharacter)
        => throw new InvalidOperationException(CoreStrings.FunctionOnClient(nameof(ILike)));

    /// <summary>Whether <paramref name="pattern"/> (RE2 syntax) matches anywhere in <paramref name="input"/>.</summary>
    public static bool RegexpMatches(this DbFunctions functions, string? input, string? pattern)
        => throw new InvalidOperationException(CoreStrings.FunctionOnClient(nameof(RegexpMatches)));

    /// <summary>
    /// The number of <paramref name="part"/> boundaries (<c>'year'</c>, <c>'month'</c>, <c>'day'</c>, <c>'hour'</c>, ...)
    /// crossed from <paramref name="start"/> to <paramref name="end"/>, DuckDB's <c>date_diff</c>.
    /// </summary>
    public static long DateDiff(this DbFunctions functions, string part, DateTime start, DateTime end)
        => throw new InvalidOperationException(CoreStrings.FunctionOnClient(nameof(DateDiff)));

    /// <inheritdoc cref="DateDiff(DbFunctions, string, DateTime, DateTime)"/>
    public static long DateDiff(this DbFunctions functions, string part, DateOnly start, DateOnly end)
        => throw new InvalidOperationException(CoreStrings.FunctionOnClient(nameof(DateDiff)));
}
