using Simulation.Core.Statistics;

namespace Simulation.Output;

/// <summary>One row of the <c>summary</c> table: the Monte Carlo summary of one metric within one scenario.</summary>
/// <param name="Metric">A <see cref="Simulation.Core.Replications.MetricCatalog"/> name.</param>
public sealed record SummaryRow(string ScenarioId, ulong Seed, string Metric, MetricSummary Summary);
