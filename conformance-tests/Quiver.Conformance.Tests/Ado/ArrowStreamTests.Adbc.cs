using Apache.Arrow;
using Quiver.Conformance.Tests.Adbc;
using Quiver.Data;

namespace Quiver.Conformance.Tests.Ado;

/// <summary>The ADBC driver's C stream, imported back by Apache.Arrow, against the server's bytes and Quiver.Data's values.</summary>
public sealed partial class ArrowStreamTests
{
    [Fact]
    public async Task The_ADBC_drivers_C_stream_carries_every_type_as_the_server_sent_it_and_as_Quiver_Data_reads_it()
    {
        var expected = await ApacheReadsTheServersBytesAsync(AllTypes);
        using var adbc = new AdbcDriverFunctions(AdbcDriverProgram.Library, $"quiver://{fixture.Server.HostAndPort}", fixture.Server.Token);
        Schema schema;
        List<RecordBatch> batches;
        using (var stream = adbc.Query(AllTypes))
        {
            batches = await ReadAllAsync(stream);
            schema = stream.Schema;
        }

        AssertSame(expected, schema, batches);
        await using (var connection = await fixture.OpenAsync())
        await using (var reader = await new QuiverCommand(AllTypes, connection).ExecuteReaderAsync())
        {
            await AssertReaderReadsAsync(schema, batches, reader);
        }

        // Each imported batch releases its C array when disposed, which gives the driver its buffers back: what is left
        // alive is the database and its connection.
        batches.ForEach(batch => batch.Dispose());
        Assert.Equal(2, adbc.LiveObjects());
    }
}
