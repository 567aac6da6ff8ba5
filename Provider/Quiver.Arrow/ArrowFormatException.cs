namespace Quiver.Arrow;

/// <summary>
/// Bytes that are not valid Arrow IPC data: truncated, out of bounds, inconsistent, or beyond a configured limit.
/// The message says what was wrong and where.
/// </summary>
public sealed class ArrowFormatException : Exception
{
    /// <summary>Creates the exception with a message saying what was wrong and where.</summary>
    public ArrowFormatException(string message)
        : base(message)
    {
    }
}
