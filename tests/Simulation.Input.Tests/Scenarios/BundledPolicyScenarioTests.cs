using Simulation.Core.Replications;
using Simulation.Core.Scenarios;

using static Simulation.Input.Tests.Scenarios.BundledRuns;

namespace Simulation.Input.Tests.Scenarios;

/// <summary>The selective-enrollment, controlled-choice and lottery-design scenario files load against Dallas, derive
/// what they document, and run a few replications within their rules.</summary>
public sealed class BundledPolicyScenarioTests
{
    private const int Replications = 4;

    [Fact]
    public void SelectiveTiers_QuartileTiersOfChildPoverty_RankPoolFirstThenLast()
    {
        var runs = Run("dallas-selective-tiers.yaml");

        Assert.Equal(["1", "6"], runs.Select(r => r.Scenario.Spec.Parameters.Single().Value));
        var (scenario, _) = runs[0];
        var d = scenario.District;
        Assert.Equal(4, scenario.TierCount);
        // Tiers are quartiles of zone child poverty, tier 1 the poorest: every zone of a poorer tier has a rate at
        // least as high as every zone of a richer one, and each tier holds roughly a quarter of the students.
        var tier = scenario.Layout.HomeAreaTier;
        var students = new double[4];
        for (var n = 0; n < d.NeighborhoodCount; n++)
            for (var c = 0; c < scenario.CohortIds.Length; c++)
                if (scenario.CohortNeighborhood[c] == n) students[tier[n]] += scenario.CohortSize[c];
        for (var t = 0; t < 4; t++) Assert.InRange(students[t] / students.Sum(), 0.18, 0.32);
        for (var a = 0; a < d.NeighborhoodCount; a++)
            for (var b = 0; b < d.NeighborhoodCount; b++)
                if (tier[a] < tier[b]) Assert.True(d.Neighborhoods[a].ChildPovertyRate >= d.Neighborhoods[b].ChildPovertyRate);

        // The TAG magnets rank by score with a rank pool and four tier pools; the rank pool is first, then last.
        foreach (var (s, order) in runs.Select((r, i) => (r.Scenario, i)))
        {
            var program = Enumerable.Range(0, s.ProgramSchool.Length).First(p => d.Schools[s.ProgramSchool[p]].Id == "186");
            Assert.True(s.ProgramByScore[program]);
            var first = s.Pools.PoolStart[program];
            Assert.Equal(6, s.Pools.PoolStart[program + 1] - first);
            var rankAt = order == 0 ? first : first + 4;
            Assert.Equal(ulong.MaxValue, s.Pools.EligibleTypes[rankAt] | ~((1UL << (2 * 4 * 2)) - 1));
            var tiersTaken = Enumerable.Range(first, 5).Where(i => i != rankAt)
                .Select(i => Enumerable.Range(0, 4).Count(t => (s.Pools.EligibleTypes[i] & (1UL << CompiledScenario.TypeOf(0, t, false, 4))) != 0));
            Assert.All(tiersTaken, n => Assert.Equal(1, n));
        }
        foreach (var (s, results) in runs)
            foreach (var result in results) AssertConservedWithinSeats(s, result);
        // The magnets are oversubscribed, so the rules decide who gets in, and the processing order changes who does.
        var magnets = new[] { "186", "220" }.Select(d.IndexOfSchool).ToArray();
        Assert.All(runs[0].Results, r => Assert.True(magnets.Sum(m => r.Waitlisted[m]) > 0));
        Assert.Contains(Enumerable.Range(0, Replications), r => !runs[0].Results[r].CohortAdmitted.SequenceEqual(runs[1].Results[r].CohortAdmitted));
    }

    [Fact]
    public void ControlledChoice_EveryFullCampusEndsWithinItsBand()
    {
        var runs = Run("dallas-controlled-choice.yaml");

        Assert.Equal(["0.10", "0.15"], runs.Select(r => r.Scenario.Spec.Parameters.Single().Value));
        var checkedCampuses = 0;
        foreach (var (scenario, results) in runs)
        {
            var d = scenario.District;
            var set = scenario.Spec.CampusSets.ToList().FindIndex(c => c.ControlledChoice is not null);
            var (low, high) = (scenario.BandLow[set], scenario.BandHigh[set]);
            Assert.InRange((low + high) / 2, 0.8, 0.92); // Dallas K-5 is about 87% ED
            foreach (var result in results)
            {
                AssertConservedWithinSeats(scenario, result);
                foreach (var id in scenario.Spec.CampusSets[set].Schools)
                {
                    var s = d.IndexOfSchool(id);
                    var ed = result.Enrollment[s * 2];
                    var total = ed + result.Enrollment[s * 2 + 1];
                    if (total < scenario.Layout.Seats[s]) continue; // not full: the band may be infeasible
                    checkedCampuses++;
                    Assert.InRange((double)ed / total, low - 1e-12, high + 1e-12);
                }
            }
        }
        Assert.True(checkedCampuses > 0, "no controlled campus filled its seats: the test checks nothing");
    }

    [Fact]
    public void LotteryDesigns_SweepsTieBreakingAndTickets()
    {
        var runs = Run("dallas-lottery-designs.yaml", 2);

        Assert.Equal(
            [(TieBreaking.Single, 1), (TieBreaking.Single, 2), (TieBreaking.Multiple, 1), (TieBreaking.Multiple, 2), (TieBreaking.Pool, 1), (TieBreaking.Pool, 2)],
            runs.Select(r => (r.Scenario.Spec.Choice.TieBreaking, r.Scenario.Spec.CampusSets[0].Tickets!.Single().Count)));
        Assert.All(runs, r => Assert.Equal(new Eligibility(null, 1), r.Scenario.Spec.CampusSets[0].Tickets!.Single().Who));
        foreach (var (scenario, results) in runs)
            foreach (var result in results) AssertConservedWithinSeats(scenario, result);
        // Common random numbers: the same applications and lists; only the lottery differs between designs.
        Assert.All(runs, r => Assert.Equal(runs[0].Results[0].Metrics[MetricCatalog.Applicants], r.Results[0].Metrics[MetricCatalog.Applicants]));
        Assert.True(runs.Select(r => string.Join(',', r.Results[0].Enrollment)).Distinct().Count() >= 4, "the lottery designs barely changed the outcome");
    }
}
