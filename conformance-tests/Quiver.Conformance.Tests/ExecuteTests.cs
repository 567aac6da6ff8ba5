using Quiver.Arrow;
using Quiver.Protocol.V1;

namespace Quiver.Conformance.Tests;

/// <summary>Execute against the real server and DuckDB: results, batches, statement kinds, multiple result sets.</summary>
public sealed class ExecuteTests
{
    [Fact]
    public async Task A_query_streams_its_schema_batches_and_summary()
    {
        await using var server = await ServerProcess.StartAsync();
        await using var session = await TestSession.OpenAsync(server);

        var result = await session.ExecuteAsync("SELECT i AS id, 'n' || i AS name, i % 3 = 0 AS flag FROM range(5000) t(i) ORDER BY i");

        Assert.Null(result.Error);
        var set = result.ResultSets.Single();
        Assert.Equal(["id", "name", "flag"], set.Schema!.Fields.Select(f => f.Name));
        Assert.Equal([ArrowTypeId.Int64, ArrowTypeId.Utf8, ArrowTypeId.Boolean], set.Schema.Fields.Select(f => f.Type.Id));
        Assert.Equal(5000, set.Rows.Count);
        Assert.Equal([4999L, "n4999", false], set.Rows[^1]);
        Assert.Equal(StatementKind.Query, set.End.Kind);
        Assert.Equal(5000UL, set.End.RowsProduced);
        Assert.Equal(-1, set.End.RowsAffected);
        Assert.False(set.End.Truncated);
    }
}
