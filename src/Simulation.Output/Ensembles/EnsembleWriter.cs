using System.Text.Encodings.Web;
using System.Text.Json;
using Simulation.Core.Boundaries;
using Simulation.Output.Files;
using Simulation.Output.Tables;

namespace Simulation.Output.Ensembles;

/// <summary>What only the caller knows about an ensemble run, for its <c>manifest.json</c>.</summary>
public sealed record EnsembleManifest(
    string EngineVersion,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string> CommandLine,
    InputFile BoundaryFile,
    IReadOnlyList<InputFile> Inputs,
    object Settings,
    IReadOnlyList<RunTiming> Timings);

/// <summary>
/// Writes an ensemble's dataset folder (columns in docs/outputs.md):
/// <code>
/// units.parquet          one row per unit: current zone, students by group, anchor flag
/// plans.parquet          initial plan of each chain (step 0) and the change log of every accepted step
/// plan_metrics.parquet   one row per (chain, step): every plan metric
/// acceptance.parquet     one row per chain: steps, proposals, failures, invalid proposals by constraint, accepted, rejected
/// outliers.parquet       one row per (compared plan, metric): value, percentile in the ensemble, ensemble quantiles
/// frontier.parquet       one row per optimizer run (only with an optimize block)
/// manifest.json          written last
/// </code>
/// </summary>
/// <remarks>Every file is written atomically; the Parquet files depend only on the dataset, so equal inputs give
/// byte-identical files. Every row carries <c>ensemble_id</c> and <c>seed</c>.</remarks>
public static class EnsembleWriter
{
    private static readonly JsonSerializerOptions ManifestJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<IReadOnlyList<DatasetFile>> WriteAsync(string folder, EnsembleDataset data,
        EnsembleManifest manifest, CancellationToken ct = default)
    {
        Directory.CreateDirectory(folder);
        File.Delete(Path.Combine(folder, "manifest.json"));
        var id = data.EnsembleId;
        var seed = TableColumn.SeedValue(data.Seed);
        var g = data.Graph;
        var files = new List<DatasetFile>();
        async Task Table(string name, IReadOnlyList<TableColumn> columns, int rows)
        {
            var path = Path.Combine(folder, name + ".parquet");
            var digest = await AtomicFile.WriteAsync(path, (s, t) => ParquetTable.WriteAsync(s, columns, rows, t), ct);
            files.Add(new DatasetFile(name + ".parquet", name, rows, digest.Bytes, digest.Sha256));
        }

        var unitColumns = new List<TableColumn>
        {
            TableColumn.String("ensemble_id", _ => id),
            TableColumn.Int64("seed", _ => seed),
            TableColumn.String("unit_id", u => g.UnitIds[u]),
            TableColumn.String("current_zone_id", u => g.ZoneIds[g.CurrentZone[u]]),
            TableColumn.Int32("students", u => g.UnitStudents[u]),
        };
        for (var k = 0; k < g.GroupCount; k++)
        {
            var group = k;
            unitColumns.Add(TableColumn.Int32("students_" + data.GroupNames[k], u => g.Students[u * g.GroupCount + group]));
        }
        unitColumns.Add(TableColumn.Bool("holds_school", u => g.IsAnchor[u]));
        await Table("units", unitColumns, g.UnitCount);

        // plans: per chain, the initial plan as step-0 rows (from_zone null), then the change log.
        var rows = new List<(int Chain, long Step, int Unit, int From, int To)>();
        foreach (var c in data.Chains)
        {
            for (var u = 0; u < g.UnitCount; u++) rows.Add((c.Chain, 0, u, -1, c.InitialAssignment[u]));
            for (var i = 0; i < c.ChangeStep.Length; i++) rows.Add((c.Chain, c.ChangeStep[i], c.ChangeUnit[i], c.ChangeFrom[i], c.ChangeTo[i]));
        }
        await Table("plans",
        [
            TableColumn.String("ensemble_id", _ => id),
            TableColumn.Int64("seed", _ => seed),
            TableColumn.Int32("chain", r => rows[r].Chain),
            TableColumn.Int64("step", r => rows[r].Step),
            TableColumn.String("unit_id", r => g.UnitIds[rows[r].Unit]),
            TableColumn.NullableString("from_zone", r => rows[r].From < 0 ? null : g.ZoneIds[rows[r].From]),
            TableColumn.String("to_zone", r => g.ZoneIds[rows[r].To]),
        ], rows.Count);

        var steps = new List<(int Chain, long Step, ChainRef Record)>();
        for (var c = 0; c < data.Chains.Count; c++)
            for (long s = 0; s <= data.Chains[c].Steps; s++) steps.Add((data.Chains[c].Chain, s, new ChainRef(c)));
        var metricColumns = new List<TableColumn>
        {
            TableColumn.String("ensemble_id", _ => id),
            TableColumn.Int64("seed", _ => seed),
            TableColumn.Int32("chain", r => steps[r].Chain),
            TableColumn.Int64("step", r => steps[r].Step),
        };
        for (var m = 0; m < PlanMetrics.Count; m++)
        {
            var metric = m;
            metricColumns.Add(TableColumn.Double(PlanMetrics.Names[m], r => data.Chains[steps[r].Record.Index].Metric(steps[r].Step, metric)));
        }
        await Table("plan_metrics", metricColumns, steps.Count);

        var chains = data.Chains;
        var acceptance = new List<TableColumn>
        {
            TableColumn.String("ensemble_id", _ => id),
            TableColumn.Int64("seed", _ => seed),
            TableColumn.Int32("chain", r => chains[r].Chain),
            TableColumn.Int64("steps", r => chains[r].Statistics.Steps),
            TableColumn.Int64("proposals", r => chains[r].Statistics.Proposals),
            TableColumn.Int64("proposal_failures", r => chains[r].Statistics.ProposalFailures),
        };
        if (chains.Count > 0)
            for (var k = 0; k < chains[0].Statistics.ConstraintNames.Length; k++)
            {
                var constraint = k;
                acceptance.Add(TableColumn.Int64("invalid_" + chains[0].Statistics.ConstraintNames[k], r => chains[r].Statistics.Invalid[constraint]));
            }
        acceptance.Add(TableColumn.Int64("accepted", r => chains[r].Statistics.Accepted));
        acceptance.Add(TableColumn.Int64("rejected", r => chains[r].Statistics.Rejected));
        acceptance.Add(TableColumn.Double("acceptance_rate", r => chains[r].Statistics.AcceptanceRate));
        await Table("acceptance", acceptance, chains.Count);

        var outliers = OutlierAnalysis.Rows(chains, data.Compared);
        await Table("outliers",
        [
            TableColumn.String("ensemble_id", _ => id),
            TableColumn.Int64("seed", _ => seed),
            TableColumn.String("plan", r => outliers[r].Plan),
            TableColumn.String("metric", r => outliers[r].Metric),
            TableColumn.Double("value", r => outliers[r].Value),
            TableColumn.Double("percentile", r => outliers[r].Percentile),
            TableColumn.Int64("n", r => outliers[r].N),
            TableColumn.Double("ensemble_mean", r => outliers[r].Mean),
            TableColumn.Double("ensemble_q025", r => outliers[r].Q025),
            TableColumn.Double("ensemble_q50", r => outliers[r].Q50),
            TableColumn.Double("ensemble_q975", r => outliers[r].Q975),
        ], outliers.Count);

        if (data.Frontier.Count > 0)
        {
            var f = data.Frontier;
            var frontier = new List<TableColumn>
            {
                TableColumn.String("ensemble_id", _ => id),
                TableColumn.Int64("seed", _ => seed),
                TableColumn.Double("travel_weight", r => f[r].TravelWeight),
                TableColumn.Double("students_moved_weight", r => f[r].MovedWeight),
                TableColumn.String("plan_file", r => f[r].PlanFile),
                TableColumn.Double("energy", r => f[r].Energy),
            };
            for (var m = 0; m < PlanMetrics.Count; m++)
            {
                var metric = m;
                frontier.Add(TableColumn.Double(PlanMetrics.Names[m], r => f[r].Metrics[metric]));
            }
            await Table("frontier", frontier, f.Count);
        }

        var document = new
        {
            format = "schoolsim-ensemble",
            format_version = 1,
            ensemble_id = id,
            seed = data.Seed,
            engine_version = manifest.EngineVersion,
            created_at = manifest.CreatedAt,
            command_line = manifest.CommandLine,
            boundary_file = manifest.BoundaryFile,
            inputs = manifest.Inputs,
            settings = manifest.Settings,
            units = g.UnitCount,
            zones = g.ZoneCount,
            edges = g.EdgeCount,
            chains = chains.Count,
            timings = manifest.Timings,
            files,
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(document, ManifestJson);
        await AtomicFile.WriteAsync(Path.Combine(folder, "manifest.json"), async (stream, token) => await stream.WriteAsync(json, token), ct);
        return files;
    }

    private readonly record struct ChainRef(int Index);
}
