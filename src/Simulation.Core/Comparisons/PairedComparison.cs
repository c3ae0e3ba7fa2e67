using Simulation.Core.Replications;
using Simulation.Core.Rules;
using Simulation.Core.Statistics;

namespace Simulation.Core.Comparisons;

/// <summary>
/// Accumulates a baseline and a proposal run on common random numbers, one replication pair at a time: the paired
/// difference of every metric (<see cref="PairedDifference"/>) and, when rules are given, each rule's compliance
/// under each scenario. Memory does not grow with the replication count.
/// </summary>
/// <remarks>
/// <para>Feed pairs in increasing replication order (the quantile estimates depend on the order); replication r of
/// both scenarios must come from streams keyed by the same seed and r, which is what makes the pair a pair.</para>
/// <para>Not thread-safe.</para>
/// </remarks>
public sealed class PairedComparison
{
    private readonly MetricCatalog _catalog;
    private readonly PairedDifference[] _differences;
    private readonly RuleEvaluator? _baselineRules, _proposalRules;
    private readonly RuleTally[] _baselineTally, _proposalTally;
    private readonly RuleOutcome[] _outcomes;
    private int _last = -1;

    /// <param name="rules">Rules to evaluate, or null for differences alone.</param>
    /// <param name="baseline">The baseline's compiled scenario (for its layout and district).</param>
    /// <param name="proposal">The proposal's compiled scenario; same district and catalog as the baseline.</param>
    public PairedComparison(CompiledScenario baseline, CompiledScenario proposal, RuleSet? rules, MetricDirections? directions = null)
    {
        Preconditions.NotNull(baseline, nameof(baseline));
        Preconditions.NotNull(proposal, nameof(proposal));
        Preconditions.Check(ReferenceEquals(baseline.District, proposal.District) || baseline.District.Id == proposal.District.Id,
            nameof(proposal), "baseline and proposal must simulate the same district");
        Preconditions.Check(baseline.Catalog.Names.SequenceEqual(proposal.Catalog.Names), nameof(proposal), "metric catalogs differ");
        _catalog = baseline.Catalog;
        directions ??= rules?.Directions ?? MetricDirections.Default;
        _differences = [.. _catalog.Names.Select(n => new PairedDifference(directions.Of(n)))];
        Rules = rules?.Rules ?? [];
        if (rules is not null)
        {
            _baselineRules = new RuleEvaluator(rules, _catalog, baseline.District, baseline.Layout, null);
            _proposalRules = new RuleEvaluator(rules, _catalog, proposal.District, proposal.Layout, baseline.Layout);
        }
        _baselineTally = [.. Rules.Select(_ => new RuleTally())];
        _proposalTally = [.. Rules.Select(_ => new RuleTally())];
        _outcomes = new RuleOutcome[Rules.Count];
    }

    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>Pairs added.</summary>
    public int Replications { get; private set; }

    /// <summary>Adds replication r of both scenarios.</summary>
    /// <exception cref="ArgumentException">The two results are of different replications, or not after the last pair.</exception>
    public void Add(ReplicationResult baseline, ReplicationResult proposal)
    {
        Preconditions.NotNull(baseline, nameof(baseline));
        Preconditions.NotNull(proposal, nameof(proposal));
        Preconditions.Check(baseline.Replication == proposal.Replication, nameof(proposal),
            $"replication {proposal.Replication} paired with baseline replication {baseline.Replication}");
        Preconditions.Check(baseline.Replication > _last, nameof(baseline),
            $"replication {baseline.Replication} after {_last}: pairs must come in increasing replication order");
        _last = baseline.Replication;
        for (var m = 0; m < _differences.Length; m++) _differences[m].Add(baseline.Metrics[m], proposal.Metrics[m]);
        if (_baselineRules is not null)
        {
            _baselineRules.Evaluate(baseline, null, _outcomes);
            for (var i = 0; i < _outcomes.Length; i++) _baselineTally[i].Add(_outcomes[i]);
            _proposalRules!.Evaluate(proposal, baseline, _outcomes);
            for (var i = 0; i < _outcomes.Length; i++) _proposalTally[i].Add(_outcomes[i]);
        }
        Replications++;
    }

    /// <summary>The paired difference of every metric, in catalog order.</summary>
    public IReadOnlyList<MetricDifference> Differences() =>
        [.. _catalog.Names.Select((n, m) => new MetricDifference(n, _differences[m].ToSummary()))];

    /// <summary>Each rule's compliance under the baseline and the proposal, in rule order.</summary>
    public IReadOnlyList<RuleCompliance> Compliance() =>
        [.. Rules.Select((r, i) => new RuleCompliance(r, _baselineTally[i].ToCompliance(), _proposalTally[i].ToCompliance()))];

    /// <summary>The widest half-width of the 95% interval of a metric's mean difference, over the metrics
    /// <paramref name="judged"/> marks (catalog order; null = every metric). NaN intervals, from metrics defined in
    /// fewer than two pairs, are ignored; with zero variance the half-width is 0.</summary>
    public double MaxHalfWidth(IReadOnlyList<bool>? judged = null)
    {
        Preconditions.Check(judged is null || judged.Count == _differences.Length, nameof(judged), "one flag per catalog metric");
        var max = 0.0;
        for (var m = 0; m < _differences.Length; m++)
        {
            if (judged is not null && !judged[m]) continue;
            var h = _differences[m].ToSummary().HalfWidth;
            if (!double.IsNaN(h)) max = Math.Max(max, h);
        }
        return max;
    }
}

/// <summary>The paired difference of one metric.</summary>
public sealed record MetricDifference(string Metric, PairedDifferenceSummary Summary);

/// <summary>A rule and its compliance under both scenarios.</summary>
public sealed record RuleCompliance(Rule Rule, Compliance Baseline, Compliance Proposal);

/// <summary>How often a scenario complied with a rule.</summary>
/// <param name="N">Replications where the rule could be evaluated (compliant + violated).</param>
/// <param name="Compliant">Replications in which the scenario complied.</param>
/// <param name="Undefined">Replications where the rule was undefined or does not apply.</param>
/// <param name="Probability">Compliant / N; NaN when N = 0.</param>
/// <param name="CiLow">95% Wilson interval of the probability.</param>
public sealed record Compliance(int N, int Compliant, int Undefined, double Probability, double CiLow, double CiHigh)
{
    public static Compliance Of(int compliant, int violated, int undefined)
    {
        var n = compliant + violated;
        var (lo, hi) = ProportionInterval.Wilson(compliant, n);
        return new Compliance(n, compliant, undefined, n > 0 ? (double)compliant / n : double.NaN, lo, hi);
    }
}

/// <summary>Counts of one rule's outcomes under one scenario.</summary>
public sealed class RuleTally
{
    private int _compliant, _violated, _undefined;

    public void Add(RuleOutcome outcome)
    {
        switch (outcome)
        {
            case RuleOutcome.Compliant: _compliant++; break;
            case RuleOutcome.Violated: _violated++; break;
            default: _undefined++; break;
        }
    }

    public Compliance ToCompliance() => Compliance.Of(_compliant, _violated, _undefined);
}
