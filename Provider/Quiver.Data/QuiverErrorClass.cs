namespace Quiver.Data;

/// <summary>What kind of failure a <see cref="QuiverException"/> reports (the server's error class).</summary>
public enum QuiverErrorClass
{
    /// <summary>Not classified.</summary>
    Unspecified = 0,

    /// <summary>The SQL does not parse.</summary>
    Syntax = 1,

    /// <summary>The SQL names something that does not exist or does not fit (tables, columns, functions, types).</summary>
    Semantic = 2,

    /// <summary>A constraint was violated (NOT NULL, unique, foreign key, CHECK).</summary>
    Constraint = 3,

    /// <summary>A transaction failed or conflicted.</summary>
    Transaction = 4,

    /// <summary>A value could not be converted or is out of range.</summary>
    Data = 5,

    /// <summary>The statement or call is not allowed.</summary>
    Permission = 6,

    /// <summary>A limit was reached (sessions, memory, message size, a busy server).</summary>
    Resource = 7,

    /// <summary>The operation was cancelled.</summary>
    Cancelled = 8,

    /// <summary>The operation ran past its timeout.</summary>
    Timeout = 9,

    /// <summary>The session is gone (closed, expired, or the server restarted).</summary>
    Session = 10,

    /// <summary>Client and server disagree about the protocol, or the connection failed.</summary>
    Protocol = 11,

    /// <summary>An internal server error.</summary>
    Internal = 12,
}
