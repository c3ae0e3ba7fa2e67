using Simulation.Core.Comparisons;
using Simulation.Core.Rules;
using Simulation.Core.Statistics;

namespace Simulation.Output.Tables;

/// <summary>The <c>differences</c>, <c>compliance</c> and <c>verdicts</c> tables (columns in docs/outputs.md).</summary>
internal static class ComparisonTables
{
    public static IReadOnlyList<TableColumn> Differences(IReadOnlyList<DifferenceRow> rows)
    {
        PairedDifferenceSummary S(int i) => rows[i].Difference.Summary;
        return
        [
            TableColumn.String("baseline_scenario_id", i => rows[i].BaselineScenarioId),
            TableColumn.String("scenario_id", i => rows[i].ScenarioId),
            TableColumn.Int64("seed", i => TableColumn.SeedValue(rows[i].Seed)),
            TableColumn.String("metric", i => rows[i].Difference.Metric),
            TableColumn.String("better", i => MetricDirections.Name(S(i).Direction)),
            TableColumn.Int32("n", i => S(i).N),
            TableColumn.Int32("missing", i => S(i).Missing),
            TableColumn.Double("baseline_mean", i => S(i).BaselineMean),
            TableColumn.Double("scenario_mean", i => S(i).ProposalMean),
            TableColumn.Double("mean_difference", i => S(i).MeanDifference),
            TableColumn.Double("sd", i => S(i).Sd),
            TableColumn.Double("ci_low", i => S(i).CiLow),
            TableColumn.Double("ci_high", i => S(i).CiHigh),
            TableColumn.Double("half_width", i => S(i).HalfWidth),
            TableColumn.Double("q025", i => S(i).Q025),
            TableColumn.Double("q975", i => S(i).Q975),
            TableColumn.Double("p_better", i => S(i).PBetter),
            TableColumn.Double("p_worse", i => S(i).PWorse),
        ];
    }

    public static IReadOnlyList<TableColumn> Compliance(IReadOnlyList<ComplianceRow> rows)
    {
        Compliance C(int i) => rows[i].Compliance;
        return
        [
            TableColumn.String("district_id", i => rows[i].DistrictId),
            TableColumn.String("scenario_id", i => rows[i].ScenarioId),
            TableColumn.Int64("seed", i => TableColumn.SeedValue(rows[i].Seed)),
            TableColumn.String("role", i => rows[i].Role),
            TableColumn.String("rule_id", i => rows[i].Rule.Id),
            TableColumn.String("rule", i => rows[i].Rule.Statement()),
            TableColumn.Double("required_probability", i => rows[i].Rule.RequiredProbability),
            TableColumn.Int32("n", i => C(i).N),
            TableColumn.Int32("compliant", i => C(i).Compliant),
            TableColumn.Int32("undefined", i => C(i).Undefined),
            TableColumn.Double("probability", i => C(i).Probability),
            TableColumn.Double("ci_low", i => C(i).CiLow),
            TableColumn.Double("ci_high", i => C(i).CiHigh),
            TableColumn.String("status", i => Status(rows[i].Rule, C(i))),
        ];
    }

    public static IReadOnlyList<TableColumn> Verdicts(IReadOnlyList<VerdictRow> rows) =>
    [
        TableColumn.String("baseline_scenario_id", i => rows[i].BaselineScenarioId),
        TableColumn.String("scenario_id", i => rows[i].ScenarioId),
        TableColumn.Int64("seed", i => TableColumn.SeedValue(rows[i].Seed)),
        TableColumn.Int32("replications", i => rows[i].Replications),
        TableColumn.NullableString("rule_id", i => rows[i].Rule?.Id),
        TableColumn.NullableString("rule", i => rows[i].Rule?.Statement()),
        TableColumn.String("verdict", i => VerdictRules.Name(rows[i].Verdict)),
        TableColumn.String("reason", i => rows[i].Reason),
        TableColumn.Double("baseline_probability", i => rows[i].BaselineProbability),
        TableColumn.Double("proposal_probability", i => rows[i].ProposalProbability),
    ];

    /// <summary>A scenario's standing on a rule by itself: <c>meets</c> when the Wilson interval's lower end reaches
    /// the required probability, <c>fails</c> when its upper end is below, <c>not applicable</c> when the rule
    /// could not be evaluated (an improvement rule on the baseline), else <c>inconclusive</c>.</summary>
    public static string Status(Rule rule, Compliance c) =>
        c.N == 0 ? (rule.Kind == RuleKind.Improves ? "not applicable" : "inconclusive")
        : c.CiLow >= rule.RequiredProbability ? "meets"
        : c.CiHigh < rule.RequiredProbability ? "fails"
        : "inconclusive";
}
