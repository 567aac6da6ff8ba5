using Microsoft.EntityFrameworkCore.Query;
using Quiver.EntityFrameworkCore.Query.Internal.Translators;

namespace Quiver.EntityFrameworkCore.Query.Internal;

/// <summary>The provider's method translators, after EF's relational ones.</summary>
public sealed class QuiverMethodCallTranslatorProvider : RelationalMethodCallTranslatorProvider
{
    /// <summary>Adds the string, Math, date arithmetic, Regex and EF.Functions translators.</summary>
    public QuiverMethodCallTranslatorProvider(RelationalMethodCallTranslatorProviderDependencies dependencies)
        : base(dependencies)
    {
        var sql = dependencies.SqlExpressionFactory;
        AddTranslators([
            new QuiverStringMethodTranslator(sql), new QuiverMathTranslator(sql), new QuiverDateArithmeticTranslator(sql),
            new QuiverRegexTranslator(sql), new QuiverFunctionsTranslator(sql),
        ]);
    }
}

/// <summary>The provider's member translators, after EF's relational ones.</summary>
public sealed class QuiverMemberTranslatorProvider : RelationalMemberTranslatorProvider
{
    /// <summary>Adds string.Length and the date and time parts.</summary>
    public QuiverMemberTranslatorProvider(RelationalMemberTranslatorProviderDependencies dependencies)
        : base(dependencies)
        => AddTranslators([new QuiverMemberTranslator(dependencies.SqlExpressionFactory)]);
}

/// <summary>The provider's aggregate translators, after EF's relational ones.</summary>
public sealed class QuiverAggregateMethodCallTranslatorProvider : RelationalAggregateMethodCallTranslatorProvider
{
    /// <summary>Adds string.Join and string.Concat over a group.</summary>
    public QuiverAggregateMethodCallTranslatorProvider(RelationalAggregateMethodCallTranslatorProviderDependencies dependencies)
        : base(dependencies)
        => AddTranslators([new QuiverStringAggregateTranslator(dependencies.SqlExpressionFactory)]);
}
