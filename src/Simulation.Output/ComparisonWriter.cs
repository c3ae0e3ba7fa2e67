using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Simulation.Core;
using Simulation.Output.Files;
using Simulation.Output.Tables;

namespace Simulation.Output;

/// <summary>
/// Writes the results of <c>schoolsim compare</c> and <c>schoolsim statewide</c> (layout and columns in
/// docs/outputs.md): Parquet tables, a Markdown summary and, last, <c>manifest.json</c>, whose presence marks a
/// complete output folder.
/// </summary>
/// <remarks>Every file is written atomically (temporary file, then rename); tables are deterministic (equal rows give
/// equal bytes). Opening a writer deletes a <c>manifest.json</c> left in the folder. Not thread-safe.</remarks>
public sealed class ComparisonWriter
{
    public const string DifferencesFileName = "differences.parquet";
    public const string ComplianceFileName = "compliance.parquet";
    public const string VerdictsFileName = "verdicts.parquet";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly List<DatasetFile> _files = [];

    public ComparisonWriter(string outputDirectory)
    {
        Preconditions.NotNull(outputDirectory, nameof(outputDirectory));
        OutputDirectory = Path.GetFullPath(outputDirectory);
        Directory.CreateDirectory(OutputDirectory);
        File.Delete(Path.Combine(OutputDirectory, DatasetWriter.ManifestFileName));
    }

    public string OutputDirectory { get; }

    public Task WriteDifferencesAsync(IReadOnlyList<DifferenceRow> rows, CancellationToken ct = default) =>
        WriteTableAsync(DifferencesFileName, "differences", ComparisonTables.Differences(rows), rows.Count, ct);

    public Task WriteComplianceAsync(IReadOnlyList<ComplianceRow> rows, CancellationToken ct = default) =>
        WriteTableAsync(ComplianceFileName, "compliance", ComparisonTables.Compliance(rows), rows.Count, ct);

    public Task WriteVerdictsAsync(IReadOnlyList<VerdictRow> rows, CancellationToken ct = default) =>
        WriteTableAsync(VerdictsFileName, "verdicts", ComparisonTables.Verdicts(rows), rows.Count, ct);

    /// <summary>Writes a UTF-8 text file (the Markdown summary).</summary>
    public async Task WriteTextAsync(string name, string text, CancellationToken ct = default)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var digest = await AtomicFile.WriteAsync(Path.Combine(OutputDirectory, name), (s, t) => s.WriteAsync(bytes, t).AsTask(), ct);
        _files.Add(new DatasetFile(name, "text", 0, digest.Bytes, digest.Sha256));
    }

    /// <summary>Writes <c>manifest.json</c> (last): the caller's description of the run plus every file written.</summary>
    public async Task CompleteAsync(ComparisonManifest manifest, CancellationToken ct = default)
    {
        Preconditions.NotNull(manifest, nameof(manifest));
        var json = JsonSerializer.SerializeToUtf8Bytes(manifest with { Files = [.. _files] }, Json);
        await AtomicFile.WriteAsync(Path.Combine(OutputDirectory, DatasetWriter.ManifestFileName), async (stream, token) =>
        {
            await stream.WriteAsync(json, token);
            stream.WriteByte((byte)'\n');
        }, ct);
    }

    /// <summary>A scenario's standing on a rule by itself (<c>meets</c>, <c>fails</c>, <c>inconclusive</c> or
    /// <c>not applicable</c>), as in the compliance table's <c>status</c> column.</summary>
    public static string Status(Simulation.Core.Rules.Rule rule, Simulation.Core.Comparisons.Compliance compliance) =>
        ComparisonTables.Status(rule, compliance);

    private async Task WriteTableAsync(string name, string table, IReadOnlyList<TableColumn> columns, int rows, CancellationToken ct)
    {
        var digest = await AtomicFile.WriteAsync(Path.Combine(OutputDirectory, name),
            (stream, token) => ParquetTable.WriteAsync(stream, columns, rows, token), ct);
        _files.Add(new DatasetFile(name, table, rows, digest.Bytes, digest.Sha256));
    }
}

/// <summary>The <c>manifest.json</c> of a compare or statewide folder.</summary>
/// <param name="Command"><c>compare</c> or <c>statewide</c>.</param>
/// <param name="Inputs">Scenario, rules and district files with their SHA-256.</param>
/// <param name="Scenarios">The scenarios run: id, role, name, district, seed, replications.</param>
/// <param name="Files">Filled in by the writer.</param>
public sealed record ComparisonManifest(
    int FormatVersion,
    string Command,
    string EngineVersion,
    DateTimeOffset CreatedAt,
    IReadOnlyList<string> CommandLine,
    IReadOnlyList<InputFile> Inputs,
    IReadOnlyList<ComparisonScenario> Scenarios,
    IReadOnlyList<RunTiming> Timings,
    IReadOnlyList<DatasetFile>? Files = null);

/// <summary>A scenario of a compare or statewide run.</summary>
public sealed record ComparisonScenario(string ScenarioId, string Role, string Name, string DistrictId, ulong Seed, int Replications);
