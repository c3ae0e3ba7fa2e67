using System.Globalization;
using Simulation.Input;
using Simulation.Input.Enrollment;

namespace Simulation.Cli.Commands;

/// <summary>
/// <c>schoolsim metrics --input FILE --unit COL --group COL --count COL [--pair A,B] [--within COL] [--band X[,Y…]]
/// [--format csv|json] [--out FILE]</c>: the integration indices of an enrollment table, one row per
/// <c>metric,group,other_group,value</c> (names and formulas in <c>docs/metrics.md</c>).
/// </summary>
/// <remarks>Pure computation: no silo is started. The table is read and checked, and every option validated, before
/// anything is written; <c>--out</c> is written to a temporary file beside it and renamed, so a reader never sees a
/// partial file and a failed run leaves no file. Undefined values (for example D with a single group present) are
/// written as <c>NaN</c> in CSV and <c>null</c> in JSON, and listed on standard error.</remarks>
public static class MetricsCommand
{
    public const string Usage =
        "schoolsim metrics --input FILE --unit COL --group COL --count COL [--pair A,B] [--within COL] [--band X[,Y...]] [--format csv|json] [--out FILE]";

    public static int Execute(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var a = Arguments.Parse(args, ["input", "unit", "group", "count", "pair", "within", "band", "format", "out"], []);
        if (a.Positionals.Count > 0) throw new UsageException($"metrics takes no positional arguments ('{a.Positionals[0]}')\nusage: " + Usage);
        var format = a.Get("format") ?? "csv";
        if (format is not ("csv" or "json")) throw new UsageException($"option --format: expected csv or json, got '{format}'");
        var bands = Bands(a.Get("band"));
        var table = EnrollmentTable.Load(Required(a, "input"), Required(a, "unit"), Required(a, "group"), Required(a, "count"), a.Get("within"));
        var pair = Pair(a.Get("pair"), table, Required(a, "group"));

        var rows = IntegrationReport.Rows(table, bands, pair);
        var text = format == "csv" ? IntegrationReport.ToCsv(rows) : IntegrationReport.ToJson(rows);
        var output = a.Get("out");
        if (output is null) stdout.Write(text);
        else WriteAtomically(output, text);

        var undefined = rows.Where(r => double.IsNaN(r.Value)).GroupBy(r => r.Metric).Select(g => $"{g.Key} ({g.Count()})").ToList();
        if (undefined.Count > 0)
            stderr.WriteLine("note: undefined values (NaN) for " + string.Join(", ", undefined) + "; see docs/metrics.md, degenerate inputs");
        return 0;
    }

    private static string Required(Arguments a, string name) =>
        a.Get(name) ?? throw new UsageException($"metrics needs --{name}\nusage: " + Usage);

    private static double[] Bands(string? text)
    {
        if (text is null) return [10, 15];
        var bands = new List<double>();
        foreach (var part in text.Split(','))
        {
            if (!double.TryParse(part.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var band) || band is < 0 or > 100 || !double.IsFinite(band))
                throw new UsageException($"option --band: expected percentage points in [0, 100] (comma-separated), got '{part}'");
            if (!bands.Contains(band)) bands.Add(band);
        }
        return [.. bands];
    }

    private static (int A, int B)? Pair(string? text, EnrollmentTable table, string groupColumn)
    {
        if (text is null) return null;
        var names = text.Split(',');
        if (names.Length != 2 || names[0] == names[1])
            throw new UsageException($"option --pair: expected two different groups as A,B, got '{text}'");
        var indices = names.Select(n => table.GroupIndex(n.Trim())).ToArray();
        for (var i = 0; i < 2; i++)
            if (indices[i] < 0)
                throw new InputException(table.File, null, groupColumn,
                    $"--pair names group '{names[i].Trim()}', which is not in the table (groups: {string.Join(", ", table.Groups)})");
        return (indices[0], indices[1]);
    }

    private static void WriteAtomically(string path, string text)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory)) throw new UsageException($"option --out: folder '{directory}' does not exist");
        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.tmp-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllText(temp, text);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
