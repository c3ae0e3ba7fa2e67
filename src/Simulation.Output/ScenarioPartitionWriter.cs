using Simulation.Core;
using Simulation.Core.Replications;
using Simulation.Core.Statistics;
using Simulation.Output.Files;
using Simulation.Output.Tables;

namespace Simulation.Output;

/// <summary>
/// Streams one scenario's replications into its <c>replications</c> and <c>schools</c> partitions, one Parquet row
/// group per <see cref="DatasetWriter.RowGroupReplications"/> replications, and summarises each metric as the values
/// pass (<see cref="MetricSummaryBuilder"/>). Memory is bounded by one row group, whatever the replication count.
/// </summary>
/// <remarks>
/// <para>Replications must arrive in strictly increasing order, every one of the scenario's. The files are written to
/// hidden temporary files; <see cref="CompleteAsync"/> renames them into place and then writes the scenario's
/// checkpoint, so the dataset folder only ever shows finished scenarios. Disposing the writer before it completes
/// deletes the temporary files.</para>
/// <para>Not thread-safe: one caller appends at a time.</para>
/// </remarks>
public sealed class ScenarioPartitionWriter : IAsyncDisposable
{
    private readonly DatasetWriter _owner;
    private readonly ScenarioRecord _scenario;
    private readonly ScenarioLayout _layout;
    private readonly List<ReplicationResult> _rowGroup = new(DatasetWriter.RowGroupReplications);
    private RowGroupSlots? _slots;
    private readonly MetricSummaryBuilder[] _summaries;
    private readonly IReadOnlyList<TableColumn> _replicationColumns;
    private readonly IReadOnlyList<TableColumn> _schoolColumns;
    private PendingFile? _replicationsFile, _schoolsFile;
    private ParquetTableWriter? _replicationsTable, _schoolsTable;
    private int _lastReplication = -1;
    private bool _completed;

    internal ScenarioPartitionWriter(DatasetWriter owner, ScenarioRecord scenario, ScenarioLayout layout)
    {
        _owner = owner;
        _scenario = scenario;
        _layout = layout;
        _summaries = new MetricSummaryBuilder[owner.Catalog.Count];
        for (var m = 0; m < _summaries.Length; m++) _summaries[m] = new MetricSummaryBuilder(scenario.Spec.Seed, m, scenario.Spec.Replications);
        var seed = TableColumn.SeedValue(scenario.Spec.Seed);
        _replicationColumns = ReplicationsTable.Columns(scenario.ScenarioId, seed, _rowGroup, owner.Catalog);
        _schoolColumns = SchoolsTable.Columns(scenario.ScenarioId, seed, owner.District, layout, _rowGroup, owner.SuppressBelow);
    }

    public ScenarioRecord Scenario => _scenario;

    /// <summary>Replications appended so far.</summary>
    public int Count { get; private set; }

    /// <summary>Appends the next replication.</summary>
    /// <exception cref="ArgumentException">It does not follow the previous one, the scenario already has all its
    /// replications, or its arrays do not match the district or catalog.</exception>
    public async Task AppendAsync(ReplicationResult replication, CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        Preconditions.NotNull(replication, nameof(replication));
        CheckResult(replication, _lastReplication);
        Preconditions.Check(Count < _scenario.Spec.Replications, nameof(replication),
            $"scenario {_scenario.ScenarioId} has only {_scenario.Spec.Replications} replications");
        ct.ThrowIfCancellationRequested();
        _slots ??= _owner.RentSlots();
        _rowGroup.Add(_slots.Store(_rowGroup.Count, replication));
        for (var m = 0; m < _summaries.Length; m++) _summaries[m].Add(replication.Metrics[m]);
        _lastReplication = replication.Replication;
        Count++;
        if (_rowGroup.Count == DatasetWriter.RowGroupReplications) await FlushAsync(ct);
    }

    /// <summary>
    /// Writes the last row group, renames both partitions into place, writes the scenario's checkpoint and hands the
    /// scenario to the dataset writer.
    /// </summary>
    /// <returns>The scenario's summary rows, in catalog order.</returns>
    /// <exception cref="ArgumentException">Not every replication of the scenario was appended.</exception>
    public async Task<IReadOnlyList<SummaryRow>> CompleteAsync(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        Preconditions.Check(Count == _scenario.Spec.Replications, "replications",
            $"scenario {_scenario.ScenarioId} has {_scenario.Spec.Replications} replications, got {Count}");
        ct.ThrowIfCancellationRequested();
        await FlushAsync(ct);
        ReturnSlots();
        if (_replicationsTable is null) await OpenFilesAsync(ct); // a scenario of zero replications: empty tables
        await _replicationsTable!.DisposeAsync();
        await _schoolsTable!.DisposeAsync();
        var id = _scenario.ScenarioId;
        var replicationsPath = DatasetWriter.PartitionPath(DatasetWriter.ReplicationsTableName, id);
        var schoolsPath = DatasetWriter.PartitionPath(DatasetWriter.SchoolsTableName, id);
        var replicationsDigest = await _replicationsFile!.CommitAsync(ct);
        var schoolsDigest = await _schoolsFile!.CommitAsync(ct);
        var files = new[]
        {
            new DatasetFile(replicationsPath, DatasetWriter.ReplicationsTableName, Count, replicationsDigest.Bytes, replicationsDigest.Sha256),
            new DatasetFile(schoolsPath, DatasetWriter.SchoolsTableName, (long)Count * _owner.District.SchoolCount,
                schoolsDigest.Bytes, schoolsDigest.Sha256),
        };
        var summary = new SummaryRow[_summaries.Length];
        for (var m = 0; m < summary.Length; m++)
            summary[m] = new SummaryRow(id, _scenario.Spec.Seed, _owner.Catalog.Names[m], _summaries[m].ToSummary());
        await ScenarioCheckpoint.WriteAsync(_owner.OutputDirectory,
            ScenarioCheckpoint.From(_owner.EngineVersion, DatasetWriter.FormatVersion, _scenario, Count, _owner.SuppressBelow, files, summary), ct);
        _completed = true;
        _owner.Register(new DatasetWriter.WrittenScenario(_scenario, _layout, Count, summary, files));
        return summary;
    }

    /// <summary>Checks a result against the district, the catalog and the replication before it.</summary>
    internal void CheckResult(ReplicationResult r, int previous)
    {
        var district = _owner.District;
        var schools = district.SchoolCount;
        if (r.Replication <= previous)
            throw new ArgumentException(
                $"results must be sorted by strictly increasing replication; {r.Replication} follows {previous}", "replications");
        if (r.Enrollment.Length != schools * district.GroupCount || r.Applicants.Length != schools || r.Waitlisted.Length != schools)
            throw new ArgumentException(
                $"replication {r.Replication}: arrays do not match the district's schools and groups", "replications");
        if (r.Metrics.Length != _owner.Catalog.Count)
            throw new ArgumentException(
                $"replication {r.Replication}: {r.Metrics.Length} metrics, the catalog has {_owner.Catalog.Count}", "replications");
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        if (_rowGroup.Count == 0) return;
        if (_replicationsTable is null) await OpenFilesAsync(ct);
        await _replicationsTable!.WriteRowGroupAsync(_replicationColumns, 0, _rowGroup.Count, ct);
        await _schoolsTable!.WriteRowGroupAsync(_schoolColumns, 0, _rowGroup.Count * _owner.District.SchoolCount, ct);
        _rowGroup.Clear();
    }

    private void ReturnSlots()
    {
        if (_slots is null) return;
        _owner.ReturnSlots(_slots);
        _slots = null;
    }

    private async Task OpenFilesAsync(CancellationToken ct)
    {
        string Full(string table) => Path.Combine(_owner.OutputDirectory,
            DatasetWriter.PartitionPath(table, _scenario.ScenarioId).Replace('/', Path.DirectorySeparatorChar));
        _replicationsFile = PendingFile.Create(Full(DatasetWriter.ReplicationsTableName));
        _schoolsFile = PendingFile.Create(Full(DatasetWriter.SchoolsTableName));
        _replicationsTable = await ParquetTableWriter.CreateAsync(_replicationsFile.Stream, _replicationColumns, ct);
        _schoolsTable = await ParquetTableWriter.CreateAsync(_schoolsFile.Stream, _schoolColumns, ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_completed) return;
        _completed = true;
        _rowGroup.Clear();
        ReturnSlots();
        // Uncommitted files are deleted; their content does not matter, so errors closing the Parquet writers are moot.
        try
        {
            if (_replicationsTable is not null) await _replicationsTable.DisposeAsync();
            if (_schoolsTable is not null) await _schoolsTable.DisposeAsync();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
        }
        if (_replicationsFile is not null) await _replicationsFile.DisposeAsync();
        if (_schoolsFile is not null) await _schoolsFile.DisposeAsync();
    }
}
