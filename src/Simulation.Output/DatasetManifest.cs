namespace Simulation.Output;

/// <summary>
/// The content of a dataset's <c>manifest.json</c>, written last by <see cref="DatasetWriter.CompleteAsync"/>: its
/// presence marks a complete dataset. Property names are written in snake_case.
/// </summary>
/// <param name="FormatVersion">Version of the dataset layout described in docs/outputs.md.</param>
/// <param name="Sweep">The sweep axes; empty without a sweep.</param>
/// <param name="Files">Every file of the dataset except the manifest, paths relative to the dataset folder with '/'
/// separators: scenarios and summary first, then each scenario's partitions in scenario order.</param>
/// <param name="SuppressBelow">Small-cell suppression threshold of the schools table; null when nothing is
/// suppressed.</param>
public sealed record DatasetManifest(
    int FormatVersion,
    string EngineVersion,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string> CommandLine,
    InputFile ScenarioFile,
    ManifestDistrict District,
    IReadOnlyList<ManifestSweepAxis> Sweep,
    IReadOnlyList<ManifestScenario> Scenarios,
    IReadOnlyList<RunTiming> Timings,
    TableRowCounts Tables,
    IReadOnlyList<DatasetFile> Files,
    int? SuppressBelow = null);

/// <summary>The simulated district and the files it was loaded from.</summary>
public sealed record ManifestDistrict(string Id, string Name, IReadOnlyList<InputFile> Inputs);

/// <summary>A sweep axis: a dotted parameter path and its values in file order.</summary>
public sealed record ManifestSweepAxis(string Path, IReadOnlyList<string> Values);

/// <summary>A scenario of the run.</summary>
/// <param name="Replications">Replications written for the scenario.</param>
/// <param name="Parameters">Sweep-axis values, path → value as written in the scenario file.</param>
public sealed record ManifestScenario(
    string ScenarioId,
    int ScenarioIndex,
    string Name,
    ulong Seed,
    int Replications,
    IReadOnlyDictionary<string, string> Parameters);

/// <summary>Rows per table over the whole dataset.</summary>
public sealed record TableRowCounts(long Scenarios, long Replications, long Schools, long Summary);

/// <summary>A file of the dataset.</summary>
/// <param name="Path">Relative to the dataset folder, '/'-separated.</param>
/// <param name="Table">The table the file belongs to.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the content.</param>
public sealed record DatasetFile(string Path, string Table, long Rows, long Bytes, string Sha256);
