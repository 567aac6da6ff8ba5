using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Quiver.EntityFrameworkCore.Diagnostics.Internal;

/// <summary>The provider's log message definitions: the relational ones, with none of its own yet.</summary>
public sealed class QuiverLoggingDefinitions : RelationalLoggingDefinitions
{
}
