using Simulation.Core.Replications;
using Simulation.Core.Rules;
using Simulation.Core.Statistics;
using Simulation.Testing;

namespace Simulation.Core.Tests.Rules;

/// <summary>
/// Rules on hand-made replications of the toy district (schools Z1, Z2, Z3 zoned; C1, C2 choice; groups ed, not_ed):
/// <code>
///          ed  not_ed  share_ed
///   Z1     40    10     0.80
///   Z2     30    30     0.50
///   Z3     10    40     0.20
///   C1     10    10     0.50
///   C2      0     0     —      (empty: exempt from share rules)
///   all    90    90     0.50
/// </code>
/// </summary>
public class RuleEvaluatorTests
{
    private static readonly Model.District Toy = ToyScenarios.District();
    private static readonly MetricCatalog Catalog = new(Toy.GroupNames);
    private static readonly ScenarioLayout Layout = new([60, 60, 60, 20, 6], [double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0.5, double.NaN, double.NaN, double.NaN], [0, 0, 1], 0.3);

    private static ReplicationResult Result(int[] enrollment, double dissimilarity = 0.25, double rateEd = 0.6, double rateNotEd = 0.5, int replication = 0)
    {
        var metrics = new double[Catalog.Count];
        Array.Fill(metrics, 1.0);
        metrics[MetricCatalog.Dissimilarity] = dissimilarity;
        metrics[Catalog.AdmissionRateOf(0)] = rateEd;
        metrics[Catalog.AdmissionRateOf(1)] = rateNotEd;
        return new ReplicationResult(replication, enrollment, new int[5], new int[5], metrics);
    }

    private static readonly int[] Enrollment = [40, 10, 30, 30, 10, 40, 10, 10, 0, 0];

    private static RuleOutcome[] Evaluate(ReplicationResult r, ReplicationResult? baseline, params Rule[] rules)
    {
        var evaluator = new RuleEvaluator(new RuleSet(rules, MetricDirections.Default), Catalog, Toy, Layout, baseline is null ? null : Layout);
        var outcomes = new RuleOutcome[rules.Length];
        evaluator.Evaluate(r, baseline, outcomes);
        return outcomes;
    }

    private static Rule School(string measure, RuleTest test, RuleBound bound, SchoolSelection schools = SchoolSelection.All) =>
        new("r", null, RuleKind.EachSchool, measure, test, bound, Schools: schools);

    [Theory]
    // Z1 and Z3 are 0.30 away from the district's 0.50.
    [InlineData(0.15, SchoolSelection.All, RuleOutcome.Violated)]
    // The bound is inclusive: 0.30 away passes at ±0.30 (0.8 − 0.5 is 0.30000000000000004 in doubles).
    [InlineData(0.30, SchoolSelection.All, RuleOutcome.Compliant)]
    // Choice schools only: C1 is at 0.50; C2 is empty and exempt.
    [InlineData(0.15, SchoolSelection.Choice, RuleOutcome.Compliant)]
    [InlineData(0.15, SchoolSelection.Zoned, RuleOutcome.Violated)]
    public void EachSchool_WithinDistrict(double tolerance, SchoolSelection schools, RuleOutcome expected)
    {
        var outcome = Evaluate(Result(Enrollment), null, School("share_ed", RuleTest.WithinDistrict, RuleBound.Number(tolerance), schools));
        Assert.Equal(expected, outcome[0]);
    }

    [Fact]
    public void EachSchool_OnlyEmptySchoolsSelected_IsUndefined()
    {
        var empty = (int[])Enrollment.Clone();
        empty[6] = empty[7] = 0;
        Assert.Equal(RuleOutcome.Undefined,
            Evaluate(Result(empty), null, School("share_ed", RuleTest.AtMost, RuleBound.Number(0.5), SchoolSelection.Choice))[0]);
    }

    [Fact]
    public void EachSchool_AgainstBaseline_ComparesEachSchoolWithItself()
    {
        var baseline = Result(Enrollment);
        var moved = (int[])Enrollment.Clone();
        moved[2]--; // one ED student leaves Z2 for C1
        moved[6]++;
        var rule = School("enrolled", RuleTest.AtLeast, RuleBound.Baseline);
        Assert.Equal(RuleOutcome.Violated, Evaluate(Result(moved), baseline, rule)[0]);
        Assert.Equal(RuleOutcome.Compliant, Evaluate(Result(Enrollment), baseline, rule)[0]);
        // Choice schools only gained: compliant.
        Assert.Equal(RuleOutcome.Compliant,
            Evaluate(Result(moved), baseline, School("enrolled", RuleTest.AtLeast, RuleBound.Baseline, SchoolSelection.Choice))[0]);
        // The baseline against itself always complies.
        Assert.Equal(RuleOutcome.Compliant, Evaluate(Result(moved), null, rule)[0]);
    }

    [Fact]
    public void Metric_AgainstNumberMetricAndBaseline()
    {
        var r = Result(Enrollment, dissimilarity: 0.25, rateEd: 0.6, rateNotEd: 0.5);
        var outcomes = Evaluate(r, Result(Enrollment, dissimilarity: 0.2),
            new Rule("a", null, RuleKind.Metric, "dissimilarity", RuleTest.AtMost, RuleBound.Number(0.30)),
            new Rule("b", null, RuleKind.Metric, "dissimilarity", RuleTest.AtMost, RuleBound.Number(0.20)),
            new Rule("c", null, RuleKind.Metric, "admission_rate_ed", RuleTest.AtLeast, RuleBound.OfMetric("admission_rate_not_ed")),
            new Rule("d", null, RuleKind.Metric, "admission_rate_not_ed", RuleTest.AtLeast, RuleBound.OfMetric("admission_rate_ed")),
            new Rule("e", null, RuleKind.Metric, "dissimilarity", RuleTest.AtMost, RuleBound.Baseline));
        Assert.Equal([RuleOutcome.Compliant, RuleOutcome.Violated, RuleOutcome.Compliant, RuleOutcome.Violated, RuleOutcome.Violated], outcomes);
    }

    [Fact]
    public void Metric_Undefined_IsUndefined()
    {
        var r = Result(Enrollment, rateEd: double.NaN);
        var outcomes = Evaluate(r, null,
            new Rule("a", null, RuleKind.Metric, "admission_rate_ed", RuleTest.AtLeast, RuleBound.Number(0)),
            new Rule("b", null, RuleKind.Metric, "admission_rate_not_ed", RuleTest.AtLeast, RuleBound.OfMetric("admission_rate_ed")));
        Assert.Equal([RuleOutcome.Undefined, RuleOutcome.Undefined], outcomes);
    }

    [Fact]
    public void Improves_StrictlyBetterInTheMetricsDirection()
    {
        var rule = new Rule("i", null, RuleKind.Improves, "dissimilarity", RuleTest.Better, RuleBound.Number(0));
        Assert.Equal(RuleOutcome.Compliant, Evaluate(Result(Enrollment, dissimilarity: 0.2), Result(Enrollment, dissimilarity: 0.25), rule)[0]);
        Assert.Equal(RuleOutcome.Violated, Evaluate(Result(Enrollment, dissimilarity: 0.25), Result(Enrollment, dissimilarity: 0.25), rule)[0]);
        Assert.Equal(RuleOutcome.Undefined, Evaluate(Result(Enrollment, dissimilarity: 0.2), null, rule)[0]);
    }

    [Fact]
    public void Constructor_UnknownNames_Throw()
    {
        Assert.Throws<ArgumentException>(() => Evaluate(Result(Enrollment), null,
            new Rule("x", null, RuleKind.Metric, "no_such_metric", RuleTest.AtMost, RuleBound.Number(1))));
        Assert.Throws<ArgumentException>(() => Evaluate(Result(Enrollment), null,
            School("enrolled", RuleTest.WithinDistrict, RuleBound.Number(1))));
        Assert.Throws<ArgumentException>(() => Evaluate(Result(Enrollment), null,
            new Rule("x", null, RuleKind.Improves, "students", RuleTest.Better, RuleBound.Number(0))));
    }
}
