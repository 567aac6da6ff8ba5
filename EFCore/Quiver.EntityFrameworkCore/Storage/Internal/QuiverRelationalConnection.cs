using System.Data.Common;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Quiver.Data;
using Quiver.EntityFrameworkCore.Infrastructure.Internal;

namespace Quiver.EntityFrameworkCore.Storage.Internal;

/// <summary>EF Core's connection: a <see cref="QuiverConnection"/> from the options' connection string or data source.</summary>
public sealed class QuiverRelationalConnection : RelationalConnection
{
    private readonly QuiverDataSource? _dataSource;

    /// <summary>Creates the connection from the context's options.</summary>
    public QuiverRelationalConnection(RelationalConnectionDependencies dependencies)
        : base(dependencies)
        => _dataSource = dependencies.ContextOptions.FindExtension<QuiverOptionsExtension>()?.DataSource;

    /// <inheritdoc/>
    public override string? ConnectionString
    {
        get => _dataSource?.ConnectionString ?? base.ConnectionString;
        set
        {
            if (_dataSource is not null)
            {
                throw new InvalidOperationException("This context takes its connections from a QuiverDataSource; its connection string cannot be changed.");
            }

            base.ConnectionString = value;
        }
    }

    /// <inheritdoc/>
    protected override DbConnection CreateDbConnection()
        => _dataSource?.CreateConnection() ?? new QuiverConnection(GetValidatedConnectionString());
}
