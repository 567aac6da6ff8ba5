using Dapper;
using Quiver.DuckDb;

namespace Quiver.Bench.Peers;

/// <summary>One row of <c>wide</c> as an application would hold it.</summary>
internal sealed record WideRow
{
    public long Id { get; init; }
    public double Amount { get; init; }
    public string Name { get; init; } = "";
    public DateTime Created { get; init; }
    public decimal Price { get; init; }
    public bool Flag { get; init; }
}

/// <summary>W4: Dapper <c>Query&lt;WideRow&gt;</c> of 1,000,000 rows (enough for stable runs); in-process DuckDB builds the same records from its vectors.</summary>
internal sealed class MaterialiseWorkload(PeerTargets targets, int runs)
{
    public const int Rows = 1_000_000;

    public IReadOnlyList<Measurement> Run(DuckDbDatabase inProcess, IReadOnlyList<Peer> peers)
    {
        var query = PeerData.Scan(Rows);
        var results = new List<Measurement>();
        foreach (var peer in peers)
        {
            var label = PeerTargets.Label(peer);
            Console.Error.WriteLine($"W4 Dapper: {label}");
            if (peer == Peer.DuckDbInProcess)
            {
                using var connection = inProcess.Connect();
                results.Add(Measurement.Take(label, runs, () => Check(Build(connection, query)), allThreads: true));
            }
            else
            {
                using var connection = targets.Connection(peer);
                connection.Open();
                results.Add(Measurement.Take(label, runs, () => Check(connection.Query<WideRow>(query).AsList()), allThreads: true));
            }
        }

        return results;
    }

    private static long Check(List<WideRow> rows)
    {
        var last = rows[^1];
        if (rows.Count != Rows || last.Id != Rows - 1 || last.Created != new DateTime(2024, 1, 1).AddTicks((Rows - 1) * TimeSpan.TicksPerMicrosecond))
        {
            throw new InvalidOperationException($"Dapper read {rows.Count} rows ending with {last}.");
        }

        return rows.Count;
    }

    private static List<WideRow> Build(DuckDbConnection connection, string query)
    {
        using var statement = connection.Prepare(query);
        using var result = statement.ExecuteStreaming();
        var rows = new List<WideRow>();
        while (result.FetchChunk() is { } chunk)
        {
            using (chunk)
            {
                var ids = chunk.GetVector(0).GetValues<long>();
                var amounts = chunk.GetVector(1).GetValues<double>();
                var names = chunk.GetVector(2);
                var created = chunk.GetVector(3).GetValues<long>();
                var prices = chunk.GetVector(4).GetValues<long>();
                var flags = chunk.GetVector(5).GetValues<byte>();
                for (var i = 0; i < chunk.RowCount; i++)
                {
                    rows.Add(new WideRow
                    {
                        Id = ids[i],
                        Amount = amounts[i],
                        Name = names.GetString(i),
                        Created = DateTime.UnixEpoch.AddTicks(created[i] * TimeSpan.TicksPerMicrosecond),
                        Price = new decimal(prices[i]) / 100m,
                        Flag = flags[i] != 0,
                    });
                }
            }
        }

        return rows;
    }
}
