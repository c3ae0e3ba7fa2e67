using Simulation.Core.Replications;
using Simulation.Core.Rules;
using Simulation.Core.Statistics;
using Simulation.Input.Rules;

namespace Simulation.Input.Tests.Rules;

public class RulesFileTests
{
    private static readonly MetricCatalog Catalog = new(["ed", "not_ed"]);

    private const string Valid = """
        required_probability: 0.9
        directions:
          students: higher
        rules:
          - id: school-ed-share
            description: every school's ED share within 15 points of the district's
            each_school: share_ed
            within_district: 0.15
            schools: zoned
          - id: dissimilarity
            metric: dissimilarity
            at_most: 0.30
            required_probability: 0.99
          - id: admission-parity
            metric: admission_rate_ed
            at_least: admission_rate_not_ed
          - id: keep-enrollment
            each_school: enrolled
            at_least: baseline
          - id: less-segregated
            improves: dissimilarity
            by_at_least: 0.01
          - id: more-students
            improves: students
        """;

    [Fact]
    public void Parse_EveryRuleForm()
    {
        var set = RulesFile.Parse("r.yaml", Valid, Catalog);
        Assert.Equal(6, set.Rules.Count);
        var (share, d, parity, keep, less, more) = (set.Rules[0], set.Rules[1], set.Rules[2], set.Rules[3], set.Rules[4], set.Rules[5]);
        Assert.Equal(new Rule("school-ed-share", "every school's ED share within 15 points of the district's", RuleKind.EachSchool, "share_ed",
            RuleTest.WithinDistrict, RuleBound.Number(0.15), 0.9, SchoolSelection.Zoned, 0, 5), share);
        Assert.Equal((RuleKind.Metric, RuleTest.AtMost, 0.30, 0.99), (d.Kind, d.Test, d.Bound.Value, d.RequiredProbability));
        Assert.Equal(RuleBound.OfMetric("admission_rate_not_ed"), parity.Bound);
        Assert.Equal(RuleBound.Baseline, keep.Bound);
        Assert.True(keep.NeedsBaseline);
        Assert.Equal((RuleKind.Improves, 0.01), (less.Kind, less.MinimumImprovement));
        Assert.Equal(MetricDirection.HigherIsBetter, set.Directions.Of("students"));
        Assert.Equal("more-students", more.Id);
        Assert.Equal("every zoned school: share_ed within ±0.15 of the district's", share.Statement());
    }

    [Theory]
    // Each case: the broken text, the line and field the error must name, and a word of the reason.
    [InlineData("rules:\n  - id: a\n    metric: dissimilarty\n    at_most: 0.3\n", "line 3, field 'rules.0.metric'", "dissimilarity")]
    [InlineData("rules:\n  - id: a\n    metric: dissimilarity\n    at_most: lots\n", "line 4, field 'rules.0.at_most'", "'lots'")]
    [InlineData("rules:\n  - id: a\n    metric: dissimilarity\n", "line 2, field 'rules.0'", "one test")]
    [InlineData("rules:\n  - id: a\n    metric: dissimilarity\n    at_most: 0.3\n    at_least: 0.1\n", "field 'rules.0'", "exactly one test")]
    [InlineData("rules:\n  - id: a\n    each_school: share_martian\n    at_most: 0.3\n", "line 3, field 'rules.0.each_school'", "share_ed")]
    [InlineData("rules:\n  - id: a\n    each_school: enrolled\n    within_district: 0.1\n", "line 4, field 'rules.0.within_district'", "no district-wide value")]
    [InlineData("rules:\n  - id: a\n    metric: gini\n    within_district: 0.1\n", "field 'rules.0.within_district'", "per-school")]
    [InlineData("rules:\n  - id: a\n    improves: students\n", "line 3, field 'rules.0.improves'", "directions")]
    [InlineData("rules:\n  - id: a\n    improves: gini\n    at_most: 1\n", "line 4, field 'rules.0.at_most'", "no bound")]
    [InlineData("rules:\n  - id: a\n    metric: gini\n    at_most: 1\n  - id: a\n    metric: gini\n    at_most: 2\n", "line 5, field 'rules.1.id'", "twice")]
    [InlineData("rules:\n  - id: a\n    metric: gini\n    at_most: 1\n    colour: red\n", "line 5, field 'rules.0.colour'", "unknown key")]
    [InlineData("required_probability: 1\nrules:\n  - id: a\n    metric: gini\n    at_most: 1\n", "line 1, field 'required_probability'", "strictly between")]
    [InlineData("directions:\n  gini: sideways\nrules:\n  - id: a\n    metric: gini\n    at_most: 1\n", "line 2, field 'directions.gini'", "lower, higher or none")]
    [InlineData("rules: []\n", "line 1, field 'rules'", "at least one rule")]
    [InlineData("rule:\n  - id: a\n", "field 'rule'", "did you mean 'rules'")]
    [InlineData("rules:\n  - id: a b\n    metric: gini\n    at_most: 1\n", "line 2, field 'rules.0.id'", "letters")]
    [InlineData("rules:\n  - id: a\n    each_school: enrolled\n    at_least: dissimilarity\n", "field 'rules.0.at_least'", "'baseline'")]
    public void Parse_BadFile_NamesFileLineAndField(string text, string where, string reason)
    {
        var e = Assert.Throws<InputException>(() => RulesFile.Parse("bad-rules.yaml", text, Catalog));
        Assert.StartsWith("bad-rules.yaml: ", e.Message);
        Assert.Contains(where, e.Message);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Load_MissingFile_NamesIt()
    {
        var e = Assert.Throws<InputException>(() => RulesFile.Load("no/such/rules.yaml", Catalog));
        Assert.Contains("no/such/rules.yaml", e.Message);
    }
}
