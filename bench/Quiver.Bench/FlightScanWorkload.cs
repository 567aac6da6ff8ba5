using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Flight;
using Apache.Arrow.Flight.Client;
using Apache.Arrow.Ipc;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Quiver.Bench.Peers;
using Quiver.Data;
using Quiver.GrpcPeers;
using Quiver.Protocol.Grpc;
using Quiver.Server.Flight.Sql;

namespace Quiver.Bench;

/// <summary>
/// W7: the W1 scan (BIGINT, DOUBLE, VARCHAR, TIMESTAMP, DECIMAL(18,2), BOOLEAN) from the same server in one run, through
/// quiver.v1 (Quiver.Data's Arrow stream) and through Flight SQL (Apache.Arrow.Flight's FlightClient, GetFlightInfo then
/// DoGet); both read every value from Apache.Arrow spans with the same code, and must agree on every total first.
/// </summary>
internal sealed class FlightScanWorkload(long rows, int runs)
{
    public const string Name = "flight-scan";
    private const string QuiverV1 = "quiver.v1: Quiver.Data ExecuteArrowStreamAsync";
    private const string Query = WideScan.Query;

    public IReadOnlyList<Measurement> Run()
    {
        var (server, address, token) = BenchServer.Start();
        try
        {
            using var connection = new QuiverConnection($"Host={address.Host};Port={address.Port};Token={token};Command Timeout=0");
            connection.Open();
            using (var create = new QuiverCommand(WideScan.Create(rows), connection))
            {
                create.ExecuteNonQuery();
            }

            using var channel = QuiverChannel.Create(address);
            var flight = new FlightClient(channel);
            var headers = new Metadata { { "authorization", "Bearer " + token } };
            var byQuiver = ScanQuiver(connection);
            var byFlight = ScanFlight(flight, headers);
            if (byQuiver != byFlight)
            {
                throw new InvalidOperationException($"Flight SQL read {byFlight}, quiver.v1 {byQuiver}.");
            }

            return
            [
                Measurement.Take(QuiverV1, runs, () => ScanQuiver(connection).Rows, allThreads: true),
                Measurement.Take("Flight SQL: FlightClient GetFlightInfo + DoGet", runs, () => ScanFlight(flight, headers).Rows, allThreads: true)
                    with { ComparedTo = QuiverV1 },
            ];
        }
        finally
        {
            QuiverConnection.ClearAllPools();
            ChildProcesses.KillAndDisposeAsync(server).GetAwaiter().GetResult();
        }
    }

    private static ScanTotals ScanQuiver(QuiverConnection connection)
    {
        using var command = new QuiverCommand(Query, connection);
        using var stream = command.ExecuteArrowStreamAsync().GetAwaiter().GetResult();
        return WideScan.ReadAsync(stream).GetAwaiter().GetResult();
    }

    private static ScanTotals ScanFlight(FlightClient client, Metadata headers)
    {
        var descriptor = FlightDescriptor.CreateCommandDescriptor(Any.Pack(new CommandStatementQuery { Query = Query }).ToByteArray());
        var info = client.GetInfo(descriptor, headers).ResponseAsync.GetAwaiter().GetResult();
        using var call = client.GetStream(info.Endpoints[0].Ticket, headers);
        using var stream = new FlightStream(call.ResponseStream);
        return WideScan.ReadAsync(stream).GetAwaiter().GetResult();
    }

    /// <summary>A DoGet response as an <see cref="IArrowArrayStream"/>, so both paths share one consumer.</summary>
    private sealed class FlightStream(FlightClientRecordBatchStreamReader reader) : IArrowArrayStream
    {
        public Schema Schema => reader.Schema.AsTask().GetAwaiter().GetResult();

        public async ValueTask<RecordBatch> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default)
            => await reader.MoveNext(cancellationToken) ? reader.Current : null!;

        public void Dispose() => reader.Dispose();
    }
}
