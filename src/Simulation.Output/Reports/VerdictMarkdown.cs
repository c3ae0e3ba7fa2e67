using System.Globalization;
using System.Text;
using Simulation.Core.Comparisons;
using Simulation.Core.Rules;
using Simulation.Core.Statistics;

namespace Simulation.Output.Reports;

/// <summary>What <see cref="VerdictMarkdown"/> says about a comparison besides its numbers.</summary>
/// <param name="PrecisionTarget">The <c>--until-precision</c> target, or null.</param>
/// <param name="PrecisionReached">Whether every judged difference's half-width fell below the target.</param>
public sealed record ComparisonContext(
    string BaselineName,
    string BaselineId,
    string ProposalName,
    string ProposalId,
    string DistrictName,
    ulong Seed,
    int Replications,
    double? PrecisionTarget,
    bool PrecisionReached);

/// <summary>
/// The short Markdown summary of a comparison (<c>verdict.md</c>) for readers who will not open the tables: the
/// overall verdict, one line per rule with its reason, and the metrics that have a better direction.
/// </summary>
public static class VerdictMarkdown
{
    public static string Write(ComparisonContext c, ComparisonVerdict verdict, IReadOnlyList<RuleCompliance> compliance,
        IReadOnlyList<MetricDifference> differences)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"# {c.ProposalName} vs {c.BaselineName}: {VerdictRules.Name(verdict.Verdict).ToUpperInvariant()}\n\n");
        s.Append(verdict.Reason).Append("\n\n");
        s.Append(CultureInfo.InvariantCulture,
            $"Baseline `{c.BaselineName}` (scenario `{c.BaselineId}`) and proposal `{c.ProposalName}` (scenario `{c.ProposalId}`) in {c.DistrictName}: " +
            $"{c.Replications:N0} paired replications on common random numbers (seed {c.Seed}).");
        if (c.PrecisionTarget is { } e)
            s.Append(c.PrecisionReached
                ? $" Replications were added until every judged difference's 95% interval had a half-width below {Number(e)}."
                : $" The precision target ({Number(e)}) was NOT reached before the replication limit; intervals are wider than asked.");
        s.Append("\n\n## Rules\n\n");
        s.Append("| rule | requirement | baseline complies | proposal complies | verdict |\n| --- | --- | --- | --- | --- |\n");
        for (var i = 0; i < verdict.Rules.Count; i++)
        {
            var v = verdict.Rules[i];
            var rc = compliance[i];
            s.Append(CultureInfo.InvariantCulture,
                $"| {v.Rule.Id} | {Escape(v.Rule.Statement())}{Required(v.Rule)} | {Probability(rc.Baseline)} | {Probability(rc.Proposal)} | **{VerdictRules.Name(v.Verdict)}** |\n");
        }
        s.Append('\n');
        foreach (var v in verdict.Rules)
            s.Append(CultureInfo.InvariantCulture, $"- **{v.Rule.Id}** — {VerdictRules.Name(v.Verdict)}: {v.Reason}\n");
        s.Append("\n## Metrics\n\nMean over replications; the difference is proposal − baseline with its 95% interval; " +
                 "P(better) is the share of replications in which the proposal did strictly better.\n\n");
        s.Append("| metric | better | baseline | proposal | difference (95% interval) | P(better) |\n| --- | --- | --- | --- | --- | --- |\n");
        foreach (var d in differences.Where(d => d.Summary.Direction != MetricDirection.None && d.Summary.N > 0))
        {
            var m = d.Summary;
            s.Append(CultureInfo.InvariantCulture,
                $"| {d.Metric} | {MetricDirections.Name(m.Direction)} | {Number(m.BaselineMean)} | {Number(m.ProposalMean)} | " +
                $"{Signed(m.MeanDifference)} ({Signed(m.CiLow)} to {Signed(m.CiHigh)}) | {Percent(m.PBetter)} |\n");
        }
        s.Append("\nEvery metric, with sd, quantiles and P(worse), is in `differences.parquet`; compliance counts in " +
                 "`compliance.parquet`; verdicts and reasons in `verdicts.parquet` (docs/outputs.md).\n");
        return s.ToString();
    }

    private static string Required(Rule r) => $" (in ≥ {Percent(r.RequiredProbability)} of replications)" is var text && r.Kind != RuleKind.Improves ? text : "";

    private static string Probability(Compliance c) =>
        c.N == 0 ? "—" : $"{Percent(c.Probability)} ({Percent(c.CiLow)}–{Percent(c.CiHigh)})";

    private static string Percent(double p) => double.IsNaN(p) ? "—" : (100 * p).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Number(double x) => double.IsNaN(x) ? "—" : x.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Signed(double x) => double.IsNaN(x) ? "—" : x.ToString("+0.####;−0.####;0", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
