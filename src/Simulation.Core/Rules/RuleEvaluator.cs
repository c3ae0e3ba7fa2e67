using Simulation.Core.Model;
using Simulation.Core.Replications;

namespace Simulation.Core.Rules;

/// <summary>
/// Evaluates a rule set on the replications of one scenario: names resolved once, then one
/// <see cref="RuleOutcome"/> per rule per replication.
/// </summary>
/// <remarks>
/// <para><b>Metric rules</b> comply when the metric passes the test against a number, another metric of the same
/// replication, or the baseline's value of the same replication; undefined (NaN) on either side gives
/// <see cref="RuleOutcome.Undefined"/>.</para>
/// <para><b>Per-school rules</b> comply when every selected school whose value is defined passes; a school whose
/// value is undefined (a share at an empty school) is exempt; if no school has a defined value the outcome is
/// undefined. Against the baseline, a school is compared with itself under the baseline.</para>
/// <para><b>Improvement rules</b> comply in a replication when the proposal's value is strictly better than the
/// baseline's (in the metric's direction); evaluated on the baseline itself they are undefined.</para>
/// <para>Thread-safe (no mutable state).</para>
/// </remarks>
public sealed class RuleEvaluator
{
    private readonly District _district;
    private readonly ScenarioLayout _layout;
    private readonly ScenarioLayout? _baselineLayout;
    private readonly IReadOnlyList<Rule> _rules;
    private readonly int[] _metric;
    private readonly int[] _boundMetric;
    private readonly SchoolMeasures.Measure[] _measure;
    private readonly int[] _direction;

    /// <param name="baselineLayout">The baseline scenario's layout when this scenario is the proposal; null when it
    /// is the baseline itself (or evaluated alone).</param>
    /// <exception cref="ArgumentException">A rule names a metric or measure that does not exist, or a per-school
    /// rule tests a measure against its district value when it has none.</exception>
    public RuleEvaluator(RuleSet rules, MetricCatalog catalog, District district, ScenarioLayout layout, ScenarioLayout? baselineLayout)
    {
        Preconditions.NotNull(rules, nameof(rules));
        Preconditions.NotNull(catalog, nameof(catalog));
        _district = Preconditions.NotNull(district, nameof(district));
        _layout = Preconditions.NotNull(layout, nameof(layout));
        _baselineLayout = baselineLayout;
        _rules = rules.Rules;
        var n = _rules.Count;
        _metric = new int[n];
        _boundMetric = new int[n];
        _measure = new SchoolMeasures.Measure[n];
        _direction = new int[n];
        for (var i = 0; i < n; i++)
        {
            var rule = _rules[i];
            _metric[i] = _boundMetric[i] = -1;
            if (rule.Kind == RuleKind.EachSchool)
            {
                Preconditions.Check(SchoolMeasures.TryResolve(rule.Measure, district.GroupNames, out _measure[i]), nameof(rules),
                    $"rule {rule.Id}: '{rule.Measure}' is not a per-school measure");
                Preconditions.Check(rule.Test != RuleTest.WithinDistrict || _measure[i].HasDistrictValue, nameof(rules),
                    $"rule {rule.Id}: '{rule.Measure}' has no district-wide value");
            }
            else
            {
                _metric[i] = catalog.IndexOf(rule.Measure);
                Preconditions.Check(_metric[i] >= 0, nameof(rules), $"rule {rule.Id}: '{rule.Measure}' is not a metric");
            }
            if (rule.Bound.Kind == BoundKind.Metric)
            {
                _boundMetric[i] = catalog.IndexOf(rule.Bound.Metric!);
                Preconditions.Check(_boundMetric[i] >= 0, nameof(rules), $"rule {rule.Id}: '{rule.Bound.Metric}' is not a metric");
            }
            _direction[i] = (int)rules.Directions.Of(rule.Measure);
            Preconditions.Check(rule.Kind != RuleKind.Improves || _direction[i] != 0, nameof(rules),
                $"rule {rule.Id}: '{rule.Measure}' has no better direction; declare one under 'directions'");
        }
    }

    public int Count => _rules.Count;

    /// <summary>Outcomes of every rule in one replication.</summary>
    /// <param name="result">This scenario's result.</param>
    /// <param name="baseline">The baseline's result of the same replication, when this scenario is the proposal;
    /// null when this scenario is the baseline or stands alone (then rules against the baseline compare the scenario
    /// with itself and improvement rules are undefined).</param>
    public void Evaluate(ReplicationResult result, ReplicationResult? baseline, Span<RuleOutcome> outcomes)
    {
        Preconditions.NotNull(result, nameof(result));
        Preconditions.Check(outcomes.Length >= _rules.Count, nameof(outcomes), "one outcome per rule");
        Preconditions.Check(baseline is null || baseline.Replication == result.Replication, nameof(baseline),
            "the baseline result must be of the same replication");
        for (var i = 0; i < _rules.Count; i++) outcomes[i] = Evaluate(i, result, baseline);
    }

    private RuleOutcome Evaluate(int i, ReplicationResult r, ReplicationResult? baseline)
    {
        var rule = _rules[i];
        switch (rule.Kind)
        {
            case RuleKind.Improves:
            {
                if (baseline is null) return RuleOutcome.Undefined;
                var a = baseline.Metrics[_metric[i]];
                var b = r.Metrics[_metric[i]];
                if (double.IsNaN(a) || double.IsNaN(b)) return RuleOutcome.Undefined;
                var better = _direction[i] == (int)Statistics.MetricDirection.LowerIsBetter ? b < a : b > a;
                return better ? RuleOutcome.Compliant : RuleOutcome.Violated;
            }
            case RuleKind.Metric:
            {
                var value = r.Metrics[_metric[i]];
                var bound = rule.Bound.Kind switch
                {
                    BoundKind.Number => rule.Bound.Value,
                    BoundKind.Metric => r.Metrics[_boundMetric[i]],
                    _ => (baseline ?? r).Metrics[_metric[i]],
                };
                return Test(rule.Test, value, bound);
            }
            default:
                return EachSchool(i, rule, r, baseline);
        }
    }

    private RuleOutcome EachSchool(int i, Rule rule, ReplicationResult r, ReplicationResult? baseline)
    {
        var m = _measure[i];
        var district = rule.Test == RuleTest.WithinDistrict ? SchoolMeasures.DistrictValue(m, _district, _layout, r) : double.NaN;
        if (rule.Test == RuleTest.WithinDistrict && double.IsNaN(district)) return RuleOutcome.Undefined;
        var defined = false;
        for (var s = 0; s < _district.SchoolCount; s++)
        {
            var choice = _district.Schools[s].IsChoice;
            if (rule.Schools == SchoolSelection.Choice && !choice || rule.Schools == SchoolSelection.Zoned && choice) continue;
            var value = SchoolMeasures.Value(m, _district, _layout, r, s);
            double bound;
            RuleTest test;
            if (rule.Test == RuleTest.WithinDistrict)
            {
                (value, bound, test) = (Math.Abs(value - district), rule.Bound.Value, RuleTest.AtMost);
            }
            else
            {
                test = rule.Test;
                bound = rule.Bound.Kind == BoundKind.Baseline
                    ? SchoolMeasures.Value(m, _district, baseline is null ? _layout : _baselineLayout ?? _layout, baseline ?? r, s)
                    : rule.Bound.Value;
            }
            var outcome = Test(test, value, bound);
            if (outcome == RuleOutcome.Undefined) continue;
            if (outcome == RuleOutcome.Violated) return RuleOutcome.Violated;
            defined = true;
        }
        return defined ? RuleOutcome.Compliant : RuleOutcome.Undefined;
    }

    /// <summary>Representativeness tests sit exactly on their bound surprisingly often (a school at 0.7 against a
    /// district at 0.85 under ±0.15); the tolerance keeps such a school in, as the inclusive bound intends, whatever
    /// the rounding of the subtraction.</summary>
    private const double Slack = 1e-12;

    private static RuleOutcome Test(RuleTest test, double value, double bound)
    {
        if (double.IsNaN(value) || double.IsNaN(bound)) return RuleOutcome.Undefined;
        var ok = test == RuleTest.AtMost ? value <= bound + Slack : value >= bound - Slack;
        return ok ? RuleOutcome.Compliant : RuleOutcome.Violated;
    }
}
