using Microsoft.Extensions.Logging;
using Quiver.Data.Internal;

namespace Quiver.Data;

/// <summary>Configures and builds a <see cref="QuiverDataSource"/>.</summary>
public sealed class QuiverDataSourceBuilder
{
    private ILoggerFactory? _loggerFactory;

    /// <summary>A builder starting from <paramref name="connectionString"/>.</summary>
    public QuiverDataSourceBuilder(string? connectionString = null)
    {
        ConnectionStringBuilder = new QuiverConnectionStringBuilder(connectionString);
    }

    /// <summary>The connection string being built; change keywords here before <see cref="Build"/>.</summary>
    public QuiverConnectionStringBuilder ConnectionStringBuilder { get; }

    /// <summary>The connection string so far, without the token.</summary>
    public string ConnectionString => ConnectionStringBuilder.ToString();

    /// <summary>Logs through <paramref name="loggerFactory"/> (category <c>Quiver.Data</c>).</summary>
    public QuiverDataSourceBuilder UseLoggerFactory(ILoggerFactory? loggerFactory)
    {
        _loggerFactory = loggerFactory;
        return this;
    }

    /// <summary>Builds the data source. A bad connection string is an <see cref="ArgumentException"/> naming the keyword.</summary>
    public QuiverDataSource Build()
        => new(QuiverSettings.Parse(ConnectionStringBuilder.ConnectionString), _loggerFactory);

}
