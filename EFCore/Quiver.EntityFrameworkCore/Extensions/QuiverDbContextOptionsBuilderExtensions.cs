using System.Data.Common;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Quiver.Data;
using Quiver.EntityFrameworkCore.Infrastructure;
using Quiver.EntityFrameworkCore.Infrastructure.Internal;

// In EF Core's namespace, as every provider's UseXxx is, so that it is found where DbContextOptionsBuilder is.
namespace Microsoft.EntityFrameworkCore;

/// <summary><c>UseQuiver</c>: point a DbContext at a Quiver server.</summary>
public static class QuiverDbContextOptionsBuilderExtensions
{
    /// <summary>Uses Quiver; the connection or connection string is set later (<c>Database.SetConnectionString</c>).</summary>
    public static DbContextOptionsBuilder UseQuiver(
        this DbContextOptionsBuilder optionsBuilder, Action<QuiverDbContextOptionsBuilder>? quiverOptionsAction = null)
        => Configure(optionsBuilder, Extension(optionsBuilder), quiverOptionsAction);

    /// <summary>Uses Quiver with a Quiver.Data connection string (<c>Host=...;Port=...;Token=...</c>).</summary>
    public static DbContextOptionsBuilder UseQuiver(
        this DbContextOptionsBuilder optionsBuilder, string? connectionString, Action<QuiverDbContextOptionsBuilder>? quiverOptionsAction = null)
        => Configure(optionsBuilder, (QuiverOptionsExtension)Extension(optionsBuilder).WithConnectionString(connectionString), quiverOptionsAction);

    /// <summary>
    /// Uses Quiver over an existing <see cref="QuiverConnection"/>. The context does not dispose it unless
    /// <paramref name="contextOwnsConnection"/> is true.
    /// </summary>
    public static DbContextOptionsBuilder UseQuiver(
        this DbContextOptionsBuilder optionsBuilder, DbConnection connection, bool contextOwnsConnection = false,
        Action<QuiverDbContextOptionsBuilder>? quiverOptionsAction = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection is not QuiverConnection)
        {
            throw new ArgumentException($"UseQuiver needs a QuiverConnection, not a {connection.GetType().Name}.", nameof(connection));
        }

        return Configure(optionsBuilder, (QuiverOptionsExtension)Extension(optionsBuilder).WithConnection(connection, contextOwnsConnection), quiverOptionsAction);
    }

    /// <summary>
    /// Uses Quiver with connections from <paramref name="dataSource"/> (its pool and its HTTP/2 channel are shared with
    /// every other user of the data source).
    /// </summary>
    public static DbContextOptionsBuilder UseQuiver(
        this DbContextOptionsBuilder optionsBuilder, QuiverDataSource dataSource, Action<QuiverDbContextOptionsBuilder>? quiverOptionsAction = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return Configure(optionsBuilder, Extension(optionsBuilder).WithDataSource(dataSource), quiverOptionsAction);
    }

    /// <inheritdoc cref="UseQuiver(DbContextOptionsBuilder, Action{QuiverDbContextOptionsBuilder}?)"/>
    public static DbContextOptionsBuilder<TContext> UseQuiver<TContext>(
        this DbContextOptionsBuilder<TContext> optionsBuilder, Action<QuiverDbContextOptionsBuilder>? quiverOptionsAction = null)
        where TContext : DbContext
        => (DbContextOptionsBuilder<TContext>)UseQuiver((DbContextOptionsBuilder)optionsBuilder, quiverOptionsAction);

    /// <inheritdoc cref="UseQuiver(DbContextOptionsBuilder, string?, Action{QuiverDbContextOptionsBuilder}?)"/>
    public static DbContextOptionsBuilder<TContext> UseQuiver<TContext>(
        this DbContextOptionsBuilder<TContext> optionsBuilder, string? connectionString, Action<QuiverDbContextOptionsBuilder>? quiverOptionsAction = null)
        where TContext : DbContext
        => (DbContextOptionsBuilder<TContext>)UseQuiver((DbContextOptionsBuilder)optionsBuilder, connectionString, quiverOptionsAction);

    /// <inheritdoc cref="UseQuiver(DbContextOptionsBuilder, DbConnection, bool, Action{QuiverDbContextOptionsBuilder}?)"/>
    public static DbContextOptionsBuilder<TContext> UseQuiver<TContext>(
        this DbContextOptionsBuilder<TContext> optionsBuilder, DbConnection connection, bool contextOwnsConnection = false,
        Action<QuiverDbContextOptionsBuilder>? quiverOptionsAction = null)
        where TContext : DbContext
        => (DbContextOptionsBuilder<TContext>)UseQuiver((DbContextOptionsBuilder)optionsBuilder, connection, contextOwnsConnection, quiverOptionsAction);

    /// <inheritdoc cref="UseQuiver(DbContextOptionsBuilder, QuiverDataSource, Action{QuiverDbContextOptionsBuilder}?)"/>
    public static DbContextOptionsBuilder<TContext> UseQuiver<TContext>(
        this DbContextOptionsBuilder<TContext> optionsBuilder, QuiverDataSource dataSource, Action<QuiverDbContextOptionsBuilder>? quiverOptionsAction = null)
        where TContext : DbContext
        => (DbContextOptionsBuilder<TContext>)UseQuiver((DbContextOptionsBuilder)optionsBuilder, dataSource, quiverOptionsAction);

    private static QuiverOptionsExtension Extension(DbContextOptionsBuilder optionsBuilder)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        return optionsBuilder.Options.FindExtension<QuiverOptionsExtension>() ?? new QuiverOptionsExtension();
    }

    private static DbContextOptionsBuilder Configure(
        DbContextOptionsBuilder optionsBuilder, QuiverOptionsExtension extension, Action<QuiverDbContextOptionsBuilder>? quiverOptionsAction)
    {
        ((IDbContextOptionsBuilderInfrastructure)optionsBuilder).AddOrUpdateExtension(extension);
        ConfigureWarnings(optionsBuilder);
        quiverOptionsAction?.Invoke(new QuiverDbContextOptionsBuilder(optionsBuilder));
        return optionsBuilder;
    }

    private static void ConfigureWarnings(DbContextOptionsBuilder optionsBuilder)
    {
        var coreOptions = optionsBuilder.Options.FindExtension<CoreOptionsExtension>() ?? new CoreOptionsExtension();
        coreOptions = RelationalOptionsExtension.WithDefaultWarningConfiguration(coreOptions);
        ((IDbContextOptionsBuilderInfrastructure)optionsBuilder).AddOrUpdateExtension(coreOptions);
    }
}
