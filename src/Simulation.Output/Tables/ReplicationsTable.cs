using Simulation.Core.Replications;

namespace Simulation.Output.Tables;

/// <summary>The <c>replications</c> table of one scenario: one row per replication, one column per catalog metric.</summary>
internal static class ReplicationsTable
{
    public static IReadOnlyList<TableColumn> Columns(
        string scenarioId, long seed, IReadOnlyList<ReplicationResult> replications, MetricCatalog catalog)
    {
        var columns = new List<TableColumn>(3 + catalog.Count)
        {
            TableColumn.String("scenario_id", _ => scenarioId),
            TableColumn.Int64("seed", _ => seed),
            TableColumn.Int32("replication", i => replications[i].Replication),
        };
        for (var m = 0; m < catalog.Count; m++)
        {
            var metric = m;
            columns.Add(TableColumn.Double(catalog.Names[m], i => replications[i].Metrics[metric]));
        }
        return columns;
    }
}
