using Simulation.Core.Mechanisms;
using Simulation.Core.Replications;

using static Simulation.Input.Tests.Scenarios.BundledRuns;

namespace Simulation.Input.Tests.Scenarios;

/// <summary>The mechanism and seat-pool scenario files load against Dallas and run for a few replications.</summary>
public sealed class BundledMechanismScenarioTests
{
    private const int Replications = 4;

    [Fact]
    public void Run_BostonVsDa_BostonGivesAtLeastAsManyFirstChoices()
    {
        var runs = Run("dallas-boston-vs-da.yaml");

        Assert.Equal([MechanismKind.DeferredAcceptance, MechanismKind.ImmediateAcceptance], runs.Select(r => r.Scenario.Spec.Choice.Mechanism));
        foreach (var (scenario, results) in runs)
            foreach (var result in results) AssertConservedWithinSeats(scenario, result);
        // Same lists (common random numbers): Boston places everyone it can at their first choice in round 1.
        double FirstChoices(int run, int r) => Enumerable.Range(0, 2).Sum(k =>
            runs[run].Results[r].Metrics[runs[run].Scenario.Catalog.FirstChoiceRateOf(k)] * runs[run].Results[r].Metrics[runs[run].Scenario.Catalog.ApplicantsOf(k)]);
        for (var r = 0; r < Replications; r++)
            Assert.True(FirstChoices(1, r) >= FirstChoices(0, r) - 1e-9, $"replication {r}: Boston gave fewer first choices than DA");
    }

    [Fact]
    public void Run_WalkZone_FillsWalkSeatsFirstThenLast()
    {
        var runs = Run("dallas-walk-zone.yaml");

        Assert.Equal(2, runs.Length);
        // Order 1 puts the walk-zone pool before the open pool; order 3 after it (pools are stored in fill order).
        var outsider = 1UL << CompiledScenario.TypeOf(0, 0, walkZone: false);
        var walkOnly = runs.Select(r => (r.Scenario.Pools.EligibleTypes[0] & outsider) == 0).ToArray();
        Assert.Equal([true, false], walkOnly);
        foreach (var (scenario, results) in runs)
            foreach (var result in results) AssertConservedWithinSeats(scenario, result);
    }

    [Fact]
    public void Run_MinorityReserve_FillsAtLeastTheSeatsOfTheMajorityQuota()
    {
        var runs = Run("dallas-minority-reserve.yaml");

        Assert.Equal(["open", "none"], runs.Select(r => r.Scenario.Spec.Parameters.Single().Value));
        for (var r = 0; r < Replications; r++)
        {
            var reserve = runs[0].Results[r];
            var quota = runs[1].Results[r];
            AssertConservedWithinSeats(runs[0].Scenario, reserve);
            AssertConservedWithinSeats(runs[1].Scenario, quota);
            // Reserve seats that ED applicants leave go to open competition instead of staying empty.
            Assert.True(reserve.Metrics[MetricCatalog.ChoiceSeatsFilled] >= quota.Metrics[MetricCatalog.ChoiceSeatsFilled]);
            Assert.True(reserve.Metrics[runs[0].Scenario.Catalog.AdmittedOf(0)] >= quota.Metrics[runs[1].Scenario.Catalog.AdmittedOf(0)],
                $"replication {r}: fewer ED applicants admitted under the minority reserve than under the majority quota");
        }
    }
}
