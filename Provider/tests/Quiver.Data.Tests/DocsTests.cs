using System.Reflection;
using System.Text;
using Quiver.Data.Internal;
using Quiver.Data.Types;

namespace Quiver.Data.Tests;

/// <summary>
/// docs/connection-strings.md and docs/type-mapping.md hold tables generated from the tables in code. Run the tests
/// with QUIVER_UPDATE_DOCS=1 to rewrite them after changing the code.
/// </summary>
public sealed class DocsTests
{
    private static readonly string Root = typeof(DocsTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "QuiverRepoRoot").Value!;

    [Fact]
    public void Connection_string_page_lists_every_keyword_as_the_code_does()
        => AssertSection("connection-strings.md", KeywordTable());

    [Fact]
    public void Type_mapping_page_shows_the_mapping_table_from_code()
        => AssertSection("type-mapping.md", TypeTable());

    private static string KeywordTable()
    {
        var table = new StringBuilder("| Keyword | Synonyms | Default | Meaning |\n|---|---|---|---|\n");
        foreach (var keyword in ConnectionKeywords.All)
        {
            var value = keyword.Default switch { null => "", bool b => b ? "true" : "false", var v => v.ToString() };
            table.Append($"| `{keyword.Name}` | {string.Join(", ", keyword.Synonyms.Select(s => $"`{s}`"))} | {value} | {keyword.Description} |\n");
        }

        return table.ToString();
    }

    private static string TypeTable()
    {
        var table = new StringBuilder("| SQL type | QuiverDbType | DbType | GetValue / GetFieldType | Also readable as | Parameters inferred from | Notes |\n|---|---|---|---|---|---|---|\n");
        foreach (var m in TypeMappings.All)
        {
            table.Append($"| {m.SqlName} | {m.QuiverType} | {m.DbType} | {ColumnReader.Describe(m.FieldType)} | {string.Join(", ", m.AlsoReadableAs.Select(ColumnReader.Describe))} | ")
                .Append($"{string.Join(", ", m.InferredFrom.Select(ColumnReader.Describe))} | {m.Notes} |\n");
        }

        return table.ToString();
    }

    private static void AssertSection(string page, string expected)
    {
        const string Begin = "<!-- generated from code: begin -->\n";
        const string End = "<!-- generated from code: end -->";
        var path = Path.Combine(Root, "docs", page);
        var text = File.ReadAllText(path);
        var start = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"{page} has no generated section markers.");
        var current = text[(start + Begin.Length)..end];
        if (Environment.GetEnvironmentVariable("QUIVER_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, text[..(start + Begin.Length)] + expected + text[end..]);
            return;
        }

        Assert.Equal(expected, current);
    }
}
