namespace Simulation.Output.Tables;

/// <summary>The <c>summary</c> table: one row per (scenario, metric).</summary>
internal static class SummaryTable
{
    public static IReadOnlyList<TableColumn> Columns(IReadOnlyList<SummaryRow> rows) =>
    [
        TableColumn.String("scenario_id", i => rows[i].ScenarioId),
        TableColumn.Int64("seed", i => TableColumn.SeedValue(rows[i].Seed)),
        TableColumn.String("metric", i => rows[i].Metric),
        TableColumn.Int32("n", i => rows[i].Summary.N),
        TableColumn.Int32("missing", i => rows[i].Summary.Missing),
        TableColumn.Double("mean", i => rows[i].Summary.Mean),
        TableColumn.Double("sd", i => rows[i].Summary.Sd),
        TableColumn.Double("q025", i => rows[i].Summary.Q025),
        TableColumn.Double("q50", i => rows[i].Summary.Q50),
        TableColumn.Double("q975", i => rows[i].Summary.Q975),
        TableColumn.Double("mean_ci_low", i => rows[i].Summary.MeanCiLow),
        TableColumn.Double("mean_ci_high", i => rows[i].Summary.MeanCiHigh),
        TableColumn.Double("normal_low", i => rows[i].Summary.NormalLow),
        TableColumn.Double("normal_high", i => rows[i].Summary.NormalHigh),
        TableColumn.Double("mean_boot_low", i => rows[i].Summary.MeanBootLow),
        TableColumn.Double("mean_boot_high", i => rows[i].Summary.MeanBootHigh),
    ];
}
