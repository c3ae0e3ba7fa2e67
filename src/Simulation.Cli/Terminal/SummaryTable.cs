using System.Globalization;
using Simulation.Output;

namespace Simulation.Cli.Terminal;

/// <summary>The short table a run prints: per scenario, the key metrics' means with their 2.5–97.5% range across
/// replications.</summary>
public static class SummaryTable
{
    /// <summary>Metrics shown, in order, with column headings; a metric the run does not have (the funding metrics
    /// without a funding formula) is left out.</summary>
    private static readonly (string Metric, string Heading)[] Columns =
    [
        ("dissimilarity", "D (ED vs not)"),
        ("theil_h", "Theil H"),
        ("schools_within_15pt", "schools within ±15 pt"),
        ("choice_share_ed", "ED share, choice campuses"),
        ("target_gap_ed", "|ED share - pool target|"),
        ("admission_rate_ed", "admitted, ED applicants"),
        ("admission_rate_not_ed", "admitted, not-ED applicants"),
        ("mean_travel_km_ed", "travel km, ED"),
        ("mean_travel_km_not_ed", "travel km, not ED"),
        ("rated_ab_share_ed", "ED in A/B-rated schools"),
        ("rated_ab_share_not_ed", "not ED in A/B-rated schools"),
        ("resources_per_pupil_ed", "resources per pupil, ED"),
        ("resources_per_pupil_not_ed", "resources per pupil, not ED"),
        ("resources_ratio", "resources ratio, ED / not ED"),
    ];

    public const int MaxScenarios = 12;

    public static void Print(TextWriter output, IReadOnlyList<(ScenarioRecord Scenario, IReadOnlyList<SummaryRow> Rows)> scenarios)
    {
        foreach (var (scenario, rows) in scenarios.OrderBy(s => s.Scenario.ScenarioIndex).Take(MaxScenarios))
        {
            var title = scenario.Spec.Parameters.Count == 0
                ? scenario.Spec.Name
                : scenario.Spec.Name + " (" + string.Join(", ", scenario.Spec.Parameters.Select(p => $"{p.Key}={p.Value}")) + ")";
            output.WriteLine();
            output.WriteLine($"{title}  [scenario {scenario.ScenarioId}, seed {scenario.Spec.Seed}, {rows.FirstOrDefault()?.Summary.N ?? 0} replications]");
            output.WriteLine($"  {"metric",-30} {"mean",10} {"2.5%",10} {"97.5%",10}");
            foreach (var (metric, heading) in Columns)
            {
                var row = rows.FirstOrDefault(r => r.Metric == metric);
                if (row is null) continue;
                var s = row.Summary;
                output.WriteLine($"  {heading,-30} {Format(s.Mean),10} {Format(s.Q025),10} {Format(s.Q975),10}");
            }
        }
        if (scenarios.Count > MaxScenarios)
            output.WriteLine($"\n… and {scenarios.Count - MaxScenarios} more scenarios: see summary.parquet");
    }

    private static string Format(double value) =>
        double.IsNaN(value) ? "n/a" : value.ToString("0.0000", CultureInfo.InvariantCulture);
}
