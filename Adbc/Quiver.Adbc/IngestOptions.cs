using Quiver.Protocol.V1;

namespace Quiver.Adbc;

/// <summary>A statement's adbc.ingest.* options: with a target table set, executing the statement ingests its bound data.</summary>
internal sealed class IngestOptions
{
    public const string TargetTable = "adbc.ingest.target_table";
    public const string Mode = "adbc.ingest.mode";
    public const string TargetCatalog = "adbc.ingest.target_catalog";
    public const string TargetSchema = "adbc.ingest.target_db_schema";
    public const string Temporary = "adbc.ingest.temporary";

    private static readonly Dictionary<string, IngestMode> Modes = new(StringComparer.Ordinal)
    {
        ["adbc.ingest.mode.create"] = IngestMode.Create,
        ["adbc.ingest.mode.append"] = IngestMode.Append,
        ["adbc.ingest.mode.replace"] = IngestMode.Replace,
        ["adbc.ingest.mode.create_append"] = IngestMode.CreateAppend,
    };

    private string? _table;
    private string _mode = "adbc.ingest.mode.create";
    private string? _catalog;
    private string? _schema;
    private bool _temporary;

    /// <summary>The ingest target, or null when the statement is not an ingest.</summary>
    public IngestTarget? Target => _table is null ? null : new IngestTarget
    {
        Table = _table,
        Catalog = _catalog ?? "",
        Schema = _schema ?? "",
        Mode = Modes[_mode],
        Temporary = _temporary,
    };

    /// <summary>Sets an ingest option; false when <paramref name="key"/> is not one.</summary>
    public bool Set(string key, string value)
    {
        switch (key)
        {
            case TargetTable:
                _table = value.Length > 0 ? value : null;
                return true;
            case Mode:
                _mode = Modes.ContainsKey(value)
                    ? value
                    : throw AdbcException.InvalidArgument($"'{value}' is not an ingest mode: {string.Join(", ", Modes.Keys)}.");
                return true;
            case TargetCatalog:
                _catalog = value.Length > 0 ? value : null;
                return true;
            case TargetSchema:
                _schema = value.Length > 0 ? value : null;
                return true;
            case Temporary:
                _temporary = QuiverDatabase.Flag(key, value);
                return true;
            default:
                return false;
        }
    }

    public string? Get(string key) => key switch
    {
        TargetTable => _table,
        Mode => _mode,
        TargetCatalog => _catalog,
        TargetSchema => _schema,
        Temporary => _temporary ? "true" : "false",
        _ => null,
    };
}
