namespace Quiver.Arrow.Tests.Interop;

/// <summary>The streams apache-arrow writes for the cross-checks, in a temporary folder for the test run.</summary>
public sealed class JsWrittenStreams : IDisposable
{
    public JsWrittenStreams()
    {
        var (exitCode, output) = NodeInterop.Run("write", Folder);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"apache-arrow failed to write the cross-check streams:\n{output}");
        }
    }

    public string Folder { get; } = Directory.CreateTempSubdirectory("quiver-arrow-js-").FullName;

    public string PathOf(string name) => Path.Combine(Folder, name);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
