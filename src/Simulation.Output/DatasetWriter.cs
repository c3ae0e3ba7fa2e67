using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Simulation.Core;
using Simulation.Core.Model;
using Simulation.Core.Replications;
using Simulation.Core.Statistics;
using Simulation.Output.Files;
using Simulation.Output.Tables;

namespace Simulation.Output;

/// <summary>
/// Writes a run's results as a Parquet dataset folder (layout and columns in docs/outputs.md):
/// <code>
/// manifest.json
/// scenarios.parquet
/// summary.parquet
/// replications/scenario=&lt;scenario_id&gt;/part-0.parquet
/// schools/scenario=&lt;scenario_id&gt;/part-0.parquet
/// </code>
/// </summary>
/// <remarks>
/// <para>Call <see cref="WriteScenarioAsync"/> as each scenario completes: it writes that scenario's partitions at
/// once, so a crash keeps every finished scenario, and keeps only the scenario's summary rows in memory. Then call
/// <see cref="CompleteAsync"/> once: it writes the scenario and summary tables and, last, <c>manifest.json</c>, whose
/// presence marks a complete dataset. Opening a writer deletes a <c>manifest.json</c> left in the folder, since the
/// folder is about to change.</para>
/// <para>Every file is written atomically (a temporary file in the same folder, renamed over the destination), so a
/// reader never sees a partial file, and a failed write leaves the previous file, if any, untouched.</para>
/// <para>Determinism: the Parquet files depend only on the inputs; writing the same inputs twice gives
/// byte-identical files. Only the manifest carries caller-supplied times.</para>
/// <para>Thread safety: <see cref="WriteScenarioAsync"/> may run concurrently for different scenarios; writing the
/// same scenario again replaces its partitions and summary rows. <see cref="CompleteAsync"/> must run after every
/// scenario write has finished.</para>
/// </remarks>
public sealed partial class DatasetWriter
{
    public const string ManifestFileName = "manifest.json";
    public const string ScenariosFileName = "scenarios.parquet";
    public const string SummaryFileName = "summary.parquet";
    public const string ReplicationsTableName = "replications";
    public const string SchoolsTableName = "schools";
    public const string DifferencesFileName = "differences.parquet";

    /// <summary>Version of the dataset layout, recorded in the manifest; bump it when a column changes meaning.</summary>
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions ManifestJson = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly District _district;
    private readonly MetricCatalog _catalog;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, WrittenScenario> _written = [];
    private readonly Dictionary<string, double[][]> _metrics = [];

    /// <summary>Opens (and creates) the dataset folder <paramref name="outputDirectory"/>.</summary>
    /// <exception cref="ArgumentException">The catalog's groups are not the district's groups.</exception>
    public DatasetWriter(string outputDirectory, District district, MetricCatalog catalog)
    {
        Preconditions.NotNull(outputDirectory, nameof(outputDirectory));
        _district = Preconditions.NotNull(district, nameof(district));
        _catalog = Preconditions.NotNull(catalog, nameof(catalog));
        Preconditions.Check(catalog.GroupNames.SequenceEqual(district.GroupNames), nameof(catalog),
            "the metric catalog must be built from the district's group names");
        OutputDirectory = Path.GetFullPath(outputDirectory);
        Directory.CreateDirectory(OutputDirectory);
        File.Delete(Path.Combine(OutputDirectory, ManifestFileName));
    }

    /// <summary>The scenario the <c>differences</c> table pairs every other scenario with; null for the first
    /// scenario (lowest index). Set before <see cref="CompleteAsync"/>.</summary>
    public string? DifferencesBaseline { get; set; }

    /// <summary>The dataset folder, as a full path.</summary>
    public string OutputDirectory { get; }

    /// <summary>The partition file of a scenario, relative to the dataset folder with '/' separators.</summary>
    public static string PartitionPath(string table, string scenarioId) => $"{table}/scenario={scenarioId}/part-0.parquet";

    /// <summary>
    /// Writes the <c>replications</c> and <c>schools</c> partitions of one scenario and computes its summary rows
    /// (one per catalog metric, with <see cref="MetricSummary"/>), which are kept for <see cref="CompleteAsync"/>.
    /// </summary>
    /// <param name="layout">The compiled scenario's layout: seats, reserved shares and the resolved home-area cutoff.</param>
    /// <param name="replications">All <see cref="Simulation.Core.Scenarios.ScenarioSpec.Replications"/> results,
    /// sorted by strictly increasing replication number.</param>
    /// <returns>The scenario's summary rows, in catalog order.</returns>
    /// <exception cref="ArgumentException">The id is not a valid partition name, the results are not sorted or not
    /// complete, or an array does not match the district or catalog.</exception>
    public async Task<IReadOnlyList<SummaryRow>> WriteScenarioAsync(
        ScenarioRecord scenario, ScenarioLayout layout, IReadOnlyList<ReplicationResult> replications,
        CancellationToken ct = default)
    {
        Preconditions.NotNull(scenario, nameof(scenario));
        Preconditions.NotNull(layout, nameof(layout));
        Preconditions.NotNull(replications, nameof(replications));
        CheckScenarioId(scenario.ScenarioId);
        CheckLayout(layout);
        CheckReplications(scenario, replications);

        var id = scenario.ScenarioId;
        var seed = TableColumn.SeedValue(scenario.Spec.Seed);
        var files = new[]
        {
            await WriteTableAsync(PartitionPath(ReplicationsTableName, id), ReplicationsTableName,
                ReplicationsTable.Columns(id, seed, replications, _catalog), replications.Count, ct),
            await WriteTableAsync(PartitionPath(SchoolsTableName, id), SchoolsTableName,
                SchoolsTable.Columns(id, seed, _district, layout, replications),
                SchoolsTable.RowCount(_district, replications), ct),
        };
        var summary = Summarize(scenario, replications);
        var metrics = replications.Select(r => r.Metrics).ToArray();
        lock (_gate)
        {
            _written[id] = new WrittenScenario(scenario, layout, replications.Count, summary, files);
            _metrics[id] = metrics;
        }
        return summary;
    }

    /// <summary>
    /// Writes <c>scenarios.parquet</c> and <c>summary.parquet</c> for <paramref name="scenarios"/> (listed in
    /// scenario-index order), then <c>manifest.json</c>.
    /// </summary>
    /// <param name="scenarios">Every scenario of the run; each must have been written with
    /// <see cref="WriteScenarioAsync"/>, and no other may have been.</param>
    /// <returns>The manifest as written.</returns>
    /// <exception cref="ArgumentException">Scenario ids or indices repeat, or a scenario was not written, or one was
    /// written that is not listed.</exception>
    public async Task<DatasetManifest> CompleteAsync(
        IReadOnlyList<ScenarioRecord> scenarios, RunManifest manifest, CancellationToken ct = default)
    {
        Preconditions.NotNull(scenarios, nameof(scenarios));
        Preconditions.NotNull(manifest, nameof(manifest));
        var ordered = OrderWritten(scenarios);

        var scenarioRows = ordered.Select(w => (w.Scenario, w.Layout)).ToList();
        var summaryRows = ordered.SelectMany(w => w.Summary).ToList();
        var files = new List<DatasetFile>
        {
            await WriteTableAsync(ScenariosFileName, "scenarios",
                ScenariosTable.Columns(_district, scenarioRows), scenarioRows.Count, ct),
            await WriteTableAsync(SummaryFileName, "summary", SummaryTable.Columns(summaryRows), summaryRows.Count, ct),
        };
        if (ordered.Count > 1)
        {
            var rows = Differences(ordered);
            files.Add(await WriteTableAsync(DifferencesFileName, "differences", ComparisonTables.Differences(rows), rows.Count, ct));
        }
        files.AddRange(ordered.SelectMany(w => w.Files));

        var document = new DatasetManifest(
            FormatVersion,
            manifest.EngineVersion,
            manifest.CreatedAt,
            manifest.CommandLine,
            manifest.ScenarioFile,
            new ManifestDistrict(_district.Id, _district.Name, manifest.DistrictInputs),
            [.. manifest.SweepAxes.Select(a => new ManifestSweepAxis(a.Path, a.Values))],
            [.. ordered.Select(w => new ManifestScenario(
                w.Scenario.ScenarioId,
                w.Scenario.ScenarioIndex,
                w.Scenario.Spec.Name,
                w.Scenario.Spec.Seed,
                w.Replications,
                w.Scenario.Spec.Parameters.ToDictionary(p => p.Key, p => p.Value)))],
            manifest.Timings,
            new TableRowCounts(
                scenarioRows.Count,
                files.Where(f => f.Table == ReplicationsTableName).Sum(f => f.Rows),
                files.Where(f => f.Table == SchoolsTableName).Sum(f => f.Rows),
                summaryRows.Count),
            files);
        var json = JsonSerializer.SerializeToUtf8Bytes(document, ManifestJson);
        await AtomicFile.WriteAsync(Path.Combine(OutputDirectory, ManifestFileName), async (stream, token) =>
        {
            await stream.WriteAsync(json, token);
            stream.WriteByte((byte)'\n');
        }, ct);
        return document;
    }

    private List<WrittenScenario> OrderWritten(IReadOnlyList<ScenarioRecord> scenarios)
    {
        Preconditions.Check(scenarios.Count > 0, nameof(scenarios), "a dataset needs at least one scenario");
        Preconditions.Check(scenarios.Select(s => s.ScenarioId).Distinct().Count() == scenarios.Count,
            nameof(scenarios), "scenario ids must be unique");
        Preconditions.Check(scenarios.Select(s => s.ScenarioIndex).Distinct().Count() == scenarios.Count,
            nameof(scenarios), "scenario indices must be unique");
        lock (_gate)
        {
            var ordered = new List<WrittenScenario>(scenarios.Count);
            foreach (var s in scenarios.OrderBy(s => s.ScenarioIndex))
            {
                Preconditions.Check(_written.TryGetValue(s.ScenarioId, out var w), nameof(scenarios),
                    $"scenario {s.ScenarioId} was not written");
                Preconditions.Check(w!.Scenario.ScenarioIndex == s.ScenarioIndex, nameof(scenarios),
                    $"scenario {s.ScenarioId} was written with index {w.Scenario.ScenarioIndex}, not {s.ScenarioIndex}");
                ordered.Add(w with { Scenario = s });
            }
            var unlisted = _written.Keys.Except(scenarios.Select(s => s.ScenarioId)).Order(StringComparer.Ordinal).ToList();
            Preconditions.Check(unlisted.Count == 0, nameof(scenarios),
                $"scenarios written but not listed: {string.Join(", ", unlisted)}");
            return ordered;
        }
    }

    /// <summary>Paired differences of every other scenario against the baseline, replication by replication: the
    /// scenarios of one run share their seed, so replication r of each is on the same random numbers (scenarios
    /// given different seeds with <c>--seed</c> are still paired by index, but not on common random numbers).</summary>
    private List<DifferenceRow> Differences(List<WrittenScenario> ordered)
    {
        var baseline = DifferencesBaseline is null ? ordered[0] : ordered.Find(w => w.Scenario.ScenarioId == DifferencesBaseline)
            ?? throw new ArgumentException($"differences baseline {DifferencesBaseline} is not a scenario of the run");
        double[][] baseMetrics, otherMetrics;
        lock (_gate) baseMetrics = _metrics[baseline.Scenario.ScenarioId];
        var rows = new List<DifferenceRow>();
        foreach (var w in ordered)
        {
            if (ReferenceEquals(w, baseline)) continue;
            lock (_gate) otherMetrics = _metrics[w.Scenario.ScenarioId];
            var pairs = Math.Min(baseMetrics.Length, otherMetrics.Length);
            for (var m = 0; m < _catalog.Count; m++)
            {
                var d = new PairedDifference(MetricDirections.Default.Of(_catalog.Names[m]));
                for (var r = 0; r < pairs; r++) d.Add(baseMetrics[r][m], otherMetrics[r][m]);
                rows.Add(new DifferenceRow(baseline.Scenario.ScenarioId, w.Scenario.ScenarioId, w.Scenario.Spec.Seed,
                    new Simulation.Core.Comparisons.MetricDifference(_catalog.Names[m], d.ToSummary())));
            }
        }
        return rows;
    }

    private List<SummaryRow> Summarize(ScenarioRecord scenario, IReadOnlyList<ReplicationResult> replications)
    {
        var values = new double[replications.Count];
        var rows = new List<SummaryRow>(_catalog.Count);
        for (var m = 0; m < _catalog.Count; m++)
        {
            for (var r = 0; r < values.Length; r++) values[r] = replications[r].Metrics[m];
            rows.Add(new SummaryRow(scenario.ScenarioId, scenario.Spec.Seed, _catalog.Names[m], MetricSummary.Compute(values)));
        }
        return rows;
    }

    private async Task<DatasetFile> WriteTableAsync(
        string relativePath, string table, IReadOnlyList<TableColumn> columns, int rows, CancellationToken ct)
    {
        var path = Path.Combine(OutputDirectory, relativePath.Replace('/', Path.DirectorySeparatorChar));
        var digest = await AtomicFile.WriteAsync(path, (stream, token) => ParquetTable.WriteAsync(stream, columns, rows, token), ct);
        return new DatasetFile(relativePath, table, rows, digest.Bytes, digest.Sha256);
    }

    private static void CheckScenarioId(string id) =>
        Preconditions.Check(ScenarioIdPattern().IsMatch(id), nameof(ScenarioRecord.ScenarioId),
            $"scenario id '{id}' must be ASCII letters, digits, '-', '_' or '.', not starting with '.'");

    private void CheckLayout(ScenarioLayout layout)
    {
        Preconditions.Check(layout.Seats.Length == _district.SchoolCount, nameof(layout),
            "the layout must have seats for every school of the district");
        Preconditions.Check(layout.TargetShare.Length == _district.SchoolCount * _district.GroupCount, nameof(layout),
            "the layout must have a target share per school and group");
    }

    private void CheckReplications(ScenarioRecord scenario, IReadOnlyList<ReplicationResult> replications)
    {
        Preconditions.Check(replications.Count == scenario.Spec.Replications, nameof(replications),
            $"scenario {scenario.ScenarioId} has {scenario.Spec.Replications} replications, got {replications.Count}");
        var schools = _district.SchoolCount;
        for (var i = 0; i < replications.Count; i++)
        {
            var r = replications[i];
            if (i > 0 && r.Replication <= replications[i - 1].Replication)
                throw new ArgumentException(
                    $"results must be sorted by strictly increasing replication; {r.Replication} follows {replications[i - 1].Replication}",
                    nameof(replications));
            if (r.Enrollment.Length != schools * _district.GroupCount || r.Applicants.Length != schools
                || r.Waitlisted.Length != schools)
                throw new ArgumentException(
                    $"replication {r.Replication}: arrays do not match the district's schools and groups", nameof(replications));
            if (r.Metrics.Length != _catalog.Count)
                throw new ArgumentException(
                    $"replication {r.Replication}: {r.Metrics.Length} metrics, the catalog has {_catalog.Count}",
                    nameof(replications));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9_.-]*$")]
    private static partial Regex ScenarioIdPattern();

    private sealed record WrittenScenario(
        ScenarioRecord Scenario,
        ScenarioLayout Layout,
        int Replications,
        IReadOnlyList<SummaryRow> Summary,
        IReadOnlyList<DatasetFile> Files);
}
