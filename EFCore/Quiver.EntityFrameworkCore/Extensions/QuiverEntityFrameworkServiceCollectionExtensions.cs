using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Update;
using Quiver.EntityFrameworkCore.Diagnostics.Internal;
using Quiver.EntityFrameworkCore.Infrastructure;
using Quiver.EntityFrameworkCore.Infrastructure.Internal;
using Quiver.EntityFrameworkCore.Metadata.Internal;
using Quiver.EntityFrameworkCore.Migrations.Internal;
using Quiver.EntityFrameworkCore.Query.Internal;
using Quiver.EntityFrameworkCore.Storage.Internal;
using Quiver.EntityFrameworkCore.Update.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Quiver EF Core provider in a service collection.</summary>
public static class QuiverEntityFrameworkServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TContext"/> with Quiver as its provider (scoped, as <c>AddDbContext</c> does).
    /// </summary>
    public static IServiceCollection AddQuiver<TContext>(
        this IServiceCollection services, string? connectionString,
        Action<QuiverDbContextOptionsBuilder>? quiverOptionsAction = null,
        Action<DbContextOptionsBuilder>? optionsAction = null)
        where TContext : DbContext
        => services.AddDbContext<TContext>((_, options) =>
        {
            optionsAction?.Invoke(options);
            options.UseQuiver(connectionString, quiverOptionsAction);
        });

    /// <summary>
    /// Adds the services the Quiver provider needs to EF Core's internal service provider. Applications do not call
    /// this: <c>UseQuiver</c> does, unless the application builds EF's service provider itself.
    /// </summary>
    public static IServiceCollection AddEntityFrameworkQuiver(this IServiceCollection services)
    {
        new EntityFrameworkRelationalServicesBuilder(services)
            .TryAdd<LoggingDefinitions, QuiverLoggingDefinitions>()
            .TryAdd<IDatabaseProvider, DatabaseProvider<QuiverOptionsExtension>>()
            .TryAdd<IRelationalTypeMappingSource, QuiverTypeMappingSource>()
            .TryAdd<ISqlGenerationHelper, QuiverSqlGenerationHelper>()
            .TryAdd<IRelationalAnnotationProvider, QuiverAnnotationProvider>()
            .TryAdd<IMigrationsAnnotationProvider, QuiverMigrationsAnnotationProvider>()
            .TryAdd<IProviderConventionSetBuilder, QuiverConventionSetBuilder>()
            .TryAdd<IUpdateSqlGenerator, QuiverUpdateSqlGenerator>()
            .TryAdd<IModificationCommandBatchFactory, QuiverModificationCommandBatchFactory>()
            .TryAdd<IModificationCommandFactory, QuiverModificationCommandFactory>()
            .TryAdd<IRelationalConnection>(p => p.GetRequiredService<QuiverRelationalConnection>())
            .TryAdd<IMigrationsSqlGenerator, QuiverMigrationsSqlGenerator>()
            .TryAdd<IRelationalDatabaseCreator, QuiverDatabaseCreator>()
            .TryAdd<IRelationalTransactionFactory, QuiverRelationalTransactionFactory>()
            .TryAdd<IHistoryRepository, QuiverHistoryRepository>()
            .TryAdd<IMethodCallTranslatorProvider, QuiverMethodCallTranslatorProvider>()
            .TryAdd<IAggregateMethodCallTranslatorProvider, QuiverAggregateMethodCallTranslatorProvider>()
            .TryAdd<IMemberTranslatorProvider, QuiverMemberTranslatorProvider>()
            .TryAdd<IQuerySqlGeneratorFactory, QuiverQuerySqlGeneratorFactory>()
            .TryAdd<IRelationalParameterBasedSqlProcessorFactory, QuiverParameterBasedSqlProcessorFactory>()
            .TryAdd<IQueryableMethodTranslatingExpressionVisitorFactory, QuiverQueryableMethodTranslatingExpressionVisitorFactory>()
            .TryAdd<IQueryCompilationContextFactory, QuiverQueryCompilationContextFactory>()
            .TryAddProviderSpecificServices(b => b.TryAddScoped<QuiverRelationalConnection, QuiverRelationalConnection>())
            .TryAddCoreServices();
        return services;
    }
}
