using System.Collections.Concurrent;

namespace Quiver.Server.Telemetry;

/// <summary>One operation as quiver_queries() shows it.</summary>
internal sealed record QueryEntry(
    string OperationId, string Principal, string SessionId, string Call, string Statement, DateTimeOffset Started,
    TimeSpan Duration, long Rows, long Bytes, string Outcome, string? SqlState);

/// <summary>
/// The operations running now and the last <c>query-history</c> finished ones of each tenant, newest last. Bounded:
/// a tenant's ring drops its oldest entry for each new one, and statement texts are cut to <see cref="MaxStatementLength"/>.
/// </summary>
internal sealed class QueryHistory(int perTenant)
{
    public const int MaxStatementLength = 1000;

    private readonly ConcurrentDictionary<OperationRecord, byte> _running = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<string, Queue<QueryEntry>> _finished = new(StringComparer.Ordinal);

    public static string Cut(string statement)
    {
        var text = statement.AsSpan().Trim();
        return text.Length > MaxStatementLength ? string.Concat(text[..(MaxStatementLength - 1)], "…")
            : text.Length == statement.Length ? statement
            : text.ToString();
    }

    public void Started(OperationRecord record) => _running.TryAdd(record, 0);

    public void Ended(OperationRecord record, string outcome, string? sqlState)
    {
        _running.TryRemove(record, out _);
        if (perTenant == 0)
        {
            return;
        }

        var ring = _finished.GetOrAdd(record.Session.Tenant, _ => new Queue<QueryEntry>());
        var entry = Entry(record, outcome, sqlState);
        lock (ring)
        {
            ring.Enqueue(entry);
            if (ring.Count > perTenant)
            {
                ring.Dequeue();
            }
        }
    }

    /// <summary>The tenant's finished operations, oldest first, then its running ones.</summary>
    public List<QueryEntry> Of(string tenant)
    {
        var entries = new List<QueryEntry>();
        if (_finished.TryGetValue(tenant, out var ring))
        {
            lock (ring)
            {
                entries.AddRange(ring);
            }
        }

        entries.AddRange(_running.Keys.Where(r => r.Session.Tenant == tenant).OrderBy(r => r.StartedAt).Select(r => Entry(r, "running", null)));
        return entries;
    }

    private static QueryEntry Entry(OperationRecord record, string outcome, string? sqlState) => new(
        record.OperationId, record.Session.Principal, record.Session.Id, record.Call, record.Statement, record.StartedAt,
        record.Elapsed, record.RowsProduced, record.BytesSent, outcome, sqlState);
}
