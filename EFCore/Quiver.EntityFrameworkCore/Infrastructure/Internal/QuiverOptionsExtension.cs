using System.Text;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Quiver.Data;

namespace Quiver.EntityFrameworkCore.Infrastructure.Internal;

/// <summary>The Quiver provider's options on a DbContext: the connection or data source, and relational options.</summary>
public sealed class QuiverOptionsExtension : RelationalOptionsExtension
{
    private DbContextOptionsExtensionInfo? _info;

    /// <summary>Creates options with nothing set.</summary>
    public QuiverOptionsExtension()
    {
    }

    private QuiverOptionsExtension(QuiverOptionsExtension copyFrom)
        : base(copyFrom)
        => DataSource = copyFrom.DataSource;

    /// <summary>The data source connections come from, when one was given instead of a connection string.</summary>
    public QuiverDataSource? DataSource { get; private set; }

    /// <inheritdoc/>
    public override DbContextOptionsExtensionInfo Info => _info ??= new ExtensionInfo(this);

    /// <summary>A copy that takes its connections from <paramref name="dataSource"/>.</summary>
    public QuiverOptionsExtension WithDataSource(QuiverDataSource? dataSource)
    {
        var clone = (QuiverOptionsExtension)Clone();
        clone.DataSource = dataSource;
        return clone;
    }

    /// <inheritdoc/>
    protected override RelationalOptionsExtension Clone() => new QuiverOptionsExtension(this);

    /// <inheritdoc/>
    public override void ApplyServices(IServiceCollection services) => services.AddEntityFrameworkQuiver();

    /// <inheritdoc/>
    public override void Validate(IDbContextOptions options)
    {
        base.Validate(options);
        if (DataSource is not null && (ConnectionString is not null || Connection is not null))
        {
            throw new InvalidOperationException("UseQuiver was given both a data source and a connection or connection string; give one.");
        }
    }

    private sealed class ExtensionInfo(QuiverOptionsExtension extension) : RelationalExtensionInfo(extension)
    {
        private string? _logFragment;

        private new QuiverOptionsExtension Extension => (QuiverOptionsExtension)base.Extension;

        public override bool IsDatabaseProvider => true;

        public override string LogFragment => _logFragment ??= new StringBuilder(base.LogFragment)
            .Append(Extension.DataSource is null ? "" : "DataSource ").ToString();

        public override int GetServiceProviderHashCode() => base.GetServiceProviderHashCode();

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other)
            => other is ExtensionInfo && base.ShouldUseSameServiceProvider(other);

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo)
            => debugInfo["Quiver"] = "1";
    }
}
