using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking.Internal;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Update;
using Quiver.EntityFrameworkCore.Storage.Internal.Mapping;

namespace Quiver.EntityFrameworkCore.Update.Internal;

/// <summary>
/// EF's modification command, except that a change inside a JSON document rewrites the whole document. EF sends the
/// changed part with its path for the provider to patch in (<c>JSON_MODIFY</c>, <c>json_set</c>); DuckDB 1.5 has no such
/// function, and rebuilding the document with its JSON functions re-reads every number as a double, which would change
/// decimals of more than 15 digits elsewhere in the document. A whole document is written as EF wrote it.
/// </summary>
#pragma warning disable EF1001 // The state manager and the entries' internal interface are how EF reaches an owner, as its own command does.
public sealed class QuiverModificationCommand : ModificationCommand
{
    // EF's own serialiser of a document (navigations, ordinal keys, converters, nested documents), so that a whole
    // document written here is byte for byte what EF writes on insert. It is private: if a future EF renames it, every
    // partial JSON update fails with the error below instead of writing something else (the conformance tests cover it).
    private static readonly MethodInfo? WriteJson = typeof(ModificationCommand).GetMethod(
        "WriteJson", BindingFlags.Instance | BindingFlags.NonPublic,
        [typeof(Utf8JsonWriter), typeof(object), typeof(IInternalEntry), typeof(IPropertyBase), typeof(int?), typeof(bool), typeof(bool)]);

    private readonly bool _sensitiveLoggingEnabled;
    private IReadOnlyList<IColumnModification>? _generated;
    private IReadOnlyList<IColumnModification>? _columns;

    /// <summary>A command for tracked entries.</summary>
    public QuiverModificationCommand(in ModificationCommandParameters parameters)
        : base(parameters)
        => _sensitiveLoggingEnabled = parameters.SensitiveLoggingEnabled;

    /// <summary>A command for data-seeding operations in migrations.</summary>
    public QuiverModificationCommand(in NonTrackedModificationCommandParameters parameters)
        : base(parameters)
        => _sensitiveLoggingEnabled = parameters.SensitiveLoggingEnabled;

    /// <inheritdoc/>
    public override IReadOnlyList<IColumnModification> ColumnModifications
    {
        get
        {
            var generated = base.ColumnModifications;
            if (!ReferenceEquals(generated, _generated))
            {
                // Built once per list EF generates, so that parameter names stay the same between SQL and parameters.
                _columns = generated.Any(IsPartialJson) ? generated.Select(c => IsPartialJson(c) ? WholeDocument(c) : c).ToList() : generated;
                _generated = generated;
            }

            return _columns!;
        }
    }

    private static bool IsPartialJson(IColumnModification column) => column.JsonPath is not (null or "$");

    private ColumnModification WholeDocument(IColumnModification partial)
    {
        var (owner, property) = DocumentOwner(partial.ColumnName);
        var value = owner.GetCurrentValue(property);
        string? json = null;
        if (value is not null)
        {
            if (WriteJson is null)
            {
                throw new InvalidOperationException(
                    $"Quiver cannot save a change inside the JSON column '{partial.ColumnName}' with this version of EF Core, which "
                    + "no longer has the document serialiser Quiver writes whole documents with; replace the whole owned value instead.");
            }

            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                WriteJson.Invoke(this, [writer, value, owner, property, null, property.IsCollection, true]);
            }

            json = buffer.Length == 0 ? null : Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        return new ColumnModification(new ColumnModificationParameters(
            partial.ColumnName, json, property: null, QuiverJsonTypeMapping.JsonStoreType, QuiverJsonTypeMapping.Default, "$",
            read: false, write: true, key: false, condition: false, _sensitiveLoggingEnabled)
        {
            GenerateParameterName = () => partial.ParameterName!,
        });
    }

    // The row's entry and the navigation that holds the document stored in the column: up the ownerships from a changed
    // entry inside the document.
    private (InternalEntityEntry Owner, INavigation Navigation) DocumentOwner(string column)
    {
        var inside = Entries.OfType<InternalEntityEntry>().FirstOrDefault(
                e => e.EntityType.IsMappedToJson() && e.EntityType.GetContainerColumnName() == column)
            ?? throw new InvalidOperationException($"No entry inside the JSON column '{column}' was found for a change EF made to it.");
        var entry = inside;
        IForeignKey ownership;
        do
        {
            ownership = entry.EntityType.FindOwnership()!;
            entry = entry.StateManager.FindPrincipal(entry, ownership)
                ?? throw new InvalidOperationException($"The owner of the JSON document in column '{column}' is not tracked.");
        }
        while (entry.EntityType.IsMappedToJson());

        return (entry, ownership.PrincipalToDependent!);
    }
}
#pragma warning restore EF1001

/// <summary>Creates <see cref="QuiverModificationCommand"/>s.</summary>
public sealed class QuiverModificationCommandFactory : IModificationCommandFactory
{
    /// <inheritdoc/>
    public IModificationCommand CreateModificationCommand(in ModificationCommandParameters modificationCommandParameters)
        => new QuiverModificationCommand(modificationCommandParameters);

    /// <inheritdoc/>
    public INonTrackedModificationCommand CreateNonTrackedModificationCommand(in NonTrackedModificationCommandParameters modificationCommandParameters)
        => new QuiverModificationCommand(modificationCommandParameters);
}
