using Simulation.Core.Scenarios;
using Simulation.Input.Yaml;

namespace Simulation.Input.Tests.Yaml;

public sealed class YamlParameterTreeTests
{
    [Fact]
    public void Parse_NestedDocument_KeepsOrderTextAndLines()
    {
        var map = YamlParameterTree.Parse("s.yaml", """
            name: x
            list: [a, "1", 2.50]
            nested:
              b: 1
              a: {deep: true}
            """);

        Assert.Equal(["name", "list", "nested"], map.Entries.Select(e => e.Key));
        var list = Assert.IsType<ListNode>(map["list"]);
        Assert.Equal(["a", "1", "2.50"], list.Items.Select(i => ((ScalarNode)i).Value));
        var nested = Assert.IsType<MapNode>(map["nested"]);
        Assert.Equal(["b", "a"], nested.Entries.Select(e => e.Key));
        Assert.Equal(4, nested["b"]!.Line);
        Assert.Equal(5, SweepGrid.Find(map, "nested.a.deep")!.Line);
        Assert.Equal(3, nested.Line); // a block map carries its key's line, not its first entry's
    }

    [Fact]
    public void Parse_EmptyValue_IsEmptyText() =>
        Assert.Equal("", ((ScalarNode)YamlParameterTree.Parse("s.yaml", "a:\nb: 1\n")["a"]!).Value);

    [Fact]
    public void Parse_DuplicateKey_NamesLine()
    {
        var error = Assert.Throws<InputException>(() => YamlParameterTree.Parse("s.yaml", "a: 1\nb:\n  c: 1\n  c: 2\n"));

        Assert.StartsWith("s.yaml: line 4", error.Message);
        Assert.Contains("duplicate key c", error.Message);
    }

    [Fact]
    public void Parse_UnclosedQuote_NamesLine()
    {
        var error = Assert.Throws<InputException>(() => YamlParameterTree.Parse("s.yaml", "a: 1\nb: 'open\n"));

        Assert.StartsWith("s.yaml: line ", error.Message);
        Assert.Contains("malformed YAML", error.Message);
    }

    [Fact]
    public void Parse_UnclosedFlowList_NamesFile()
    {
        var error = Assert.Throws<InputException>(() => YamlParameterTree.Parse("s.yaml", "a: 1\nb: [1, 2\nc: 3\n"));

        Assert.StartsWith("s.yaml: ", error.Message);
        Assert.Contains("malformed YAML", error.Message);
    }

    [Theory]
    [InlineData("- a\n- b\n")] // a list at the root
    [InlineData("just text\n")]
    [InlineData("")]
    public void Parse_RootNotAMapping_Throws(string text) =>
        Assert.Throws<InputException>(() => YamlParameterTree.Parse("s.yaml", text));

    [Fact]
    public void Parse_NonScalarKey_Throws() =>
        Assert.Throws<InputException>(() => YamlParameterTree.Parse("s.yaml", "? [a, b]\n: 1\n"));
}
