using System.Buffers;
using Google.Protobuf;
using Grpc.Core;
using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Protocol.Tests.Grpc;

/// <summary>The pooled ExecuteEvent marshaller reads exactly what protobuf's parser reads, for every event.</summary>
public sealed class PooledBatchesTests
{
    [Fact]
    public void A_batch_arrives_with_its_fields_and_payload_intact_in_a_pooled_buffer()
    {
        var sent = new ExecuteEvent
        {
            Sequence = 300,
            Batch = new ResultBatch { StatementIndex = 2, RowOffset = 1UL << 40, RowCount = 65_536, ArrowMessages = ByteString.CopyFrom(Pattern(100_000)) },
        };

        var received = Receive(sent.ToByteArray());

        Assert.Equal(sent, received);
        PooledBatches.Return(received.Batch);
        Assert.True(received.Batch.ArrowMessages.IsEmpty);
    }

    [Fact]
    public void An_event_in_a_rented_buffer_is_read_where_it_lies_and_a_batch_keeps_that_buffer()
    {
        var batch = new ExecuteEvent { Sequence = 9, Batch = new ResultBatch { RowCount = 10, ArrowMessages = ByteString.CopyFrom(Pattern(70_000)) } };
        var end = new ExecuteEvent { Sequence = 10, OperationEnd = new OperationEnd() };
        foreach (var sent in new[] { batch, end })
        {
            var bytes = sent.ToByteArray();
            var buffer = ArrayPool<byte>.Shared.Rent(bytes.Length + 13);
            bytes.CopyTo(buffer, 13);

            var received = PooledBatches.Parse(buffer, 13, bytes.Length);

            Assert.Equal(sent, received);
            PooledBatches.Return(received.Batch);
        }
    }

    [Theory]
    [MemberData(nameof(OtherEvents))]
    public void Every_other_event_reads_as_protobuf_reads_it(ExecuteEvent sent)
    {
        Assert.Equal(sent, Receive(sent.ToByteArray()));
    }

    public static TheoryData<ExecuteEvent> OtherEvents() =>
    [
        new ExecuteEvent { Sequence = 1, ResultSetStart = new ResultSetStart { StatementIndex = 1, ArrowSchema = ByteString.CopyFrom(Pattern(50)) } },
        new ExecuteEvent { Sequence = 2, ResultSetEnd = new ResultSetEnd { StatementIndex = 1, Kind = StatementKind.Query, RowsAffected = -1 } },
        new ExecuteEvent { Sequence = 3, OperationEnd = new OperationEnd { Error = new Error { SqlState = "42P01", Message = "missing" } } },
        new ExecuteEvent { Sequence = 4 },
        new ExecuteEvent { Sequence = 5, Batch = new ResultBatch() },
    ];

    [Fact]
    public void Unknown_fields_around_and_inside_a_batch_are_skipped_as_protobuf_skips_them()
    {
        var batch = new ResultBatch { RowCount = 3, ArrowMessages = ByteString.CopyFrom(Pattern(64)) }.ToByteArray();
        var output = new MemoryStream();
        var writer = new CodedOutputStream(output);
        writer.WriteTag(900, WireFormat.WireType.Varint); // unknown, before
        writer.WriteUInt64(7);
        writer.WriteTag(3, WireFormat.WireType.LengthDelimited);
        var inner = new MemoryStream();
        var innerWriter = new CodedOutputStream(inner);
        innerWriter.WriteTag(901, WireFormat.WireType.Fixed32);
        innerWriter.WriteFixed32(1);
        innerWriter.WriteTag(902, WireFormat.WireType.LengthDelimited);
        innerWriter.WriteBytes(ByteString.CopyFrom(1, 2, 3));
        innerWriter.Flush();
        writer.WriteBytes(ByteString.CopyFrom([.. inner.ToArray(), .. batch]));
        writer.WriteTag(1, WireFormat.WireType.Varint);
        writer.WriteUInt64(9);
        writer.Flush();
        var bytes = output.ToArray();

        var expected = ExecuteEvent.Parser.ParseFrom(bytes);
        var received = Receive(bytes);

        Assert.Equal(9UL, received.Sequence);
        Assert.Equal(expected.Batch.ArrowMessages, received.Batch.ArrowMessages);
        Assert.Equal(expected.Batch.RowCount, received.Batch.RowCount);
    }

    [Fact]
    public void Every_truncation_of_a_batch_is_refused_as_protobuf_refuses_it_or_reads_the_same()
    {
        var bytes = new ExecuteEvent { Sequence = 8, Batch = new ResultBatch { RowCount = 1, ArrowMessages = ByteString.CopyFrom(Pattern(40)) } }.ToByteArray();
        for (var length = 0; length < bytes.Length; length++)
        {
            var cut = bytes[..length];
            ExecuteEvent? expected;
            try
            {
                expected = ExecuteEvent.Parser.ParseFrom(cut);
            }
            catch (InvalidProtocolBufferException)
            {
                Assert.Throws<InvalidProtocolBufferException>(() => Receive(cut));
                continue;
            }

            Assert.Equal(expected, Receive(cut));
        }
    }

    private static ExecuteEvent Receive(byte[] bytes) => PooledBatches.EventMarshaller.ContextualDeserializer(new Payload(bytes));

    private static byte[] Pattern(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 7))];

    private sealed class Payload(byte[] bytes) : DeserializationContext
    {
        public override int PayloadLength => bytes.Length;

        public override byte[] PayloadAsNewBuffer() => (byte[])bytes.Clone();

        public override ReadOnlySequence<byte> PayloadAsReadOnlySequence() => new(bytes);
    }
}
