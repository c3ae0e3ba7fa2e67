using Simulation.Testing;

namespace Simulation.Core.Tests.Metrics;

/// <summary>The copied reference tables (see <c>Reference/README.md</c>), parsed into count matrices.</summary>
internal static class ReferenceData
{
    public static string Folder => Path.Combine(RepositoryPaths.Root, "tests", "Simulation.Core.Tests", "Metrics", "Reference");

    private static readonly Dictionary<string, SchoolTable> Schools = new(StringComparer.Ordinal);

    /// <summary><c>schools00</c> or <c>schools05</c>: units = schools in file order, groups sorted by name.</summary>
    public static SchoolTable School(string dataset)
    {
        lock (Schools)
        {
            if (!Schools.TryGetValue(dataset, out var table)) Schools[dataset] = table = SchoolTable.Read(Path.Combine(Folder, dataset + ".csv"));
            return table;
        }
    }

    /// <summary><c>schools00</c> and <c>schools05</c> over the union of their schools (00's order, then 05's new ones)
    /// and the same groups: a school absent from one year has a zero row there.</summary>
    public static (double[] Before, double[] After, int Groups) SchoolsChange()
    {
        var a = School("schools00");
        var b = School("schools05");
        if (!a.Groups.SequenceEqual(b.Groups)) throw new InvalidDataException("the two years have different race groups");
        var k = a.Groups.Length;
        var units = a.Schools.Concat(b.Schools.Except(a.Schools)).ToArray();
        var index = units.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i);
        var before = new double[units.Length * k];
        var after = new double[units.Length * k];
        for (var u = 0; u < a.Schools.Length; u++)
            for (var g = 0; g < k; g++) before[index[a.Schools[u]] * k + g] = a.Counts[u * k + g];
        for (var u = 0; u < b.Schools.Length; u++)
            for (var g = 0; g < k; g++) after[index[b.Schools[u]] * k + g] = b.Counts[u * k + g];
        return (before, after, k);
    }

    /// <summary>The records of a CSV file with RFC 4180 quoting, header included.</summary>
    public static List<string[]> ReadCsv(string path)
    {
        var records = new List<string[]>();
        var text = File.ReadAllText(path);
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"') field.Append(text[++i]);
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
            }
            else if (c != '\r') field.Append(c);
        }
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add([.. fields]);
        }
        return records;
    }
}

/// <summary>A long table <c>state,district,school,race,n</c> as a school × race matrix with its nesting.</summary>
internal sealed class SchoolTable
{
    public required int Rows { get; init; }
    public required string[] Schools { get; init; }
    public required string[] Groups { get; init; }
    public required int[] Counts { get; init; }
    public required string[] Districts { get; init; }
    public required int[] DistrictOfSchool { get; init; }
    public required string[] States { get; init; }
    public required int[] StateOfSchool { get; init; }
    public required int[] StateOfDistrict { get; init; }

    public int GroupIndex(string name) => Array.IndexOf(Groups, name) is var i and >= 0 ? i : throw new ArgumentException(name);

    public static SchoolTable Read(string path)
    {
        var rows = ReferenceData.ReadCsv(path).Skip(1).ToList();
        var groups = rows.Select(r => r[3]).Distinct().Order(StringComparer.Ordinal).ToArray();
        var schools = new List<string>();
        var schoolIndex = new Dictionary<string, int>();
        var districts = new List<string>();
        var districtIndex = new Dictionary<string, int>();
        var states = new List<string>();
        var stateIndex = new Dictionary<string, int>();
        var districtOfSchool = new List<int>();
        var stateOfDistrict = new List<int>();
        foreach (var r in rows)
        {
            if (!stateIndex.ContainsKey(r[0])) { stateIndex[r[0]] = states.Count; states.Add(r[0]); }
            if (!districtIndex.ContainsKey(r[1])) { districtIndex[r[1]] = districts.Count; districts.Add(r[1]); stateOfDistrict.Add(stateIndex[r[0]]); }
            if (!schoolIndex.ContainsKey(r[2])) { schoolIndex[r[2]] = schools.Count; schools.Add(r[2]); districtOfSchool.Add(districtIndex[r[1]]); }
        }
        var counts = new int[schools.Count * groups.Length];
        foreach (var r in rows)
            counts[schoolIndex[r[2]] * groups.Length + Array.IndexOf(groups, r[3])] += int.Parse(r[4], System.Globalization.CultureInfo.InvariantCulture);
        return new SchoolTable
        {
            Rows = rows.Count,
            Schools = [.. schools],
            Groups = groups,
            Counts = counts,
            Districts = [.. districts],
            DistrictOfSchool = [.. districtOfSchool],
            States = [.. states],
            StateOfSchool = [.. districtOfSchool.Select(d => stateOfDistrict[d])],
            StateOfDistrict = [.. stateOfDistrict],
        };
    }
}
