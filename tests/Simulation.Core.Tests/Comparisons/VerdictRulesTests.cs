using Simulation.Core.Comparisons;
using Simulation.Core.Rules;
using Simulation.Core.Statistics;

namespace Simulation.Core.Tests.Comparisons;

public class VerdictRulesTests
{
    private static readonly Rule Requirement = new("d", null, RuleKind.Metric, "dissimilarity", RuleTest.AtMost, RuleBound.Number(0.3));
    private static readonly Rule Improvement = new("i", null, RuleKind.Improves, "dissimilarity", RuleTest.Better, RuleBound.Number(0));

    private static RuleVerdict Decide(int compliant, int violated, int baselineCompliant = 0) =>
        VerdictRules.Decide(new RuleCompliance(Requirement, Compliance.Of(baselineCompliant, 100 - baselineCompliant, 0), Compliance.Of(compliant, violated, 0)), null);

    [Theory]
    // 100/100: Wilson lower end 0.963 ≥ 0.95.
    [InlineData(100, 0, Verdict.Advances)]
    // 50/50: lower end 0.929 < 0.95 ≤ upper end 1: cannot tell.
    [InlineData(50, 0, Verdict.Inconclusive)]
    // 95/100: interval (0.888, 0.978) contains 0.95.
    [InlineData(95, 5, Verdict.Inconclusive)]
    // 80/100: upper end 0.867 < 0.95.
    [InlineData(80, 20, Verdict.DoesNotAdvance)]
    [InlineData(0, 0, Verdict.Inconclusive)]
    public void Requirement_ByWilsonIntervalAgainstRequiredProbability(int compliant, int violated, Verdict expected)
    {
        var v = Decide(compliant, violated, 30);
        Assert.Equal(expected, v.Verdict);
        if (compliant + violated > 0) Assert.Contains("baseline it holds in 30.0%", v.Reason);
    }

    private static PairedDifferenceSummary Difference(double low, double high, double sd = 0.01) =>
        new(100, 0, 0.5, 0.5 + (low + high) / 2, (low + high) / 2, sd, low, high, low, high, double.NaN, double.NaN, MetricDirection.LowerIsBetter);

    [Theory]
    // Lower is better: a difference interval entirely below 0 improves.
    [InlineData(-0.03, -0.01, 0, Verdict.Advances)]
    [InlineData(-0.03, 0.01, 0, Verdict.Inconclusive)]
    [InlineData(0.01, 0.03, 0, Verdict.DoesNotAdvance)]
    // A required improvement of 0.02: [-0.03, -0.01] improves by 0.01..0.03, straddling it.
    [InlineData(-0.03, -0.01, 0.02, Verdict.Inconclusive)]
    [InlineData(-0.015, -0.005, 0.02, Verdict.DoesNotAdvance)]
    public void Improvement_ByDifferenceInterval(double low, double high, double minimum, Verdict expected)
    {
        var rule = Improvement with { MinimumImprovement = minimum };
        var v = VerdictRules.Decide(new RuleCompliance(rule, Compliance.Of(0, 0, 100), Compliance.Of(50, 50, 0)), Difference(low, high));
        Assert.Equal(expected, v.Verdict);
    }

    [Fact]
    public void Improvement_IdenticalScenarios_DoesNotAdvance()
    {
        var v = VerdictRules.Decide(new RuleCompliance(Improvement, Compliance.Of(0, 0, 100), Compliance.Of(0, 100, 0)), Difference(0, 0, sd: 0));
        Assert.Equal(Verdict.DoesNotAdvance, v.Verdict);
        Assert.Contains("identical in every replication", v.Reason);
    }

    [Fact]
    public void Overall_AnyFailureFails_AllAdvanceAdvances_ElseInconclusive()
    {
        RuleVerdict V(string id, Verdict verdict) => new(Requirement with { Id = id }, verdict, "");
        Assert.Equal(Verdict.Advances, VerdictRules.Overall([V("a", Verdict.Advances), V("b", Verdict.Advances)]).Verdict);
        var failing = VerdictRules.Overall([V("a", Verdict.Advances), V("b", Verdict.Inconclusive), V("c", Verdict.DoesNotAdvance)]);
        Assert.Equal(Verdict.DoesNotAdvance, failing.Verdict);
        Assert.Contains("c", failing.Reason);
        var open = VerdictRules.Overall([V("a", Verdict.Advances), V("b", Verdict.Inconclusive)]);
        Assert.Equal(Verdict.Inconclusive, open.Verdict);
        Assert.Contains("b", open.Reason);
    }
}
