using Simulation.Core.Scenarios;

namespace Simulation.Core.Tests.Scenarios;

public class SweepGridTests
{
    private static MapNode Doc() => new(
    [
        new("seed", new ScalarNode("1", 1)),
        new("choice", new MapNode([new("apply", new MapNode([new("ed", new ScalarNode("0.1", 3)), new("not_ed", new ScalarNode("0.2", 4))], 3))], 2)),
        new("grades", new ListNode([new ScalarNode("K", 5), new ScalarNode("1", 5)], 5)),
    ], 1);

    [Fact]
    public void Expand_TwoAxes_CartesianGridFirstAxisSlowest()
    {
        var grid = SweepGrid.Expand(Doc(), [new SweepAxis("choice.apply.ed", ["0.1", "0.3"], 9), new SweepAxis("seed", ["1", "2", "3"], 10)]);
        Assert.Equal(6, grid.Count);
        Assert.Equal(["0.1|1", "0.1|2", "0.1|3", "0.3|1", "0.3|2", "0.3|3"],
            grid.Select(g => $"{((ScalarNode)SweepGrid.Find(g.Document, "choice.apply.ed")!).Value}|{((ScalarNode)SweepGrid.Find(g.Document, "seed")!).Value}"));
        Assert.Equal("choice.apply.ed", grid[5].Parameters[0].Key);
        // The original document is untouched and other values are kept.
        Assert.Equal("0.1", ((ScalarNode)SweepGrid.Find(Doc(), "choice.apply.ed")!).Value);
        Assert.Equal("0.2", ((ScalarNode)SweepGrid.Find(grid[4].Document, "choice.apply.not_ed")!).Value);
    }

    [Fact]
    public void Expand_NoAxes_OneScenario()
    {
        var grid = SweepGrid.Expand(Doc(), []);
        Assert.Single(grid);
        Assert.Empty(grid[0].Parameters);
    }

    [Fact]
    public void Expand_ListIndexPath_SubstitutesElement()
    {
        var grid = SweepGrid.Expand(Doc(), [new SweepAxis("grades.1", ["2", "3"], 7)]);
        Assert.Equal("3", ((ScalarNode)SweepGrid.Find(grid[1].Document, "grades.1")!).Value);
    }

    [Theory]
    // Why: an empty axis would silently produce no scenarios; a typo would silently be ignored; a map is not a scalar.
    [InlineData("choice.apply.ed", 0, "at least one value")]
    [InlineData("choice.apply.edd", 1, "existing scalar")]
    [InlineData("choice.apply", 1, "existing scalar")]
    public void Expand_BadAxis_ThrowsNamingThePath(string path, int values, string message)
    {
        var e = Assert.Throws<ScenarioFormatException>(() =>
            SweepGrid.Expand(Doc(), [new SweepAxis(path, Enumerable.Repeat("1", values).ToArray(), 12)]));
        Assert.Equal("sweep." + path, e.Path);
        Assert.Equal(12, e.Line);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Expand_DuplicateAxis_Throws()
    {
        Assert.Throws<ScenarioFormatException>(() => SweepGrid.Expand(Doc(),
            [new SweepAxis("seed", ["1"], 1), new SweepAxis("seed", ["2"], 2)]));
    }
}
