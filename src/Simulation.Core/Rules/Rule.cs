namespace Simulation.Core.Rules;

/// <summary>What a rule looks at.</summary>
public enum RuleKind
{
    /// <summary>A district-level metric of <see cref="Replications.MetricCatalog"/> against a bound.</summary>
    Metric,

    /// <summary>A per-school measure (<see cref="SchoolMeasures"/>) that every selected school must satisfy.</summary>
    EachSchool,

    /// <summary>A metric the proposal must improve on the baseline (judged on the paired difference's interval).</summary>
    Improves,
}

/// <summary>The test a rule applies to its value.</summary>
public enum RuleTest
{
    /// <summary>value ≤ bound.</summary>
    AtMost,

    /// <summary>value ≥ bound.</summary>
    AtLeast,

    /// <summary>|value − the measure's district-wide value| ≤ bound (per-school rules only).</summary>
    WithinDistrict,

    /// <summary>The proposal's value is better than the baseline's (<see cref="RuleKind.Improves"/> only).</summary>
    Better,
}

/// <summary>What a value is compared with.</summary>
public enum BoundKind
{
    /// <summary>A constant (<see cref="RuleBound.Value"/>).</summary>
    Number,

    /// <summary>Another district metric of the same replication (<see cref="RuleBound.Metric"/>).</summary>
    Metric,

    /// <summary>The same value under the baseline scenario in the same replication (paired).</summary>
    Baseline,
}

/// <summary>The right-hand side of a rule's test.</summary>
public sealed record RuleBound(BoundKind Kind, double Value = double.NaN, string? Metric = null)
{
    public static RuleBound Number(double value) => new(BoundKind.Number, value);
    public static RuleBound OfMetric(string metric) => new(BoundKind.Metric, Metric: metric);
    public static RuleBound Baseline { get; } = new(BoundKind.Baseline);
}

/// <summary>Which schools a per-school rule covers.</summary>
public enum SchoolSelection
{
    All,
    Choice,
    Zoned,
}

/// <summary>
/// One requirement of a rules file (format in docs/rules.md), evaluated per replication by
/// <see cref="RuleEvaluator"/> and judged by <see cref="Comparisons.VerdictRules"/>.
/// </summary>
/// <param name="Id">Unique id within its file (letters, digits, '-', '_').</param>
/// <param name="Description">Plain words for the verdict; null to let the verdict describe the test itself.</param>
/// <param name="Measure">A metric name (<see cref="RuleKind.Metric"/>, <see cref="RuleKind.Improves"/>) or a
/// per-school measure name (<see cref="RuleKind.EachSchool"/>).</param>
/// <param name="Bound">The bound; for <see cref="RuleTest.WithinDistrict"/> a number (the tolerance); unused for
/// <see cref="RuleTest.Better"/>.</param>
/// <param name="RequiredProbability">Share of replications in which a scenario must comply for the rule to be met.</param>
/// <param name="MinimumImprovement">For <see cref="RuleKind.Improves"/>: the improvement (in the metric's units,
/// in its better direction) the mean difference must exceed; 0 = any improvement.</param>
/// <param name="Line">Line of the rule in its file (0 when built in code).</param>
public sealed record Rule(
    string Id,
    string? Description,
    RuleKind Kind,
    string Measure,
    RuleTest Test,
    RuleBound Bound,
    double RequiredProbability = 0.95,
    SchoolSelection Schools = SchoolSelection.All,
    double MinimumImprovement = 0,
    int Line = 0)
{
    /// <summary>Whether evaluating the rule needs the baseline's result of the same replication.</summary>
    public bool NeedsBaseline => Kind == RuleKind.Improves || Bound.Kind == BoundKind.Baseline;

    /// <summary>The test in words, e.g. "dissimilarity ≤ 0.3" or "every school: share_ed within ±0.15 of the district".</summary>
    public string Statement()
    {
        string Rhs() => Bound.Kind switch
        {
            BoundKind.Number => Bound.Value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture),
            BoundKind.Metric => Bound.Metric!,
            _ => "its baseline value",
        };
        var test = Test switch
        {
            RuleTest.AtMost => $"{Measure} ≤ {Rhs()}",
            RuleTest.AtLeast => $"{Measure} ≥ {Rhs()}",
            RuleTest.WithinDistrict => $"{Measure} within ±{Rhs()} of the district's",
            _ => $"{Measure} better than under the baseline",
        };
        return Kind == RuleKind.EachSchool
            ? (Schools == SchoolSelection.All ? "every school: " : $"every {Schools.ToString().ToLowerInvariant()} school: ") + test
            : test;
    }
}

/// <summary>A rule's outcome in one replication of one scenario.</summary>
public enum RuleOutcome : byte
{
    Compliant,
    Violated,

    /// <summary>The value is undefined in this replication (e.g. a rate with no applicants), or the rule does not
    /// apply to this scenario (an improvement rule under the baseline itself).</summary>
    Undefined,
}
