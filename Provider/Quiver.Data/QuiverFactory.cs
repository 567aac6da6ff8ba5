using System.Data.Common;

namespace Quiver.Data;

/// <summary>
/// Creates Quiver's ADO.NET objects. Register it with
/// <c>DbProviderFactories.RegisterFactory(QuiverFactory.InvariantName, QuiverFactory.Instance)</c>.
/// </summary>
public sealed class QuiverFactory : DbProviderFactory
{
    /// <summary>The provider's invariant name.</summary>
    public const string InvariantName = "Quiver.Data";

    /// <summary>The one instance.</summary>
    public static readonly QuiverFactory Instance = new();

    private QuiverFactory()
    {
    }

    /// <inheritdoc/>
    public override bool CanCreateBatch => true;

    /// <inheritdoc/>
    public override bool CanCreateCommandBuilder => true;

    /// <inheritdoc/>
    public override bool CanCreateDataAdapter => true;

    /// <inheritdoc/>
    public override bool CanCreateDataSourceEnumerator => false;

    /// <inheritdoc/>
    public override DbCommand CreateCommand() => new QuiverCommand();

    /// <inheritdoc/>
    public override DbConnection CreateConnection() => new QuiverConnection();

    /// <inheritdoc/>
    public override DbConnectionStringBuilder CreateConnectionStringBuilder() => new QuiverConnectionStringBuilder();

    /// <inheritdoc/>
    public override DbCommandBuilder CreateCommandBuilder() => new QuiverCommandBuilder();

    /// <inheritdoc/>
    public override DbDataAdapter CreateDataAdapter() => new QuiverDataAdapter();

    /// <inheritdoc/>
    public override DbParameter CreateParameter() => new QuiverParameter();

    /// <inheritdoc/>
    public override DbBatch CreateBatch() => new QuiverBatch();

    /// <inheritdoc/>
    public override DbBatchCommand CreateBatchCommand() => new QuiverBatchCommand();

    /// <inheritdoc/>
    public override DbDataSource CreateDataSource(string connectionString) => QuiverDataSource.Create(connectionString);
}
