using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Simulation.Core;
using Simulation.Core.Model;
using Simulation.Core.Randomness;
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
/// _checkpoint/&lt;scenario_id&gt;.json
/// </code>
/// </summary>
/// <remarks>
/// <para>Each scenario is streamed: <see cref="OpenScenario"/> returns a <see cref="ScenarioPartitionWriter"/> that
/// takes replications in order and writes them in row groups of <see cref="RowGroupReplications"/> replications, so
/// memory does not grow with the replication count. Its <see cref="ScenarioPartitionWriter.CompleteAsync"/> makes
/// the scenario's partitions appear (atomically) and then writes its checkpoint, so a crash keeps every finished
/// scenario and <see cref="ResumeAsync"/> can pick them up in a later run. <see cref="WriteScenarioAsync"/> does all of
/// that for results already in memory. Then call <see cref="CompleteAsync"/> once: it writes the scenario and summary
/// tables and, last, <c>manifest.json</c>, whose presence marks a complete dataset. Opening a writer deletes a
/// <c>manifest.json</c> left in the folder, since the folder is about to change.</para>
/// <para>Every file is written atomically (a temporary file in the same folder, renamed over the destination), so a
/// reader never sees a partial file, and a failed write leaves the previous file, if any, untouched.</para>
/// <para>Determinism: the Parquet files depend only on the inputs; writing the same inputs twice gives
/// byte-identical files, whatever the order or batching in which replications were computed (row groups start at
/// fixed replication numbers). Only the manifest carries caller-supplied times.</para>
/// <para>Thread safety: different scenarios may be written concurrently; writing the same scenario again replaces
/// its partitions and summary rows. <see cref="CompleteAsync"/> must run after every scenario write has finished.</para>
/// </remarks>
public sealed partial class DatasetWriter
{
    public const string ManifestFileName = "manifest.json";
    public const string ScenariosFileName = "scenarios.parquet";
    public const string SummaryFileName = "summary.parquet";
    public const string ReplicationsTableName = "replications";
    public const string SchoolsTableName = "schools";
    public const string CheckpointDirectoryName = "_checkpoint";

    /// <summary>Replications per Parquet row group (the last group of a scenario may be shorter). Fixed, so row group
    /// boundaries, and hence the bytes, depend only on replication numbers.</summary>
    public const int RowGroupReplications = 1_000;
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
    private readonly string _engineVersion;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, WrittenScenario> _written = [];
    private readonly Stack<RowGroupSlots> _slots = [];

    /// <summary>Opens (and creates) the dataset folder <paramref name="outputDirectory"/>.</summary>
    /// <param name="engineVersion">Recorded in each scenario's checkpoint; <see cref="ResumeAsync"/> ignores
    /// checkpoints of another engine version, since its results may differ.</param>
    /// <exception cref="ArgumentException">The catalog's groups are not the district's groups.</exception>
    public DatasetWriter(string outputDirectory, District district, MetricCatalog catalog, string engineVersion = "")
    {
        _engineVersion = Preconditions.NotNull(engineVersion, nameof(engineVersion));
        Preconditions.NotNull(outputDirectory, nameof(outputDirectory));
        _district = Preconditions.NotNull(district, nameof(district));
        _catalog = Preconditions.NotNull(catalog, nameof(catalog));
        Preconditions.Check(catalog.GroupNames.SequenceEqual(district.GroupNames), nameof(catalog),
            "the metric catalog must be built from the district's group names");
        OutputDirectory = Path.GetFullPath(outputDirectory);
        Directory.CreateDirectory(OutputDirectory);
        File.Delete(Path.Combine(OutputDirectory, ManifestFileName));
    }

    /// <summary>
    /// Small-cell suppression threshold for public release: school × group counts below it, and the complementary
    /// cells that would give them back, are written as null and flagged (see
    /// <see cref="Privacy.SmallCellSuppression"/>). Null (the default) writes every count.
    /// </summary>
    public int? SuppressBelow
    {
        get;
        init => field = value is null or >= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(SuppressBelow), "the suppression threshold must be at least 1");
    }

    /// <summary>The scenario the <c>differences</c> table pairs every other scenario with; null for the first
    /// scenario (lowest index). Set before <see cref="CompleteAsync"/>.</summary>
    public string? DifferencesBaseline { get; set; }

    /// <summary>The dataset folder, as a full path.</summary>
    public string OutputDirectory { get; }

    /// <summary>The partition file of a scenario, relative to the dataset folder with '/' separators.</summary>
    public static string PartitionPath(string table, string scenarioId) => $"{table}/scenario={scenarioId}/part-0.parquet";

    internal District District => _district;

    internal MetricCatalog Catalog => _catalog;

    internal string EngineVersion => _engineVersion;

    /// <summary>
    /// Starts writing one scenario's <c>replications</c> and <c>schools</c> partitions; replications are then
    /// appended in order and the scenario completed (see <see cref="ScenarioPartitionWriter"/>). Nothing appears in
    /// the dataset folder until it completes; disposing it before deletes what was written.
    /// </summary>
    /// <param name="layout">The compiled scenario's layout: seats, reserved shares and the resolved home-area cutoff.</param>
    /// <exception cref="ArgumentException">The id is not a valid partition name, or the layout does not match the district.</exception>
    public ScenarioPartitionWriter OpenScenario(ScenarioRecord scenario, ScenarioLayout layout)
    {
        Preconditions.NotNull(scenario, nameof(scenario));
        Preconditions.NotNull(layout, nameof(layout));
        CheckScenarioId(scenario.ScenarioId);
        CheckLayout(layout);
        return new ScenarioPartitionWriter(this, scenario, layout);
    }

    /// <summary>
    /// Writes the <c>replications</c> and <c>schools</c> partitions of one scenario from results in memory, computes
    /// its summary rows (one per catalog metric, with <see cref="MetricSummary"/>), which are kept for
    /// <see cref="CompleteAsync"/>, and writes its checkpoint.
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
        Preconditions.NotNull(replications, nameof(replications));
        Preconditions.NotNull(scenario, nameof(scenario));
        Preconditions.Check(replications.Count == scenario.Spec.Replications, nameof(replications),
            $"scenario {scenario.ScenarioId} has {scenario.Spec.Replications} replications, got {replications.Count}");
        await using var partitions = OpenScenario(scenario, layout);
        var previous = -1;
        foreach (var r in replications)
        {
            Preconditions.NotNull(r, nameof(replications));
            partitions.CheckResult(r, previous);
            previous = r.Replication;
        }
        foreach (var r in replications) await partitions.AppendAsync(r, ct);
        return await partitions.CompleteAsync(ct);
    }

    /// <summary>
    /// Takes back the scenarios that an earlier, interrupted run of the same inputs completed: for each scenario whose
    /// checkpoint in <c>_checkpoint/</c> has the same id (a content hash of district and specification), replication
    /// count and engine version, and whose partition files are present with the recorded SHA-256, the scenario counts
    /// as written, with its recorded summary rows. Other checkpoints are ignored (the scenario is simply run again).
    /// </summary>
    /// <returns>The ids of the scenarios taken back.</returns>
    public async Task<IReadOnlySet<string>> ResumeAsync(
        IReadOnlyList<(ScenarioRecord Scenario, ScenarioLayout Layout)> scenarios, CancellationToken ct = default)
    {
        Preconditions.NotNull(scenarios, nameof(scenarios));
        var resumed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (scenario, layout) in scenarios)
        {
            CheckScenarioId(scenario.ScenarioId);
            var checkpoint = await ScenarioCheckpoint.ReadAsync(OutputDirectory, scenario.ScenarioId, ct);
            if (checkpoint is null || checkpoint.EngineVersion != _engineVersion || checkpoint.FormatVersion != FormatVersion
                || checkpoint.Replications != scenario.Spec.Replications || checkpoint.Seed != scenario.Spec.Seed
                || checkpoint.SuppressBelow != SuppressBelow
                || !checkpoint.Summary.Select(r => r.Metric).SequenceEqual(_catalog.Names)
                || !await FilesIntactAsync(checkpoint.Files, ct))
                continue;
            var summary = checkpoint.Summary.Select(r => new SummaryRow(scenario.ScenarioId, scenario.Spec.Seed, r.Metric, r.ToSummary())).ToList();
            Register(new WrittenScenario(scenario, layout, checkpoint.Replications, summary, checkpoint.Files));
            resumed.Add(scenario.ScenarioId);
        }
        return resumed;
    }

    private async Task<bool> FilesIntactAsync(IReadOnlyList<DatasetFile> files, CancellationToken ct)
    {
        foreach (var f in files)
        {
            var path = Path.Combine(OutputDirectory, f.Path.Replace('/', Path.DirectorySeparatorChar));
            if (!File.Exists(path) || new FileInfo(path).Length != f.Bytes || await AtomicFile.Sha256Async(path, ct) != f.Sha256)
                return false;
        }
        return true;
    }

    /// <summary>The summary rows of a scenario written (or resumed) so far, in catalog order.</summary>
    /// <exception cref="ArgumentException">The scenario was not written.</exception>
    public IReadOnlyList<SummaryRow> GetSummary(string scenarioId)
    {
        lock (_gate)
            return _written.TryGetValue(scenarioId, out var w) ? w.Summary
                : throw new ArgumentException($"scenario {scenarioId} was not written", nameof(scenarioId));
    }

    /// <summary>A set of row-group arrays for a scenario writer, from the pool when one is free.</summary>
    internal RowGroupSlots RentSlots()
    {
        lock (_gate) if (_slots.TryPop(out var slots)) return slots;
        return new RowGroupSlots(_district.SchoolCount * _district.GroupCount, _district.SchoolCount, _catalog.Count);
    }

    /// <summary>Gives back a scenario writer's row-group arrays once its last row group is written.</summary>
    internal void ReturnSlots(RowGroupSlots slots)
    {
        lock (_gate) _slots.Push(slots);
    }

    internal void Register(WrittenScenario written)
    {
        lock (_gate) _written[written.Scenario.ScenarioId] = written;
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
            var rows = await DifferencesAsync(ordered, ct);
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
            files,
            SuppressBelow);
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
    /// given different seeds with <c>--seed</c> are still paired by index, but not on common random numbers). The
    /// values are read back from the written (or resumed) <c>replications</c> partitions one row group at a time, so
    /// memory stays bounded whatever the replication count.</summary>
    private async Task<List<DifferenceRow>> DifferencesAsync(List<WrittenScenario> ordered, CancellationToken ct)
    {
        var baseline = DifferencesBaseline is null ? ordered[0] : ordered.Find(w => w.Scenario.ScenarioId == DifferencesBaseline)
            ?? throw new ArgumentException($"differences baseline {DifferencesBaseline} is not a scenario of the run");
        var rows = new List<DifferenceRow>();
        foreach (var w in ordered)
        {
            if (ReferenceEquals(w, baseline)) continue;
            var differences = _catalog.Names.Select(n => new PairedDifference(MetricDirections.Default.Of(n))).ToArray();
            await using (var baseValues = await MetricReader.OpenAsync(ReplicationsFile(baseline), ct))
            await using (var otherValues = await MetricReader.OpenAsync(ReplicationsFile(w), ct))
            {
                for (var g = 0; g < Math.Min(baseValues.RowGroupCount, otherValues.RowGroupCount); g++)
                    for (var m = 0; m < _catalog.Count; m++)
                    {
                        var b = await baseValues.ReadAsync(g, _catalog.Names[m], ct);
                        var o = await otherValues.ReadAsync(g, _catalog.Names[m], ct);
                        for (var r = 0; r < Math.Min(b.Length, o.Length); r++) differences[m].Add(b[r], o[r]);
                    }
            }
            for (var m = 0; m < _catalog.Count; m++)
                rows.Add(new DifferenceRow(baseline.Scenario.ScenarioId, w.Scenario.ScenarioId, w.Scenario.Spec.Seed,
                    new Simulation.Core.Comparisons.MetricDifference(_catalog.Names[m], differences[m].ToSummary())));
        }
        return rows;
    }

    private string ReplicationsFile(WrittenScenario w) => Path.Combine(OutputDirectory,
        w.Files.Single(f => f.Table == ReplicationsTableName).Path.Replace('/', Path.DirectorySeparatorChar));

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

    [GeneratedRegex("^[A-Za-z0-9_-][A-Za-z0-9_.-]*$")]
    private static partial Regex ScenarioIdPattern();

    internal sealed record WrittenScenario(
        ScenarioRecord Scenario,
        ScenarioLayout Layout,
        int Replications,
        IReadOnlyList<SummaryRow> Summary,
        IReadOnlyList<DatasetFile> Files);
}
