using System.Globalization;
using Simulation.Core.Rules;
using Simulation.Core.Statistics;

namespace Simulation.Core.Comparisons;

/// <summary>A verdict on a rule, or on a proposal as a whole.</summary>
public enum Verdict
{
    Advances,
    DoesNotAdvance,
    Inconclusive,
}

/// <summary>The verdict on one rule, with its reason in plain words.</summary>
public sealed record RuleVerdict(Rule Rule, Verdict Verdict, string Reason);

/// <summary>The overall verdict and the per-rule verdicts it rests on.</summary>
public sealed record ComparisonVerdict(Verdict Verdict, string Reason, IReadOnlyList<RuleVerdict> Rules);

/// <summary>
/// Turns compliance probabilities and paired differences into verdicts.
/// </summary>
/// <remarks>
/// <para><b>Requirement rules</b> (a metric or every school against a bound): the proposal <em>advances</em> the rule
/// when the lower end of the 95% Wilson interval of its compliance probability reaches the rule's required
/// probability; it <em>does not advance</em> it when the upper end is below; otherwise the verdict is
/// <em>inconclusive</em> (more replications would settle it unless the true probability sits on the requirement).</para>
/// <para><b>Improvement rules</b>: with the improvement I = (proposal − baseline) in the metric's better direction and
/// its 95% interval [lo, hi] from the paired differences, the proposal advances the rule when lo &gt; the minimum
/// improvement m, does not advance it when hi ≤ m (identical scenarios: I ≡ 0, so hi = 0 ≤ 0), and is inconclusive
/// otherwise.</para>
/// <para><b>Overall</b>: does not advance if any rule does not advance; advances if every rule advances; otherwise
/// inconclusive.</para>
/// </remarks>
public static class VerdictRules
{
    public static RuleVerdict Decide(RuleCompliance compliance, PairedDifferenceSummary? difference)
    {
        Preconditions.NotNull(compliance, nameof(compliance));
        var rule = compliance.Rule;
        return rule.Kind == RuleKind.Improves
            ? Improvement(rule, Preconditions.NotNull(difference, nameof(difference)))
            : Requirement(rule, compliance);
    }

    public static ComparisonVerdict Overall(IReadOnlyList<RuleVerdict> rules)
    {
        Preconditions.NotNull(rules, nameof(rules));
        Preconditions.Check(rules.Count > 0, nameof(rules), "a verdict needs at least one rule");
        string Ids(Verdict v) => string.Join(", ", rules.Where(r => r.Verdict == v).Select(r => r.Rule.Id));
        if (rules.Any(r => r.Verdict == Verdict.DoesNotAdvance))
            return new(Verdict.DoesNotAdvance, $"The proposal does not meet: {Ids(Verdict.DoesNotAdvance)}.", rules);
        if (rules.All(r => r.Verdict == Verdict.Advances))
            return new(Verdict.Advances, $"The proposal meets every rule ({rules.Count}).", rules);
        return new(Verdict.Inconclusive,
            $"No rule fails, but the simulation cannot yet tell for: {Ids(Verdict.Inconclusive)}. Run more replications (--until-precision).", rules);
    }

    /// <summary>The words of a verdict as written in tables: <c>advances</c>, <c>does not advance</c>, <c>inconclusive</c>.</summary>
    public static string Name(Verdict verdict) => verdict switch
    {
        Verdict.Advances => "advances",
        Verdict.DoesNotAdvance => "does not advance",
        _ => "inconclusive",
    };

    private static RuleVerdict Requirement(Rule rule, RuleCompliance c)
    {
        var p = c.Proposal;
        var what = rule.Description ?? rule.Statement();
        var required = Percent(rule.RequiredProbability);
        var baseline = c.Baseline.N > 0 ? $" Under the baseline it holds in {Percent(c.Baseline.Probability)}." : "";
        if (p.N == 0)
            return new(rule, Verdict.Inconclusive, $"'{what}' could not be evaluated: its value is undefined in every replication.");
        var holds = $"'{what}' holds in {Percent(p.Probability)} of the proposal's replications (95% interval {Percent(p.CiLow)} to {Percent(p.CiHigh)})";
        if (p.CiLow >= rule.RequiredProbability)
            return new(rule, Verdict.Advances, $"{holds}, at least the required {required}.{baseline}");
        if (p.CiHigh < rule.RequiredProbability)
            return new(rule, Verdict.DoesNotAdvance, $"{holds}, below the required {required}.{baseline}");
        return new(rule, Verdict.Inconclusive,
            $"{holds}; the interval includes the required {required}, so more replications are needed.{baseline}");
    }

    private static RuleVerdict Improvement(Rule rule, PairedDifferenceSummary d)
    {
        var what = rule.Description ?? $"{rule.Measure} improves on the baseline";
        if (d.N < 2 || double.IsNaN(d.CiLow))
            return new(rule, Verdict.Inconclusive, $"'{what}' could not be judged: fewer than two replications define {rule.Measure}.");
        var lower = d.Direction == MetricDirection.LowerIsBetter;
        var (lo, hi) = lower ? (-d.CiHigh, -d.CiLow) : (d.CiLow, d.CiHigh);
        var m = rule.MinimumImprovement;
        var change = $"{rule.Measure} changes by {Number(d.MeanDifference)} on average ({Number(d.BaselineMean)} → {Number(d.ProposalMean)}; " +
                     $"95% interval of the change {Number(d.CiLow)} to {Number(d.CiHigh)}; {(lower ? "lower" : "higher")} is better)";
        var threshold = m > 0 ? $"by more than {Number(m)}" : "at all";
        if (lo > m)
            return new(rule, Verdict.Advances, $"'{what}': {change}, so the proposal improves it {threshold}.");
        if (hi <= m)
            return new(rule, Verdict.DoesNotAdvance, d.Sd == 0 && d.MeanDifference == 0
                ? $"'{what}': {rule.Measure} is identical in every replication, so the proposal does not improve it."
                : $"'{what}': {change}, so the proposal does not improve it {threshold}.");
        return new(rule, Verdict.Inconclusive, $"'{what}': {change}; the interval does not settle whether it improves {threshold}.");
    }

    private static string Percent(double p) => (100 * p).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Number(double x) => x.ToString("0.####", CultureInfo.InvariantCulture);
}
