using System.Globalization;
using System.Text.Json;
using Simulation.Output;

namespace Simulation.Report.Reading;

/// <summary>
/// What the report needs from a dataset folder written by <see cref="DatasetWriter"/>, reduced as it is read: the
/// manifest's header, each scenario's summary rows, its replication values of every metric, and each school's
/// distribution of the focus group's share across replications (schools are read one scenario partition at a time, so
/// memory stays proportional to one scenario).
/// </summary>
internal sealed class ReportDataset
{
    /// <summary>Tables shown in the report's verdict section: any top-level file or folder whose name starts with this.</summary>
    public const string VerdictPrefix = "verdict";

    public required string Folder { get; init; }
    public required string DistrictId { get; init; }
    public required string DistrictName { get; init; }
    public required string EngineVersion { get; init; }
    public required string CreatedAt { get; init; }
    public required IReadOnlyList<string> DistrictInputs { get; init; }
    public required int? SuppressBelow { get; init; }
    /// <summary>Group names in district order (from the schools table's <c>enrolled_&lt;group&gt;</c> columns).</summary>
    public required IReadOnlyList<string> Groups { get; init; }
    public required IReadOnlyList<ScenarioData> Scenarios { get; init; }
    /// <summary>Sweep axes as <c>param_*</c> column names, in scenarios-table order.</summary>
    public required IReadOnlyList<SweepAxisView> SweepAxes { get; init; }
    public required IReadOnlyList<(string Name, ParquetColumns Table)> Verdicts { get; init; }

    /// <summary>The group whose share colours the map: the district's first group (Dallas ISD: <c>ed</c>).</summary>
    public string FocusGroup => Groups[0];

    /// <exception cref="InvalidDataException">The folder is not a complete dataset (no manifest) or a table is missing
    /// or malformed.</exception>
    /// <param name="compareFolder">A <c>schoolsim compare</c> output folder: its verdict tables are shown after the
    /// dataset's own, named <c>compare-…</c>.</param>
    private static async Task<List<(string, ParquetColumns)>> VerdictTablesAsync(string folder, string prefix, CancellationToken ct)
    {
        var verdicts = new List<(string, ParquetColumns)>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder)
                     .Where(e => Path.GetFileName(e).StartsWith(VerdictPrefix, StringComparison.OrdinalIgnoreCase))
                     .Order(StringComparer.Ordinal))
        {
            if (File.Exists(entry) && !entry.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)) continue;
            verdicts.Add((prefix + Path.GetFileNameWithoutExtension(entry), await ParquetColumns.ReadAsync(entry, ct)));
        }
        return verdicts;
    }

    public static async Task<ReportDataset> LoadAsync(string folder, CancellationToken ct = default, string? compareFolder = null)
    {
        var manifestPath = Path.Combine(folder, DatasetWriter.ManifestFileName);
        if (!File.Exists(manifestPath))
            throw new InvalidDataException($"{folder}: no {DatasetWriter.ManifestFileName}; the folder is not a complete dataset (did the run finish?)");
        using var manifest = JsonDocument.Parse(await File.ReadAllBytesAsync(manifestPath, ct));
        var root = manifest.RootElement;
        var district = root.GetProperty("district");

        var scenarios = await ParquetColumns.ReadAsync(Require(folder, DatasetWriter.ScenariosFileName), ct);
        var summary = await ParquetColumns.ReadAsync(Require(folder, DatasetWriter.SummaryFileName), ct);
        var axes = scenarios.Names.Where(n => n.StartsWith("param_", StringComparison.Ordinal))
            .Select(n => new SweepAxisView(n, n["param_".Length..],
                Enumerable.Range(0, scenarios.RowCount).All(r => scenarios[n, r] is null or double)))
            .ToList();

        var list = new List<ScenarioData>();
        string[]? groups = null;
        var order = Enumerable.Range(0, scenarios.RowCount).OrderBy(r => (int)scenarios["scenario_index", r]!).ToList();
        foreach (var r in order)
        {
            var id = scenarios.Text("scenario_id", r);
            var reps = await ParquetColumns.ReadAsync(
                Require(folder, DatasetWriter.PartitionPath(DatasetWriter.ReplicationsTableName, id)), ct);
            var schools = await ParquetColumns.ReadAsync(
                Require(folder, DatasetWriter.PartitionPath(DatasetWriter.SchoolsTableName, id)), ct);
            groups ??= [.. schools.Names.Where(n => n.StartsWith("enrolled_", StringComparison.Ordinal)).Select(n => n["enrolled_".Length..])];
            if (groups.Length == 0) throw new InvalidDataException($"{folder}: the schools table has no enrolled_<group> columns");

            var metrics = new Dictionary<string, double[]>(StringComparer.Ordinal);
            foreach (var name in reps.Names.Where(IsMetricColumn))
                metrics[name] = [.. Enumerable.Range(0, reps.RowCount).Select(i => reps.Number(name, i)).OfType<double>()];
            list.Add(new ScenarioData(
                id,
                (int)scenarios["scenario_index", r]!,
                scenarios.Text("name", r),
                scenarios["seed", r] is long seed ? unchecked((ulong)seed).ToString(CultureInfo.InvariantCulture) : "",
                (int)scenarios["replications", r]!,
                axes.ToDictionary(a => a.Column, a => scenarios[a.Column, r]),
                SummaryOf(summary, id),
                metrics,
                SchoolsOf(schools, groups[0])));
        }

        var verdicts = await VerdictTablesAsync(folder, "", ct);
        if (compareFolder is not null)
        {
            var compared = Directory.Exists(compareFolder) ? await VerdictTablesAsync(compareFolder, "compare-", ct) : [];
            if (compared.Count == 0)
                throw new InvalidDataException($"{compareFolder}: no verdict table (verdicts.parquet); is it a `schoolsim compare` output folder?");
            verdicts.AddRange(compared);
        }

        return new ReportDataset
        {
            Folder = Path.GetFullPath(folder),
            DistrictId = district.GetProperty("id").GetString() ?? "",
            DistrictName = district.GetProperty("name").GetString() ?? "",
            EngineVersion = root.TryGetProperty("engine_version", out var v) ? v.GetString() ?? "" : "",
            CreatedAt = root.TryGetProperty("created_at", out var c) ? c.GetString() ?? "" : "",
            DistrictInputs = [.. district.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("path").GetString() ?? "")],
            SuppressBelow = root.TryGetProperty("suppress_below", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : null,
            Groups = groups ?? throw new InvalidDataException($"{folder}: the dataset has no scenarios"),
            Scenarios = list,
            SweepAxes = axes,
            Verdicts = verdicts,
        };
    }

    private static bool IsMetricColumn(string name) => name is not ("scenario_id" or "seed" or "replication");

    private static string Require(string folder, string relative)
    {
        var path = Path.Combine(folder, relative.Replace('/', Path.DirectorySeparatorChar));
        if (!File.Exists(path)) throw new InvalidDataException($"{folder}: missing {relative}");
        return path;
    }

    private static Dictionary<string, MetricView> SummaryOf(ParquetColumns summary, string scenarioId)
    {
        var result = new Dictionary<string, MetricView>(StringComparer.Ordinal);
        for (var r = 0; r < summary.RowCount; r++)
        {
            if (summary.Text("scenario_id", r) != scenarioId) continue;
            result[summary.Text("metric", r)] = new MetricView(
                (int)summary["n", r]!, summary.Number("mean", r), summary.Number("sd", r), summary.Number("q025", r),
                summary.Number("q50", r), summary.Number("q975", r), summary.Number("mean_ci_low", r),
                summary.Number("mean_ci_high", r));
        }
        return result;
    }

    private static List<SchoolView> SchoolsOf(ParquetColumns schools, string focus)
    {
        var byId = new Dictionary<string, (string Name, bool Choice, List<double> Shares, double? Target, long Enrolled, int Rows, bool Suppressed)>(StringComparer.Ordinal);
        var order = new List<string>();
        var suppressedColumn = "suppressed_" + focus;
        for (var r = 0; r < schools.RowCount; r++)
        {
            var id = schools.Text("school_id", r);
            if (!byId.TryGetValue(id, out var s))
            {
                s = (schools.Text("school_name", r), schools["is_choice", r] is true, [], schools.Number("target_share_" + focus, r), 0, 0, false);
                order.Add(id);
            }
            if (schools.Number("share_" + focus, r) is { } share) s.Shares.Add(share);
            s.Enrolled += (long)(schools.Number("enrolled", r) ?? 0);
            s.Rows++;
            s.Suppressed |= schools.Has(suppressedColumn) && schools[suppressedColumn, r] is true;
            byId[id] = s;
        }
        return [.. order.Select(id =>
        {
            var s = byId[id];
            var shares = s.Shares.Order().ToArray();
            var hidden = s.Suppressed || shares.Length == 0;
            return new SchoolView(id, s.Name, s.Choice,
                hidden ? null : shares.Average(),
                hidden ? null : Quantile(shares, 0.025),
                hidden ? null : Quantile(shares, 0.975),
                s.Target, s.Rows == 0 ? 0 : (double)s.Enrolled / s.Rows, s.Suppressed);
        })];
    }

    /// <summary>Quantile of sorted values, linear interpolation between order statistics (R type 7), as the summary table.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return double.NaN;
        var h = (sorted.Count - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}

/// <summary>A sweep axis: its <c>param_*</c> column, the parameter path as written there, and whether every value is a number.</summary>
internal sealed record SweepAxisView(string Column, string Name, bool Numeric);

/// <summary>One scenario: identity, sweep values (by <c>param_*</c> column), summary rows, replication values
/// (null values dropped) and school aggregates.</summary>
internal sealed record ScenarioData(
    string Id,
    int Index,
    string Name,
    string Seed,
    int Replications,
    IReadOnlyDictionary<string, object?> Parameters,
    IReadOnlyDictionary<string, MetricView> Summary,
    IReadOnlyDictionary<string, double[]> Metrics,
    IReadOnlyList<SchoolView> Schools)
{
    /// <summary>A short label: the name, and the sweep values when there are any.</summary>
    public string Label => Parameters.Count == 0
        ? Name
        : Name + " · " + string.Join(", ", Parameters.Select(p => $"{p.Key["param_".Length..]}={Format(p.Value)}"));

    /// <summary>For chart rows: the sweep values alone (axis order), or the name without a sweep.</summary>
    public string ShortLabel => Parameters.Count == 0 ? Name : string.Join(" · ", Parameters.Values.Select(Format));

    private static string Format(object? value) => value switch
    {
        null => "—",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>One row of the summary table.</summary>
internal sealed record MetricView(int N, double? Mean, double? Sd, double? Q025, double? Q50, double? Q975, double? CiLow, double? CiHigh);

/// <summary>A school across a scenario's replications: the focus group's share (mean and 2.5–97.5 % range; null
/// where suppressed or never enrolled), its reserved share, and mean enrollment.</summary>
internal sealed record SchoolView(
    string Id, string Name, bool IsChoice, double? MeanShare, double? ShareLow, double? ShareHigh, double? Target,
    double MeanEnrolled, bool Suppressed);
