using Simulation.Input.Scenarios;

namespace Simulation.Input.Tests.Scenarios;

public sealed partial class ScenarioFileTests
{
    private static string WithSweep(string axes) =>
        Complete.Replace("{share: 0.5, eligible: \"not_ed", "{share: rest, eligible: \"not_ed") + "sweep:\n" + axes;

    [Fact]
    public void Parse_TwoAxisSweep_ExpandsCartesianGridFirstAxisSlowest()
    {
        var file = Parse(WithSweep("""
              choice.apply.not_ed: [0.1, 0.2, 0.3]
              campuses.fifty_fifty.pools.ed.share: [0.3, 0.5]
            """));

        Assert.Equal(6, file.Scenarios.Count);
        Assert.Equal(2, file.Sweep.Count);
        Assert.Equal(("choice.apply.not_ed", 26), (file.Sweep[0].Path, file.Sweep[0].Line));
        Assert.Equal(
            ["0.1/0.3", "0.1/0.5", "0.2/0.3", "0.2/0.5", "0.3/0.3", "0.3/0.5"],
            file.Scenarios.Select(s => string.Join("/", s.Spec.Parameters.Select(p => p.Value))));
        Assert.All(file.Scenarios, s => Assert.Equal(
            ["choice.apply.not_ed", "campuses.fifty_fifty.pools.ed.share"], s.Spec.Parameters.Select(p => p.Key)));
        var last = file.Scenarios[^1].Spec;
        Assert.Equal(0.3, last.Choice.ApplyProbability["not_ed"]);
        Assert.Equal([0.5, 0.5], last.CampusSets[0].Pools.Select(p => p.Share));
        Assert.Equal([0.3, 0.7], file.Scenarios[0].Spec.CampusSets[0].Pools.Select(p => p.Share));
    }

    [Fact]
    public void Parse_Sweep_ExpandedDocumentsCarryTheValueAndNoSweepKey()
    {
        var file = Parse(WithSweep("  seed: [1, 2]\n"));

        Assert.Equal([1UL, 2UL], file.Scenarios.Select(s => s.Spec.Seed));
        Assert.All(file.Scenarios, s => Assert.Null(s.Document["sweep"]));
        Assert.NotNull(file.Document["sweep"]);
        Assert.Equal("2", Assert.IsType<Simulation.Core.Scenarios.ScalarNode>(file.Scenarios[1].Document["seed"]).Value);
    }

    [Fact]
    public void Parse_SweepValueBreakingARule_IsReportedAtTheSweepLine()
    {
        var error = ParseError(WithSweep("  choice.apply.ed: [0.1, 1.5]\n"));

        Assert.Equal("scenarios/s.yaml: line 26, field 'choice.apply.ed': expected a number in [0, 1], got '1.5'", error.Message);
    }

    [Fact]
    public void Parse_SweepOfUnknownPath_WrapsTheCoreErrorWithTheFile()
    {
        var error = ParseError(WithSweep("  choice.apply.nobody: [0.1]\n"));

        Assert.Equal("scenarios/s.yaml", error.File);
        Assert.Equal(("line 26", "sweep.choice.apply.nobody"), (error.Location, error.Field));
        Assert.Contains("must name an existing scalar", error.Message);
    }

    [Fact]
    public void Parse_EmptySweepAxis_IsRejected() =>
        Assert.Contains("at least one value", ParseError(WithSweep("  seed: []\n")).Message);

    [Fact]
    public void Parse_SweepOfTheDistrict_IsRejected() =>
        Assert.Equal("sweep.district", ParseError(WithSweep("  district: [a, b]\n")).Field);

    [Fact]
    public void Parse_SweepAxisNotAList_IsRejected() =>
        Assert.Contains("expected a list of values", ParseError(WithSweep("  seed: 3\n")).Message);

    [Fact]
    public void Parse_SweepOfExplicitSharesWithoutRest_ExplainsTheSum()
    {
        var text = Complete + "sweep:\n  campuses.fifty_fifty.pools.ed.share: [0.3]\n";


        var error = ParseError(text);

        Assert.Equal(("line 22", "campuses.fifty_fifty.pools"), (error.Location, error.Field));
        Assert.Contains("pool shares must sum to 1, got 0.8", error.Message);
        Assert.Contains("share: rest", error.Message);
    }
}
