using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Scaffolding;
using Microsoft.Extensions.DependencyInjection;
using Quiver.EntityFrameworkCore.Scaffolding.Internal;

[assembly: DesignTimeProviderServices("Quiver.EntityFrameworkCore.Design.Internal.QuiverDesignTimeServices")]

namespace Quiver.EntityFrameworkCore.Design.Internal;

/// <summary>
/// The services `dotnet ef` needs from the provider: its runtime services, the <c>UseQuiver</c> code written into a
/// scaffolded context, and reverse engineering from the server's catalog functions.
/// </summary>
public sealed class QuiverDesignTimeServices : IDesignTimeServices
{
    /// <inheritdoc/>
    public void ConfigureDesignTimeServices(IServiceCollection serviceCollection)
    {
        serviceCollection.AddEntityFrameworkQuiver();
        new EntityFrameworkRelationalDesignServicesBuilder(serviceCollection)
            .TryAdd<IAnnotationCodeGenerator, AnnotationCodeGenerator>()
            .TryAdd<IDatabaseModelFactory, QuiverDatabaseModelFactory>()
            .TryAdd<IProviderConfigurationCodeGenerator, QuiverCodeGenerator>()
            .TryAddCoreServices();
    }
}
