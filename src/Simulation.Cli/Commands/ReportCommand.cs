using Simulation.Input.Districts;
using Simulation.Report;
using Simulation.Report.Geography;

namespace Simulation.Cli.Commands;

/// <summary>
/// <c>schoolsim report DIR [--out FILE] [--district FOLDER] [--compare FOLDER]</c>: writes the self-contained HTML report
/// of a dataset folder (default <c>DIR/report.html</c>), with the verdict of a <c>schoolsim compare</c> folder if given. The map's geometry comes from the district folder the run used, found
/// through the manifest (or given with <c>--district</c>).
/// </summary>
public static class ReportCommand
{
    public const string Usage = "schoolsim report DIR [--out FILE] [--district FOLDER] [--compare FOLDER]";

    public static async Task<int> ExecuteAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var a = Arguments.Parse(args, ["out", "district", "compare"], []);
        if (a.Positionals.Count != 1) throw new UsageException("report needs exactly one dataset folder\nusage: " + Usage);
        var dataset = a.Positionals[0];
        if (!File.Exists(Path.Combine(dataset, Output.DatasetWriter.ManifestFileName)))
            throw new UsageException($"'{dataset}' is not a complete dataset folder (no {Output.DatasetWriter.ManifestFileName}); run `schoolsim run` first or wait for it to finish");
        var folder = a.Get("district") ?? await ReportWriter.FindDistrictFolderAsync(dataset, ct);
        DistrictMap? map = null;
        if (folder is null)
            stderr.WriteLine("warning: the district folder named in the manifest was not found; the report has no map (pass --district FOLDER)");
        else
        {
            var changed = await ReportWriter.ChangedDistrictInputsAsync(dataset, folder, ct);
            if (changed.Count > 0)
                stderr.WriteLine($"warning: district files in '{folder}' differ from the run's ({string.Join(", ", changed)}); the map may not match the data");
            map = LoadMap(folder);
        }
        var output = a.Get("out") ?? Path.Combine(dataset, ReportWriter.DefaultFileName);
        long bytes;
        try
        {
            bytes = await ReportWriter.WriteAsync(dataset, map, output, ct, a.Get("compare"));
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(e.Message);
        }
        stdout.WriteLine($"report: {Path.GetFullPath(output)} ({bytes / 1024.0:N0} KiB)");
        return 0;
    }

    /// <summary>Loads a district folder and draws its zones and schools for the report's map.</summary>
    public static DistrictMap LoadMap(string districtFolder) => MapOf(DistrictLoader.Load(districtFolder));

    /// <summary>Draws an already loaded district.</summary>
    public static DistrictMap MapOf(DistrictSource source) => DistrictMap.Create(source.District, source.ZonePolygons);
}
