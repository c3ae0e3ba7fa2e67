using Simulation.Core.Statistics;

namespace Simulation.Core.Rules;

/// <summary>The rules of one rules file, with the metric directions it declares.</summary>
/// <param name="Rules">In file order; ids unique.</param>
/// <param name="Directions">Better directions of metrics (built-in defaults plus the file's <c>directions</c>).</param>
public sealed record RuleSet(IReadOnlyList<Rule> Rules, MetricDirections Directions)
{
    /// <summary>Whether any rule needs a baseline (so it cannot be evaluated on a scenario alone).</summary>
    public bool NeedsBaseline => Rules.Any(r => r.NeedsBaseline);
}
