using Apache.Arrow;
using Apache.Arrow.Flight.Client;
using Apache.Arrow.Types;
using Grpc.Core;
using Quiver.Server.Flight.Sql;
using Options = Quiver.Server.Flight.Sql.CommandStatementIngest.Types.TableDefinitionOptions;

namespace Quiver.Conformance.Tests.Flight;

/// <summary>CommandStatementIngest: record batches sent with DoPut land in a table, as the table options say.</summary>
public sealed partial class FlightSqlTests
{
    [Fact]
    public async Task CommandStatementIngest_creates_appends_and_replaces_a_table_from_the_batches_sent()
    {
        using var channel = Channel();
        var client = new FlightClient(channel);
        var table = "flight_ingest_" + Guid.NewGuid().ToString("N")[..8];

        Assert.Equal(30, await IngestAsync(client, table, Options.Types.TableNotExistOption.Create, Options.Types.TableExistsOption.Fail));
        var exists = await Assert.ThrowsAsync<RpcException>(() => IngestAsync(client, table, Options.Types.TableNotExistOption.Create, Options.Types.TableExistsOption.Fail));
        Assert.StartsWith("42P07: ", exists.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(30, await IngestAsync(client, table, Options.Types.TableNotExistOption.Fail, Options.Types.TableExistsOption.Append));

        var (_, batches) = await QueryAsync(client, $"SELECT count(*) AS n, sum(id) AS ids, count(name) AS names FROM {table}");
        var row = batches.Single();
        Assert.Equal(60L, ((Int64Array)row.Column(0)).GetValue(0));
        Assert.Equal(2 * (29 * 30 / 2), (long)((Decimal128Array)row.Column(1)).GetValue(0)!.Value);
        Assert.Equal(40L, ((Int64Array)row.Column(2)).GetValue(0));

        Assert.Equal(30, await IngestAsync(client, table, Options.Types.TableNotExistOption.Create, Options.Types.TableExistsOption.Replace));
        Assert.Equal(30L, ((Int64Array)(await QueryAsync(client, $"SELECT count(*) AS n FROM {table}")).Batches.Single().Column(0)).GetValue(0));
        var missing = await Assert.ThrowsAsync<RpcException>(() => IngestAsync(client, table + "_missing", Options.Types.TableNotExistOption.Fail, Options.Types.TableExistsOption.Append));
        Assert.StartsWith("42P01: ", missing.Status.Detail, StringComparison.Ordinal);
    }

    // Three batches of ten rows (id 0..29, name NULL for every third row).
    private async Task<long> IngestAsync(FlightClient client, string table, Options.Types.TableNotExistOption ifNotExist, Options.Types.TableExistsOption ifExists)
    {
        var command = new CommandStatementIngest
        {
            Table = table,
            TableDefinitionOptions = new Options { IfNotExist = ifNotExist, IfExists = ifExists },
        };
        using var put = client.StartPut(Command(command), Bearer());
        var schema = new Schema([new Field("id", Int64Type.Default, false), new Field("name", StringType.Default, true)], null);
        var batches = new List<RecordBatch>();
        for (var b = 0; b < 3; b++)
        {
            var ids = new Int64Array.Builder();
            var names = new StringArray.Builder();
            for (var i = b * 10; i < b * 10 + 10; i++)
            {
                ids.Append(i);
                if (i % 3 == 0)
                {
                    names.AppendNull();
                }
                else
                {
                    names.Append("n" + i);
                }
            }

            batches.Add(new RecordBatch(schema, [ids.Build(), names.Build()], 10));
        }

        await WriteAllAsync(put.RequestStream, batches);
        Assert.True(await put.ResponseStream.MoveNext(CancellationToken.None));
        return DoPutUpdateResult.Parser.ParseFrom(put.ResponseStream.Current.ApplicationMetadata).RecordCount;
    }
}
