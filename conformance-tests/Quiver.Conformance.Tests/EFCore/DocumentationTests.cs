using System.Numerics;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Quiver.Conformance.Tests.EFCore;

/// <summary>docs/efcore.md's type table says what the provider's type mapping source does.</summary>
public sealed partial class DocumentationTests
{
    private static readonly Dictionary<string, Type> ClrTypes = new()
    {
        ["bool"] = typeof(bool), ["sbyte"] = typeof(sbyte), ["short"] = typeof(short), ["int"] = typeof(int), ["long"] = typeof(long),
        ["byte"] = typeof(byte), ["ushort"] = typeof(ushort), ["uint"] = typeof(uint), ["ulong"] = typeof(ulong),
        ["System.Numerics.BigInteger"] = typeof(BigInteger), ["float"] = typeof(float), ["double"] = typeof(double),
        ["decimal"] = typeof(decimal), ["string"] = typeof(string), ["char"] = typeof(char), ["byte[]"] = typeof(byte[]),
        ["Guid"] = typeof(Guid), ["DateOnly"] = typeof(DateOnly), ["TimeOnly"] = typeof(TimeOnly), ["DateTime"] = typeof(DateTime),
        ["DateTimeOffset"] = typeof(DateTimeOffset), ["TimeSpan"] = typeof(TimeSpan),
    };

    [Fact]
    public void The_type_table_in_the_docs_matches_the_type_mapping_source()
    {
        var root = typeof(DocumentationTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "QuiverRepoRoot").Value!;
        var doc = File.ReadAllText(Path.Combine(root, "docs", "efcore.md"));
        var table = doc[doc.IndexOf("<!-- type table:", StringComparison.Ordinal)..doc.IndexOf("<!-- type table end -->", StringComparison.Ordinal)];
        using var context = new DbContext(new DbContextOptionsBuilder().UseQuiver("Host=127.0.0.1;Port=1;Token=unused").Options);
        var mappings = context.GetService<IRelationalTypeMappingSource>();
        var documented = new HashSet<Type>();

        foreach (var line in table.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            var clrNames = Code().Matches(cells[1]).Select(m => m.Groups[1].Value).ToList();
            var storeTypes = Code().Matches(cells[2]).Select(m => m.Groups[1].Value).ToList();
            for (var i = 0; i < clrNames.Count; i++)
            {
                var type = ClrTypes[clrNames[i]];
                Assert.Equal(storeTypes[clrNames.Count == storeTypes.Count ? i : 0], mappings.FindMapping(type)!.StoreType);
                documented.Add(type);
            }
        }

        Assert.Equal(ClrTypes.Values.ToHashSet(), documented);
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();
}
