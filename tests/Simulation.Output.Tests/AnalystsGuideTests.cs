using System.Text.RegularExpressions;
using Simulation.Testing;

namespace Simulation.Output.Tests;

/// <summary>Runs every <c>```sql</c> block of docs/analysts.md against a small dataset, so the guide stays true.</summary>
public sealed partial class AnalystsGuideTests
{
    private static IReadOnlyList<string> SqlBlocks() =>
        [.. SqlBlock().Matches(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "analysts.md"))).Select(m => m.Groups[1].Value)];

    [Fact]
    public void Guide_HasTheDuckDbRecipes()
    {
        Assert.True(SqlBlocks().Count >= 5);
    }

    [Fact]
    public async Task SqlBlocks_RunAgainstADataset_EachStatementReturnsRows()
    {
        using var dir = new TempDirectory();
        await new TinyDataset().WriteAsync(dir.Path);

        foreach (var block in SqlBlocks())
        {
            var sql = block.Replace("out/dallas-5050", dir.Path.Replace("'", "''"));
            // A block may hold several statements (views, then a query): run them in one connection.
            var rows = DuckDb.QueryScript(sql);
            Assert.True(rows.Count > 0, $"no rows from:\n{block}");
        }
    }

    [Fact]
    public async Task StorageRecipe_ReportsSnappyAndDictionaryEncodedStrings()
    {
        using var dir = new TempDirectory();
        await new TinyDataset().WriteAsync(dir.Path);

        var columns = DuckDb.Query($"SELECT path_in_schema, type, compression, encodings FROM parquet_metadata('{dir.Path}/schools/*/*.parquet')");

        Assert.All(columns, c => Assert.Equal("SNAPPY", (string)c["compression"]!));
        Assert.All(columns.Where(c => (string)c["type"]! == "BYTE_ARRAY"), c => Assert.Contains("DICTIONARY", (string)c["encodings"]!));
        Assert.Contains(columns, c => (string)c["path_in_schema"]! == "enrolled" && (string)c["type"]! == "INT32");
    }

    [GeneratedRegex("```sql\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex SqlBlock();
}
