using System.Globalization;

namespace Quiver.Data.Internal;

/// <summary>One connection-string keyword: its canonical name, synonyms, default, value check and documentation.</summary>
internal sealed record ConnectionKeyword(string Name, string[] Synonyms, object? Default, Type ValueType, string Description)
{
    /// <summary>Checks and normalises a value given as text or as a typed value; a bad value is an ArgumentException naming the keyword.</summary>
    public object? Convert(object? value)
    {
        if (value is null || (value is string s && s.Length == 0 && ValueType != typeof(string)))
        {
            return null;
        }

        try
        {
            return ValueType switch
            {
                _ when ValueType == typeof(string) => System.Convert.ToString(value, CultureInfo.InvariantCulture),
                _ when ValueType == typeof(bool) => value is bool b ? b : ParseBool(value.ToString()!),
                _ when ValueType == typeof(int) => value is int i ? CheckRange(i) : CheckRange(int.Parse(value.ToString()!.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture)),
                _ => throw new InvalidOperationException($"Keyword type {ValueType} is not handled."),
            };
        }
        catch (Exception error) when (error is FormatException or OverflowException)
        {
            throw new ArgumentException($"Connection string keyword '{Name}' has an invalid value '{value}': {Expected}.", Name, error);
        }
    }

    private string Expected => ValueType == typeof(bool) ? "expected true/false, yes/no or 1/0"
        : ValueType == typeof(int) ? "expected a whole number of 0 or more"
        : "expected text";

    private int CheckRange(int value) => value >= 0 ? value : throw new FormatException("negative");

    private static bool ParseBool(string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "1" or "on" => true,
        "false" or "no" or "0" or "off" => false,
        _ => throw new FormatException("not a boolean"),
    };
}
