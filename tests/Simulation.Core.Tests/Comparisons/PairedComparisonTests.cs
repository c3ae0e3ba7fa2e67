using Simulation.Core.Comparisons;
using Simulation.Core.Replications;
using Simulation.Core.Rules;
using Simulation.Core.Statistics;
using Simulation.Testing;

namespace Simulation.Core.Tests.Comparisons;

public class PairedComparisonTests
{
    private static readonly Model.District Toy = ToyScenarios.District();

    private static PairedComparison Run(CompiledScenario baseline, CompiledScenario proposal, int replications, RuleSet? rules = null, int first = 0)
    {
        var comparison = new PairedComparison(baseline, proposal, rules);
        var (a, b) = (new ReplicationRunner(baseline), new ReplicationRunner(proposal));
        for (var r = first; r < first + replications; r++) comparison.Add(a.Run(r), b.Run(r));
        return comparison;
    }

    /// <summary>Common random numbers: the same scenario under two names gives exactly the same replications, so every
    /// paired difference is exactly zero with a zero-width interval.</summary>
    [Fact]
    public void IdenticalScenarios_EveryDifferenceExactlyZero()
    {
        var a = CompiledScenario.Compile(Toy, ToyScenarios.FiftyFifty());
        var b = CompiledScenario.Compile(Toy, ToyScenarios.FiftyFifty() with { Name = "copy" });
        var rules = new RuleSet([new Rule("better-d", null, RuleKind.Improves, "dissimilarity", RuleTest.Better, RuleBound.Number(0))], MetricDirections.Default);
        var comparison = Run(a, b, 30, rules);
        foreach (var d in comparison.Differences())
        {
            if (d.Summary.N == 0) continue;
            Assert.Equal(0, d.Summary.MeanDifference);
            Assert.Equal(0, d.Summary.HalfWidth);
        }
        Assert.Equal(0, comparison.MaxHalfWidth());
        var compliance = comparison.Compliance()[0];
        Assert.Equal(0, compliance.Proposal.Compliant);
        Assert.Equal(30, compliance.Baseline.Undefined);
        var verdict = VerdictRules.Decide(compliance, comparison.Differences().Single(d => d.Metric == "dissimilarity").Summary);
        Assert.Equal(Verdict.DoesNotAdvance, verdict.Verdict);
    }

    /// <summary>Different policies on the same seed share the families: who applies (and so the applicant counts) is
    /// identical replication by replication, while placements differ. With another seed the applicants differ.</summary>
    [Fact]
    public void DifferentPolicies_SameSeed_ShareApplicants()
    {
        var single = CompiledScenario.Compile(Toy, ToyScenarios.SingleLottery());
        var pools = CompiledScenario.Compile(Toy, ToyScenarios.FiftyFifty());
        var comparison = Run(single, pools, 40);
        var paired = comparison.Differences();
        // Only the judged metrics count toward the precision target: applicants alone have a zero-width interval.
        var onlyApplicants = single.Catalog.Names.Select(n => n == "applicants").ToArray();
        Assert.Equal(0, comparison.MaxHalfWidth(onlyApplicants));
        Assert.True(comparison.MaxHalfWidth() > 0);
        Assert.Equal(0, paired.Single(d => d.Metric == "applicants").Summary.Sd);
        Assert.Equal(0, paired.Single(d => d.Metric == "applicants_ed").Summary.MeanDifference);
        Assert.NotEqual(0, paired.Single(d => d.Metric == "choice_share_ed").Summary.Sd);

        var otherSeed = CompiledScenario.Compile(Toy, ToyScenarios.FiftyFifty(seed: 8));
        Assert.NotEqual(0, Run(single, otherSeed, 40).Differences().Single(d => d.Metric == "applicants").Summary.Sd);
    }

    [Fact]
    public void Add_RejectsMismatchedOrUnorderedPairs()
    {
        var a = CompiledScenario.Compile(Toy, ToyScenarios.SingleLottery());
        var comparison = new PairedComparison(a, a, null);
        var runner = new ReplicationRunner(a);
        var (r0, r1) = (runner.Run(0), runner.Run(1));
        Assert.Throws<ArgumentException>(() => comparison.Add(r0, r1));
        comparison.Add(r1, r1);
        Assert.Throws<ArgumentException>(() => comparison.Add(r0, r0));
    }

    /// <summary>
    /// Interval honesty on real (tiny) scenario runs: the true mean difference of the ED share of choice seats between
    /// the toy district's 50/50 pools and its single lottery is estimated from 20,000 paired replications (its own
    /// error is about 0.07 of one experiment's standard error); then 1,000 experiments of 100 paired replications,
    /// each on its own seed, must cover it with their 95% interval in 93–97% of cases.
    /// </summary>
    [Fact]
    public void ScenarioRuns_KnownDifference_IntervalsCoverIn93To97Percent()
    {
        const string metric = "choice_share_ed";
        double TrueDifference()
        {
            var c = Run(CompiledScenario.Compile(Toy, ToyScenarios.SingleLottery(seed: 999_999)),
                CompiledScenario.Compile(Toy, ToyScenarios.FiftyFifty(seed: 999_999)), 20_000);
            return c.Differences().Single(d => d.Metric == metric).Summary.MeanDifference;
        }
        var truth = TrueDifference();
        Assert.True(Math.Abs(truth) > 0.01, $"the policies should differ; got {truth}");
        const int experiments = 1000;
        var covered = 0;
        for (var e = 0; e < experiments; e++)
        {
            var seed = (ulong)(1000 + e);
            var s = Run(CompiledScenario.Compile(Toy, ToyScenarios.SingleLottery(seed)),
                CompiledScenario.Compile(Toy, ToyScenarios.FiftyFifty(seed: seed)), 100).Differences().Single(d => d.Metric == metric).Summary;
            if (s.CiLow <= truth && truth <= s.CiHigh) covered++;
        }
        Assert.InRange((double)covered / experiments, 0.93, 0.97);
    }
}
