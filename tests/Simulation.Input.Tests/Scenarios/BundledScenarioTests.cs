using Simulation.Core.Scenarios;
using Simulation.Input.Scenarios;
using Simulation.Testing;

namespace Simulation.Input.Tests.Scenarios;

/// <summary>The scenario files shipped in <c>scenarios/</c> load against the bundled Dallas district.</summary>
public sealed class BundledScenarioTests
{
    private static readonly string[] FiftyFifty = ["306", "386", "270", "322", "361", "385"];
    private static readonly string[] OtherChoice = ["128", "134", "160", "186", "212", "220", "340"];

    private static ScenarioInput Load(string name) => ScenarioInput.Load(Path.Combine(RepositoryPaths.Scenarios, name));

    public static TheoryData<string> ScenarioFiles() =>
        new(Directory.GetFiles(RepositoryPaths.Scenarios, "*.yaml").Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(ScenarioFiles))]
    public void Load_EveryBundledScenario_UsesEveryDallasChoiceCampusOnce(string file)
    {
        var input = Load(file);

        Assert.Equal("dallas-isd", input.District.District.Id);
        var choiceCampuses = input.District.District.Schools.Where(s => s.IsChoice).Select(s => s.Id).Order();
        Assert.All(input.Scenario.Scenarios, s =>
            Assert.Equal(choiceCampuses, s.Spec.CampusSets.SelectMany(c => c.Schools).Order()));
        Assert.All(input.Scenario.Scenarios, s => Assert.Equal(20261128UL, s.Spec.Seed));
    }

    [Fact]
    public void Load_Dallas5050_HasEdAndNotEdPoolsAtTheSixCampuses()
    {
        var spec = Assert.Single(Load("dallas-5050.yaml").Scenario.Scenarios).Spec;

        Assert.Equal(1000, spec.Replications);
        Assert.Equal((3, TieBreaking.Multiple), (spec.Choice.ListLength, spec.Choice.TieBreaking));
        Assert.Equal((0.08, 0.15), (spec.Choice.ApplyProbability["ed"], spec.Choice.ApplyProbability["not_ed"]));
        Assert.Equal(new UtilitySpec(-0.30, 0.40), spec.Choice.Utility["ed"]);
        Assert.Equal(new UtilitySpec(-0.20, 0.70), spec.Choice.Utility["not_ed"]);
        var fifty = spec.CampusSets.Single(c => c.Name == "fifty_fifty");
        Assert.Equal(FiftyFifty, fifty.Schools);
        Assert.Equal(
            [new SeatPoolSpec("ed", 0.5, new Eligibility("ed", null), 1, Spillover.None),
             new SeatPoolSpec("not_ed", 0.5, new Eligibility("not_ed", null), 2, Spillover.None)],
            fifty.Pools);
        var single = spec.CampusSets.Single(c => c.Name == "single_lottery");
        Assert.Equal(OtherChoice, single.Schools);
        Assert.Equal([new SeatPoolSpec("open", 1.0, Eligibility.Any, 1, Spillover.None)], single.Pools);
    }

    [Fact]
    public void Load_StatusQuo_RunsOneOpenLotteryEverywhere()
    {
        var spec = Assert.Single(Load("dallas-status-quo.yaml").Scenario.Scenarios).Spec;

        Assert.Equal(1000, spec.Replications);
        var set = Assert.Single(spec.CampusSets);
        Assert.Equal(FiftyFifty.Concat(OtherChoice), set.Schools);
        Assert.Equal(Eligibility.Any, Assert.Single(set.Pools).Eligible);
    }

    [Fact]
    public void Load_HomeArea5050_SplitsPoolsByHomeAreaTier()
    {
        var spec = Assert.Single(Load("dallas-5050-home-area.yaml").Scenario.Scenarios).Spec;

        Assert.Null(spec.HomeArea.Cutoff);
        var pools = spec.CampusSets.Single(c => c.Name == "fifty_fifty").Pools;
        Assert.Equal([new Eligibility(null, HomeAreaTier.Disadvantaged), new Eligibility(null, HomeAreaTier.Other)],
            pools.Select(p => p.Eligible));
        Assert.All(pools, p => Assert.Equal(0.5, p.Share));
    }

    [Fact]
    public void Load_SweepExample_ExpandsToNineScenariosOfOneHundredReplications()
    {
        var file = Load("dallas-sweep-example.yaml").Scenario;

        Assert.Equal(9, file.Scenarios.Count);
        Assert.All(file.Scenarios, s => Assert.Equal(100, s.Spec.Replications));
        Assert.Equal(["choice.apply.not_ed", "campuses.fifty_fifty.pools.ed.share"], file.Sweep.Select(a => a.Path));
        var grid = file.Scenarios.Select(s => (
            s.Spec.Choice.ApplyProbability["not_ed"],
            s.Spec.CampusSets[0].Pools[0].Share,
            s.Spec.CampusSets[0].Pools[1].Share)).ToArray();
        Assert.Equal(
            [(0.10, 0.3, 0.7), (0.10, 0.5, 0.5), (0.10, 0.7, 0.3),
             (0.15, 0.3, 0.7), (0.15, 0.5, 0.5), (0.15, 0.7, 0.3),
             (0.20, 0.3, 0.7), (0.20, 0.5, 0.5), (0.20, 0.7, 0.3)],
            grid);
        Assert.Equal([new("choice.apply.not_ed", "0.15"), new KeyValuePair<string, string>("campuses.fifty_fifty.pools.ed.share", "0.7")],
            file.Scenarios[5].Spec.Parameters);
    }
}
