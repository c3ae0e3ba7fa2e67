using Simulation.Core.Comparisons;
using Simulation.Core.Rules;

namespace Simulation.Output;

/// <summary>One row of a <c>differences</c> table: the paired difference (scenario − baseline) of one metric.</summary>
/// <param name="Seed">The seed both scenarios ran on (common random numbers).</param>
public sealed record DifferenceRow(string BaselineScenarioId, string ScenarioId, ulong Seed, MetricDifference Difference);

/// <summary>One row of a <c>compliance</c> table: how often one scenario complied with one rule.</summary>
/// <param name="Role"><c>baseline</c>, <c>proposal</c> (compare) or <c>scenario</c> (statewide).</param>
public sealed record ComplianceRow(string DistrictId, string ScenarioId, ulong Seed, string Role, Rule Rule, Compliance Compliance);

/// <summary>One row of a <c>verdicts</c> table: the verdict on one rule, or the overall verdict (<paramref name="Rule"/> null).</summary>
public sealed record VerdictRow(
    string BaselineScenarioId,
    string ScenarioId,
    ulong Seed,
    int Replications,
    Rule? Rule,
    Verdict Verdict,
    string Reason,
    double BaselineProbability,
    double ProposalProbability);
