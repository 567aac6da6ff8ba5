using Google.Protobuf;
using Quiver.Protocol.V1;

namespace Quiver.Protocol.Tests;

public sealed class ProtocolMessageTests
{
    [Fact]
    public void Execute_events_round_trip()
    {
        var request = new ExecuteRequest
        {
            Session = new SessionRef { SessionId = "abc", Epoch = 42 },
            OperationId = Guid.NewGuid().ToString(),
            Statements = { new Statement { Sql = "SELECT $1", Parameters = ByteString.CopyFrom(1, 2, 3) } },
            Options = new ExecuteOptions { MaxRows = 10, TimeoutMs = 5_000 },
        };
        var events = new[]
        {
            new ExecuteEvent { Sequence = 1, ResultSetStart = new ResultSetStart { ArrowSchema = ByteString.CopyFrom(9) } },
            new ExecuteEvent { Sequence = 2, Batch = new ResultBatch { RowOffset = 0, RowCount = 1, ArrowMessages = ByteString.CopyFrom(8) } },
            new ExecuteEvent { Sequence = 3, ResultSetEnd = new ResultSetEnd { Kind = StatementKind.Query, RowsAffected = -1, RowsProduced = 1 } },
            new ExecuteEvent { Sequence = 4, OperationEnd = new OperationEnd { Error = new Error { SqlState = "42601", ErrorClass = ErrorClass.Syntax, Line = 1, Column = 8 } } },
        };

        Assert.Equal(request, ExecuteRequest.Parser.ParseFrom(request.ToByteArray()));
        Assert.All(events, e => Assert.Equal(e, ExecuteEvent.Parser.ParseFrom(e.ToByteArray())));
    }

    [Fact]
    public void A_newer_peer_s_unknown_fields_and_enum_values_are_ignored()
    {
        // An OpenSessionResponse from a "future" server: an unknown field 50 and an unknown capability value 99.
        var known = new OpenSessionResponse { ProtocolVersion = 1, Capabilities = { Capability.Parameters } }.ToByteArray();
        var output = new MemoryStream();
        output.Write(known);
        var writer = new CodedOutputStream(output, leaveOpen: true);
        writer.WriteTag(50, WireFormat.WireType.LengthDelimited);
        writer.WriteString("from the future");
        writer.WriteTag(3, WireFormat.WireType.Varint);
        writer.WriteInt32(99);
        writer.Flush();

        var parsed = OpenSessionResponse.Parser.ParseFrom(output.ToArray());

        Assert.Equal(1u, parsed.ProtocolVersion);
        Assert.Equal(Capability.Parameters, parsed.Capabilities[0]);
        Assert.Equal(2, parsed.Capabilities.Count);
        Assert.False(Enum.IsDefined(parsed.Capabilities[1]));
    }

    [Fact]
    public void Every_message_reserves_the_extension_range()
    {
        var messages = QuiverReflection.Descriptor.MessageTypes;

        Assert.NotEmpty(messages);
        var proto = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "quiver.proto"));
        Assert.Equal(messages.Count, System.Text.RegularExpressions.Regex.Count(proto, @"reserved 1000 to 1999;"));
    }
}
