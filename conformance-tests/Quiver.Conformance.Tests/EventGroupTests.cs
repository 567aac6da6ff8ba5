using Quiver.Protocol.Grpc;
using Quiver.Protocol.V1;

namespace Quiver.Conformance.Tests;

/// <summary>CAPABILITY_EVENT_GROUPS: a small result travels as one message, and only to clients that ask for it.</summary>
public sealed class EventGroupTests
{
    private static OpenSessionRequest Asking(params Capability[] capabilities)
    {
        var request = new OpenSessionRequest { MinProtocolVersion = 1, MaxProtocolVersion = 1 };
        request.Capabilities.Add(capabilities);
        return request;
    }

    [Fact]
    public async Task A_small_result_is_one_group_of_its_four_events_in_sequence()
    {
        await using var server = await ServerProcess.StartAsync();
        await using var session = await TestSession.OpenAsync(server, request: Asking(Capability.EventGroups));

        var messages = await MessagesAsync(session, session.Request("SELECT 42 AS answer"));

        Assert.Contains(Capability.EventGroups, session.Opened.Capabilities);
        var group = Assert.Single(messages).Group;
        Assert.NotNull(group);
        Assert.Equal(
            [ExecuteEvent.EventOneofCase.ResultSetStart, ExecuteEvent.EventOneofCase.Batch, ExecuteEvent.EventOneofCase.ResultSetEnd, ExecuteEvent.EventOneofCase.OperationEnd],
            group.Events.Select(e => e.EventCase));
        Assert.Equal([1UL, 2UL, 3UL, 4UL], group.Events.Select(e => e.Sequence));
        Assert.Equal(1u, group.Events[1].Batch.RowCount);
    }

    [Fact]
    public async Task A_client_that_does_not_ask_gets_one_message_per_event()
    {
        await using var server = await ServerProcess.StartAsync();
        await using var session = await TestSession.OpenAsync(server);

        var messages = await MessagesAsync(session, session.Request("SELECT 42 AS answer"));

        Assert.DoesNotContain(Capability.EventGroups, session.Opened.Capabilities);
        Assert.Equal([1UL, 2UL, 3UL, 4UL], messages.Select(e => e.Sequence));
        Assert.DoesNotContain(messages, e => e.EventCase == ExecuteEvent.EventOneofCase.Group);
    }

    [Fact]
    public async Task Full_batches_of_a_large_result_are_sent_as_they_are_made_and_statements_before_the_last_are_not_held()
    {
        await using var server = await ServerProcess.StartAsync();
        await using var session = await TestSession.OpenAsync(server, request: Asking(Capability.EventGroups));

        var messages = await MessagesAsync(session, session.Request("CREATE TEMP TABLE t AS SELECT 1 AS x", "SELECT range AS i, 'row-' || range::VARCHAR AS s FROM range(500000)"));

        var events = messages.SelectMany(m => m.EventCase == ExecuteEvent.EventOneofCase.Group ? m.Group.Events : [m]).ToList();
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (ulong)i), events.Select(e => e.Sequence));
        Assert.Equal(ExecuteEvent.EventOneofCase.ResultSetEnd, messages[0].EventCase);
        Assert.True(events.Count(e => e.EventCase == ExecuteEvent.EventOneofCase.Batch) > 2, "the result should take several batches");
        Assert.Equal(500_000UL, (ulong)events.Where(e => e.EventCase == ExecuteEvent.EventOneofCase.Batch).Sum(e => (long)e.Batch.RowCount));
        // Only a result's start with nothing else, and its last batch with what follows it, are grouped.
        Assert.All(messages.Where(m => m.EventCase == ExecuteEvent.EventOneofCase.Group), m => Assert.True(m.Group.Events.Count(e => e.EventCase == ExecuteEvent.EventOneofCase.Batch) <= 1));
    }

    private static async Task<List<ExecuteEvent>> MessagesAsync(TestSession session, ExecuteRequest request)
    {
        var messages = new List<ExecuteEvent>();
        await using var stream = await session.Client.ExecuteAsync(request, session.Auth);
        while (await stream.MoveNextAsync())
        {
            messages.Add(stream.Current);
        }

        return messages;
    }
}
