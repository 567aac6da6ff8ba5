using System.Globalization;
using System.Text;
using Quiver.Protocol.Sql;
using Quiver.Protocol.V1;

namespace Quiver.Data.Internal;

/// <summary>
/// Turns a command text and its parameters into protocol statements. Without parameters the text goes as it is (the
/// server splits it). With parameters it is split into statements here, each carrying the values it references:
/// <c>@name</c> and <c>:name</c> (for parameters in the collection) become DuckDB's <c>$name</c>; <c>$n</c> means the
/// command's n-th parameter in every statement; <c>?</c> takes the next parameter in order across statements.
/// </summary>
internal static class StatementBuilder
{
    public static void Add(ICollection<Statement> statements, string commandText, QuiverParameterCollection parameters)
    {
        if (string.IsNullOrWhiteSpace(commandText))
        {
            throw new InvalidOperationException("The command text is empty; set CommandText first.");
        }

        if (parameters.Count == 0)
        {
            statements.Add(new Statement { Sql = commandText });
            return;
        }

        var nextPositional = 0;
        var byName = new ParameterNames(parameters);
        foreach (var piece in SqlText.Split(commandText))
        {
            statements.Add(Build(commandText, piece, parameters, byName, ref nextPositional));
        }
    }

    private static Statement Build(
        string text, SqlPiece piece, QuiverParameterCollection parameters, ParameterNames byName, ref int nextPositional)
    {
        var placeholders = SqlText.Placeholders(text, piece);
        var sql = new StringBuilder(piece.Length + 16);
        var named = new List<(string, QuiverParameter)>();
        var namesTaken = new HashSet<string>(StringComparer.Ordinal);
        var positional = new List<(string, QuiverParameter)>();
        var highestNumber = 0;
        var at = piece.Start;
        foreach (var placeholder in placeholders)
        {
            switch (placeholder.Prefix)
            {
                case '?':
                    positional.Add(("", Positional(parameters, nextPositional++)));
                    break;
                case '$' when char.IsAsciiDigit(placeholder.Name[0]):
                    highestNumber = Math.Max(highestNumber, int.Parse(placeholder.Name, CultureInfo.InvariantCulture));
                    break;
                default:
                    var index = byName.IndexOf(placeholder.Name);
                    if (index < 0)
                    {
                        if (placeholder.Prefix == '$')
                        {
                            throw new InvalidOperationException(
                                $"The command text uses parameter ${placeholder.Name}, but the command has no parameter named '{placeholder.Name}'.");
                        }

                        continue; // @x or :x that is not a parameter of ours: leave the text alone
                    }

                    sql.Append(text, at, placeholder.Start - at).Append('$').Append(placeholder.Name);
                    at = placeholder.Start + placeholder.Length;
                    if (namesTaken.Add(placeholder.Name))
                    {
                        named.Add((placeholder.Name, parameters[index]));
                    }

                    break;
            }
        }

        sql.Append(text, at, piece.Start + piece.Length - at);
        for (var n = 1; n <= highestNumber; n++)
        {
            positional.Add((n.ToString(CultureInfo.InvariantCulture), Positional(parameters, n - 1)));
        }

        if ((named.Count > 0 && positional.Count > 0) || (highestNumber > 0 && positional.Count > highestNumber))
        {
            throw new InvalidOperationException("A statement cannot mix named parameters (@name, :name, $name) with positional ones (?, $1), nor ? with $1.");
        }

        var values = named.Count > 0 ? named : positional;
        var statement = new Statement { Sql = sql.ToString() };
        if (values.Count > 0)
        {
            statement.Parameters = ParameterEncoder.Encode(values);
        }

        return statement;
    }

    /// <summary>
    /// The command's parameters by name, looked up as <see cref="QuiverParameterCollection.IndexOf(string)"/> does (the
    /// first exact match, else the first match ignoring case) but in constant time: EF Core's SaveChanges sends commands
    /// with thousands of parameters, and a linear search per placeholder made building them quadratic.
    /// </summary>
    private sealed class ParameterNames
    {
        private readonly Dictionary<string, int> _exact = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _ignoringCase = new(StringComparer.OrdinalIgnoreCase);

        public ParameterNames(QuiverParameterCollection parameters)
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                _exact.TryAdd(parameters[i].ParameterName, i);
                _ignoringCase.TryAdd(parameters[i].ParameterName, i);
            }
        }

        public int IndexOf(string name)
            => _exact.TryGetValue(name, out var index) || _ignoringCase.TryGetValue(name, out index) ? index : -1;
    }

    private static QuiverParameter Positional(QuiverParameterCollection parameters, int index)
        => index < parameters.Count ? parameters[index]
            : throw new InvalidOperationException($"The command text uses {index + 1} positional parameter(s) but the command has only {parameters.Count}.");
}
