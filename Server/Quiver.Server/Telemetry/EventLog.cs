using System.Text.Json;

namespace Quiver.Server.Telemetry;

/// <summary>Appends one JSON object per line to a file: session and operation events for auditing and analysis.</summary>
internal sealed class EventLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly object _gate = new();

    public EventLog(string path)
    {
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        _writer = new StreamWriter(stream) { AutoFlush = true };
    }

    public void Write(object entry)
    {
        var line = JsonSerializer.Serialize(entry);
        var stamped = "{\"time\":\"" + DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture) + "\"," + line[1..];
        lock (_gate)
        {
            _writer.WriteLine(stamped);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer.Dispose();
        }
    }
}
