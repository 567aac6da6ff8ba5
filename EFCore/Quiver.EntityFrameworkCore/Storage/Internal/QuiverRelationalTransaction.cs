using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Quiver.EntityFrameworkCore.Storage.Internal;

/// <summary>
/// A transaction without savepoints: DuckDB has none, so SaveChanges inside an application's transaction does not try to
/// create one (a failed SaveChanges then leaves the transaction to be rolled back by the application).
/// </summary>
public sealed class QuiverRelationalTransaction(
    IRelationalConnection connection, DbTransaction transaction, Guid transactionId,
    IDiagnosticsLogger<DbLoggerCategory.Database.Transaction> logger, bool transactionOwned, ISqlGenerationHelper sqlGenerationHelper)
    : RelationalTransaction(connection, transaction, transactionId, logger, transactionOwned, sqlGenerationHelper)
{
    /// <inheritdoc/>
    public override bool SupportsSavepoints => false;
}

/// <summary>Creates <see cref="QuiverRelationalTransaction"/>s.</summary>
public sealed class QuiverRelationalTransactionFactory(RelationalTransactionFactoryDependencies dependencies) : IRelationalTransactionFactory
{
    /// <inheritdoc/>
    public RelationalTransaction Create(
        IRelationalConnection connection, DbTransaction transaction, Guid transactionId,
        IDiagnosticsLogger<DbLoggerCategory.Database.Transaction> logger, bool transactionOwned)
        => new QuiverRelationalTransaction(connection, transaction, transactionId, logger, transactionOwned, dependencies.SqlGenerationHelper);
}
