using Simulation.Core.Scenarios;
using Simulation.Output.Files;

namespace Simulation.Output;

/// <summary>
/// What only the caller (the command line) knows about a run, for the dataset's <c>manifest.json</c>. The writer adds
/// what it knows itself: district, scenarios, replication counts, table row counts and the files it wrote.
/// </summary>
/// <param name="EngineVersion">Version of the engine that ran (e.g. the CLI's informational version).</param>
/// <param name="CreatedAt">When the run started or finished, as the caller defines it; the writer never reads a
/// clock, so equal inputs give equal datasets.</param>
/// <param name="CommandLine">The arguments the run was started with.</param>
/// <param name="ScenarioFile">The scenario file and its SHA-256.</param>
/// <param name="DistrictInputs">The files the district was loaded from, with their SHA-256.</param>
/// <param name="SweepAxes">The sweep axes the scenarios were expanded from; empty without a sweep.</param>
/// <param name="Timings">Named durations (for example <c>load</c>, <c>simulate</c>, <c>write</c>), in the order
/// they should be listed.</param>
public sealed record RunManifest(
    string EngineVersion,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string> CommandLine,
    InputFile ScenarioFile,
    IReadOnlyList<InputFile> DistrictInputs,
    IReadOnlyList<SweepAxis> SweepAxes,
    IReadOnlyList<RunTiming> Timings);

/// <summary>An input file and the lower-case hex SHA-256 of its content.</summary>
public sealed record InputFile(string Path, string Sha256)
{
    /// <summary>Hashes the file at <paramref name="path"/>.</summary>
    public static async Task<InputFile> HashAsync(string path, CancellationToken ct = default) =>
        new(path, await AtomicFile.Sha256Async(path, ct));
}

/// <summary>A named duration of a run, in seconds.</summary>
public sealed record RunTiming(string Name, double Seconds);
