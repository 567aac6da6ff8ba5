namespace Quiver.Arrow;

/// <summary>Limits that keep a reader's memory and work bounded whatever bytes it is fed.</summary>
public sealed record ArrowReaderOptions
{
    /// <summary>The defaults.</summary>
    public static ArrowReaderOptions Default { get; } = new();

    /// <summary>Largest message (metadata plus body) the reader accepts; default 256 MiB.</summary>
    public long MaxMessageBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Most fields a schema may have, counting nested children; default 10,000.</summary>
    public int MaxFieldCount { get; init; } = 10_000;

    /// <summary>Deepest nesting of nested types; default 64.</summary>
    public int MaxNestingDepth { get; init; } = 64;

    /// <summary>Most bytes all dictionaries of a stream may hold together, deltas included; default 256 MiB.</summary>
    public long MaxDictionaryBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Most entries one dictionary may reach through deltas; default 16,777,216.</summary>
    public int MaxDictionaryEntries { get; init; } = 1 << 24;
}
