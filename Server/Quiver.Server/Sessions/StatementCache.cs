using Quiver.DuckDb;

namespace Quiver.Server.Sessions;

/// <summary>
/// A session's prepared statements, kept by their exact SQL text so that a statement sent again is not parsed,
/// bound and planned again (DuckDB re-plans at every prepare: measured 150-200 µs for <c>SELECT 1</c>, against 30-50
/// µs to execute it prepared). DuckDB itself re-binds a kept statement when the catalog changed since it was prepared
/// (another session's DDL included), but not when the session's own search_path changed, so any statement that is not a
/// plain query or data change (SET, USE, DDL, PRAGMA, ...) empties the cache. Only statements that passed the
/// statement guard are kept, and the guard judges only the text and the statement's kind, so a kept statement would
/// pass it again. Used by one operation at a time (the session's), never concurrently.
/// </summary>
internal sealed class StatementCache(int capacity) : IDisposable
{
    /// <summary>Longer texts are prepared every time: they are rarely repeated, and their plans are the biggest.</summary>
    public const int MaxCachedSqlLength = 16 * 1024;

    private readonly Dictionary<string, LinkedListNode<Entry>> _byText = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();

    public int Count => _byText.Count;

    /// <summary>Takes the kept statement for <paramref name="sql"/> out of the cache (its bindings cleared), or null.</summary>
    public DuckDbPreparedStatement? Take(string sql, out DuckDbStatementType type)
    {
        if (!_byText.Remove(sql, out var node))
        {
            type = default;
            return null;
        }

        _recency.Remove(node);
        node.Value.Statement.ClearBindings();
        type = node.Value.Type;
        return node.Value.Statement;
    }

    /// <summary>
    /// Gives back a statement that ran (<paramref name="succeeded"/>) or failed: it is kept when it is a query or data
    /// change that succeeded, otherwise disposed; a statement of any other kind but transaction control empties the cache.
    /// </summary>
    public void Return(string sql, DuckDbPreparedStatement statement, DuckDbStatementType type, bool succeeded)
    {
        if (!Keeps(type))
        {
            statement.Dispose();
            if (type != DuckDbStatementType.Transaction)
            {
                Clear();
            }

            return;
        }

        if (!succeeded || capacity == 0 || sql.Length > MaxCachedSqlLength || _byText.ContainsKey(sql))
        {
            statement.Dispose();
            return;
        }

        if (_byText.Count >= capacity)
        {
            var oldest = _recency.Last!;
            _recency.RemoveLast();
            _byText.Remove(oldest.Value.Sql);
            oldest.Value.Statement.Dispose();
        }

        _byText[sql] = _recency.AddFirst(new Entry(sql, statement, type));
    }

    /// <summary>Disposes every kept statement.</summary>
    public void Clear()
    {
        foreach (var entry in _recency)
        {
            entry.Statement.Dispose();
        }

        _recency.Clear();
        _byText.Clear();
    }

    public void Dispose() => Clear();

    /// <summary>Whether statements of this kind are kept: queries and data changes.</summary>
    public static bool Keeps(DuckDbStatementType type) => type is DuckDbStatementType.Select or DuckDbStatementType.Insert
        or DuckDbStatementType.Update or DuckDbStatementType.Delete or DuckDbStatementType.MergeInto;

    private sealed record Entry(string Sql, DuckDbPreparedStatement Statement, DuckDbStatementType Type);
}
