using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Simulation.Core.Statistics;
using Simulation.Output.Files;

namespace Simulation.Output;

/// <summary>
/// <c>_checkpoint/&lt;scenario_id&gt;.json</c>: written atomically once a scenario's partitions are in place, it
/// records what a later <c>--resume</c> needs to take the scenario back without running it again: the files with
/// their SHA-256 (to check they are intact) and the summary rows (so <c>summary.parquet</c> comes out the same).
/// </summary>
/// <remarks>Doubles are written in their shortest round-trip form (NaN as <c>"NaN"</c>), so a summary read back has the
/// same bits. The leading underscore hides the folder from pyarrow, Spark and Hive; DuckDB globs on <c>*.parquet</c>.</remarks>
internal sealed record ScenarioCheckpoint(
    int FormatVersion,
    string EngineVersion,
    string ScenarioId,
    int ScenarioIndex,
    ulong Seed,
    int Replications,
    int? SuppressBelow,
    IReadOnlyList<DatasetFile> Files,
    IReadOnlyList<CheckpointSummary> Summary)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static ScenarioCheckpoint From(string engineVersion, int formatVersion, ScenarioRecord scenario, int replications,
        int? suppressBelow, IReadOnlyList<DatasetFile> files, IReadOnlyList<SummaryRow> summary) =>
        new(formatVersion, engineVersion, scenario.ScenarioId, scenario.ScenarioIndex, scenario.Spec.Seed, replications, suppressBelow, files,
            [.. summary.Select(r => new CheckpointSummary(r.Metric, r.Summary.N, r.Summary.Missing, r.Summary.Mean, r.Summary.Sd,
                r.Summary.Q025, r.Summary.Q50, r.Summary.Q975, r.Summary.MeanCiLow, r.Summary.MeanCiHigh,
                r.Summary.NormalLow, r.Summary.NormalHigh, r.Summary.MeanBootLow, r.Summary.MeanBootHigh))]);

    public static string PathOf(string datasetDirectory, string scenarioId) =>
        Path.Combine(datasetDirectory, DatasetWriter.CheckpointDirectoryName, scenarioId + ".json");

    public static async Task WriteAsync(string datasetDirectory, ScenarioCheckpoint checkpoint, CancellationToken ct)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(checkpoint, Json);
        await AtomicFile.WriteAsync(PathOf(datasetDirectory, checkpoint.ScenarioId), async (stream, token) =>
        {
            await stream.WriteAsync(json, token);
            stream.WriteByte((byte)'\n');
        }, ct);
    }

    /// <summary>The scenario's checkpoint, or null if there is none or it cannot be read (then the scenario runs again).</summary>
    public static async Task<ScenarioCheckpoint?> ReadAsync(string datasetDirectory, string scenarioId, CancellationToken ct)
    {
        var path = PathOf(datasetDirectory, scenarioId);
        if (!File.Exists(path)) return null;
        try
        {
            await using var stream = File.OpenRead(path);
            var checkpoint = await JsonSerializer.DeserializeAsync<ScenarioCheckpoint>(stream, Json, ct);
            return checkpoint is { Files: not null, Summary: not null } && checkpoint.ScenarioId == scenarioId ? checkpoint : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>A summary row as stored in a checkpoint.</summary>
internal sealed record CheckpointSummary(
    string Metric, int N, int Missing, double Mean, double Sd, double Q025, double Q50, double Q975, double MeanCiLow, double MeanCiHigh,
    double NormalLow, double NormalHigh, double MeanBootLow, double MeanBootHigh)
{
    public MetricSummary ToSummary() =>
        new(N, Missing, Mean, Sd, Q025, Q50, Q975, MeanCiLow, MeanCiHigh, NormalLow, NormalHigh, MeanBootLow, MeanBootHigh);
}
