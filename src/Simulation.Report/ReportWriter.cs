using System.Text;
using Simulation.Output.Files;
using Simulation.Report.Geography;
using Simulation.Report.Html;
using Simulation.Report.Reading;

namespace Simulation.Report;

/// <summary>
/// Writes the HTML report of a dataset folder (<c>schoolsim report</c>, <c>schoolsim run --report</c>): one
/// self-contained file with the district map, distributions, sweep curves, seat-pool campuses, summary and verdict
/// (contents in docs/outputs.md, "HTML report").
/// </summary>
/// <remarks>The report reads only the dataset's files (so a suppressed dataset gives a suppressed report) and the
/// map geometry passed in. The file is written atomically: a reader never sees a partial report.</remarks>
public static class ReportWriter
{
    /// <summary>The report's file name when it is written next to a dataset.</summary>
    public const string DefaultFileName = "report.html";

    /// <summary>Builds the report's HTML text.</summary>
    /// <param name="map">The district drawn for the map; null draws no map (the report says so).</param>
    /// <param name="compareFolder">A <c>schoolsim compare</c> output folder whose verdict table the report shows too;
    /// null for none.</param>
    /// <exception cref="InvalidDataException">The folder is not a complete dataset, or the compare folder has no
    /// verdict table.</exception>
    public static async Task<string> RenderAsync(string datasetFolder, DistrictMap? map, CancellationToken ct = default,
        string? compareFolder = null)
    {
        var data = await ReportDataset.LoadAsync(datasetFolder, ct, compareFolder);
        return new ReportPage(data, map).Build();
    }

    /// <summary>Builds the report and writes it atomically to <paramref name="outputPath"/>.</summary>
    /// <returns>The size of the file in bytes.</returns>
    public static async Task<long> WriteAsync(string datasetFolder, DistrictMap? map, string outputPath, CancellationToken ct = default,
        string? compareFolder = null)
    {
        var bytes = Encoding.UTF8.GetBytes(await RenderAsync(datasetFolder, map, ct, compareFolder));
        var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (directory is not null) Directory.CreateDirectory(directory);
        await AtomicFile.WriteAsync(outputPath, (stream, token) => stream.WriteAsync(bytes, token).AsTask(), ct);
        return bytes.Length;
    }

    /// <summary>
    /// The district folder a dataset was made from: the folder of the <c>district.yaml</c> listed first among the
    /// manifest's district inputs, tried as written (relative to the current folder, as the run saw it), then
    /// relative to the dataset folder and its parents. Null when none exists.
    /// </summary>
    public static async Task<string?> FindDistrictFolderAsync(string datasetFolder, CancellationToken ct = default)
    {
        var manifest = Path.Combine(datasetFolder, Output.DatasetWriter.ManifestFileName);
        if (!File.Exists(manifest)) return null;
        using var doc = System.Text.Json.JsonDocument.Parse(await File.ReadAllBytesAsync(manifest, ct));
        var inputs = doc.RootElement.GetProperty("district").GetProperty("inputs");
        if (inputs.GetArrayLength() == 0) return null;
        var definition = inputs[0].GetProperty("path").GetString();
        if (string.IsNullOrEmpty(definition)) return null;
        if (Path.IsPathRooted(definition)) return File.Exists(definition) ? Path.GetDirectoryName(definition) : null;
        if (File.Exists(definition)) return Path.GetDirectoryName(Path.GetFullPath(definition));
        for (var dir = new DirectoryInfo(Path.GetFullPath(datasetFolder)); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, definition);
            if (File.Exists(candidate)) return Path.GetDirectoryName(candidate);
        }
        return null;
    }

    /// <summary>
    /// The manifest's district inputs whose file in <paramref name="districtFolder"/> (matched by file name) is missing
    /// or no longer has the recorded SHA-256: the map drawn from that folder may not be the district that was run.
    /// </summary>
    public static async Task<IReadOnlyList<string>> ChangedDistrictInputsAsync(string datasetFolder, string districtFolder, CancellationToken ct = default)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(
            await File.ReadAllBytesAsync(Path.Combine(datasetFolder, Output.DatasetWriter.ManifestFileName), ct));
        var changed = new List<string>();
        var inputs = doc.RootElement.GetProperty("district").GetProperty("inputs").EnumerateArray().ToList();
        // The district's own files sit beside its district.yaml (listed first); boundary plan files a scenario zoned
        // the district by are listed after them from elsewhere and are not the map's business.
        var recordedFolder = inputs.Count == 0 ? "" : Path.GetDirectoryName(inputs[0].GetProperty("path").GetString() ?? "");
        foreach (var input in inputs)
        {
            if (Path.GetDirectoryName(input.GetProperty("path").GetString() ?? "") != recordedFolder) continue;
            var name = Path.GetFileName(input.GetProperty("path").GetString() ?? "");
            var path = Path.Combine(districtFolder, name);
            if (!File.Exists(path) || await AtomicFile.Sha256Async(path, ct) != input.GetProperty("sha256").GetString())
                changed.Add(name);
        }
        return changed;
    }
}
