using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Scaffolding;
using Quiver.EntityFrameworkCore.Infrastructure;

namespace Quiver.EntityFrameworkCore.Scaffolding.Internal;

/// <summary>Writes <c>optionsBuilder.UseQuiver("...")</c> into a scaffolded DbContext.</summary>
public sealed class QuiverCodeGenerator(ProviderCodeGeneratorDependencies dependencies) : ProviderCodeGenerator(dependencies)
{
    private static readonly MethodInfo UseQuiver = typeof(QuiverDbContextOptionsBuilderExtensions).GetRuntimeMethod(
        nameof(QuiverDbContextOptionsBuilderExtensions.UseQuiver),
        [typeof(DbContextOptionsBuilder), typeof(string), typeof(Action<QuiverDbContextOptionsBuilder>)])!;

    /// <inheritdoc/>
    public override MethodCallCodeFragment GenerateUseProvider(string connectionString, MethodCallCodeFragment? providerOptions)
        => new(UseQuiver, providerOptions is null ? [connectionString] : [connectionString, new NestedClosureCodeFragment("x", providerOptions)]);
}
