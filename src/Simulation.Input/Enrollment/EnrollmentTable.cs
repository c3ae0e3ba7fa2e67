using Simulation.Input.Files;

namespace Simulation.Input.Enrollment;

/// <summary>
/// An enrollment table in long form — one row per (unit, group) with a count, e.g. <c>school,race,n</c> — read into
/// the unit × group count matrix the integration metrics take, with an optional nesting column (district, state).
/// </summary>
/// <remarks>
/// <para>Groups are sorted by name (ordinal), units keep the order in which they first appear. Rows repeating a
/// (unit, group) pair are added up, as the R package <c>segregation</c> does with weights; a (unit, group) pair
/// that never appears counts 0. Every other column is ignored.</para>
/// <para>Errors (<see cref="InputException"/>) name the file, the row (its line number; the header is row 1) and
/// the column: a missing column, an empty unit or group, a count that is not a whole number ≥ 0, a unit whose
/// students exceed 2^31 − 1, a unit listed under two nesting values, or a table without rows.</para>
/// </remarks>
public sealed class EnrollmentTable
{
    private EnrollmentTable(string file, string[] units, string[] groups, int[] counts, string[]? nesting, int[]? nestingOfUnit)
    {
        File = file;
        Units = units;
        Groups = groups;
        Counts = counts;
        Nesting = nesting;
        NestingOfUnit = nestingOfUnit;
    }

    /// <summary>The file as named by the caller.</summary>
    public string File { get; }

    /// <summary>Unit names in order of first appearance.</summary>
    public IReadOnlyList<string> Units { get; }

    /// <summary>Group names, sorted ordinally.</summary>
    public IReadOnlyList<string> Groups { get; }

    /// <summary>Row-major unit × group counts.</summary>
    public int[] Counts { get; }

    /// <summary>Nesting-unit names in order of first appearance, or null without a nesting column.</summary>
    public IReadOnlyList<string>? Nesting { get; }

    /// <summary>Per unit, the index of its nesting unit in <see cref="Nesting"/>, or null.</summary>
    public int[]? NestingOfUnit { get; }

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="InputException">The file cannot be read or is not a valid enrollment table.</exception>
    public static EnrollmentTable Load(string path, string unitColumn, string groupColumn, string countColumn, string? nestingColumn = null) =>
        Read(CsvTable.Load(path).Table, unitColumn, groupColumn, countColumn, nestingColumn);

    /// <summary>Reads a parsed table.</summary>
    public static EnrollmentTable Read(CsvTable table, string unitColumn, string groupColumn, string countColumn, string? nestingColumn = null)
    {
        var unitAt = table.Column(unitColumn);
        var groupAt = table.Column(groupColumn);
        var countAt = table.Column(countColumn);
        var nestingAt = nestingColumn is null ? -1 : table.Column(nestingColumn);
        if (table.RowCount == 0) throw new InputException(table.File, null, null, "the table has a header but no rows");

        var units = new Dictionary<string, int>(StringComparer.Ordinal);
        var nesting = new Dictionary<string, int>(StringComparer.Ordinal);
        var nestingOfUnit = new List<int>();
        var groupNames = new SortedSet<string>(StringComparer.Ordinal);
        var cells = new List<(int Unit, string Group, int Count)>(table.RowCount);
        for (var r = 0; r < table.RowCount; r++)
        {
            var unit = table.RequiredText(r, unitAt);
            var group = table.RequiredText(r, groupAt);
            var count = table.Int(r, countAt);
            if (count < 0) throw table.Error(r, countAt, $"a count must be ≥ 0, got {count}");
            if (!units.TryGetValue(unit, out var u))
            {
                units[unit] = u = units.Count;
                nestingOfUnit.Add(-1);
            }
            if (nestingAt >= 0)
            {
                var parent = table.RequiredText(r, nestingAt);
                if (!nesting.TryGetValue(parent, out var s)) nesting[parent] = s = nesting.Count;
                if (nestingOfUnit[u] < 0) nestingOfUnit[u] = s;
                else if (nestingOfUnit[u] != s)
                    throw table.Error(r, nestingAt,
                        $"unit '{unit}' is already in {nestingColumn} '{nesting.First(kv => kv.Value == nestingOfUnit[u]).Key}', not '{parent}'");
            }
            groupNames.Add(group);
            cells.Add((u, group, count));
        }

        var groups = groupNames.ToArray();
        var groupIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var g = 0; g < groups.Length; g++) groupIndex[groups[g]] = g;
        var counts = new long[units.Count * groups.Length];
        var unitTotals = new long[units.Count];
        for (var r = 0; r < cells.Count; r++)
        {
            var (u, group, count) = cells[r];
            counts[u * groups.Length + groupIndex[group]] += count;
            if ((unitTotals[u] += count) > int.MaxValue)
                throw table.Error(r, countAt, $"unit '{table.Text(r, unitAt)}' would hold more than {int.MaxValue} students");
        }

        return new EnrollmentTable(
            table.File,
            [.. units.OrderBy(kv => kv.Value).Select(kv => kv.Key)],
            groups,
            [.. counts.Select(c => (int)c)],
            nestingAt >= 0 ? [.. nesting.OrderBy(kv => kv.Value).Select(kv => kv.Key)] : null,
            nestingAt >= 0 ? [.. nestingOfUnit] : null);
    }

    /// <summary>The index of group <paramref name="name"/>, or −1.</summary>
    public int GroupIndex(string name) => Array.IndexOf((string[])Groups, name);
}
