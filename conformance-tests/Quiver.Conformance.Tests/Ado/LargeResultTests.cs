using Quiver.Data;

namespace Quiver.Conformance.Tests.Ado;

/// <summary>
/// Results of many batches read intact: each batch's payload arrives in a pooled buffer that goes back to the pool
/// when the reader moves on, except payloads carrying dictionaries, which later batches still refer to.
/// </summary>
public sealed class LargeResultTests(AdoServer fixture) : IClassFixture<AdoServer>
{
    private const int Rows = 400_000;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_value_of_a_many_batch_result_with_dictionaries_reads_back(bool async)
    {
        await using var connection = await fixture.OpenAsync();
        await using var command = new QuiverCommand(
            $"""
            SELECT i, ('customer-' || (i % 997)::VARCHAR) AS name, (['red', 'green', 'blue'])[(i % 3) + 1]::ENUM('red', 'green', 'blue') AS colour
            FROM range({Rows}) t(i) ORDER BY i
            """,
            connection);
        string[] colours = ["red", "green", "blue"];
        var seen = 0;
        await using (var reader = async ? await command.ExecuteReaderAsync() : command.ExecuteReader())
        {
            while (async ? await reader.ReadAsync() : reader.Read())
            {
                var i = reader.GetInt64(0);
                Assert.Equal(seen, i);
                Assert.Equal($"customer-{i % 997}", reader.GetString(1));
                Assert.Equal(colours[i % 3], reader.GetString(2));
                seen++;
            }
        }

        Assert.Equal(Rows, seen);
    }
}
