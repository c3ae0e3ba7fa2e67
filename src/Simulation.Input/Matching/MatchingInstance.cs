using Simulation.Core.Mechanisms;
using Simulation.Core.Scenarios;
using Simulation.Input.Files;

namespace Simulation.Input.Matching;

/// <summary>
/// One explicit assignment instance read from CSV files (schools, preferences, and optionally priorities, student
/// groups and seat pools), as a core <see cref="MatchingProblem"/> plus the text ids to write results back with.
/// </summary>
/// <remarks>
/// <para>Students are numbered in order of first appearance: students.csv rows first, then preferences.csv rows.
/// A student in priorities.csv who neither applies nor appears in students.csv takes no part and is ignored.</para>
/// <para>Lottery ids are <see cref="Lottery.IdOf"/> of the text ids, so lottery numbers depend only on (seed, tie
/// breaking, school id, student id) and not on row order; under pool tie-breaking a pool's lottery id is
/// <see cref="Lottery.IdOf"/> of its name (the implicit open pool's name is empty). Formats and semantics:
/// docs/match.md.</para>
/// </remarks>
public sealed class MatchingInstance
{
    private MatchingInstance(string[] studentIds, string[] schoolIds, int[] listRank, MatchingProblem problem)
    {
        StudentIds = studentIds;
        SchoolIds = schoolIds;
        ListRank = listRank;
        Problem = problem;
    }

    public string[] StudentIds { get; }
    public string[] SchoolIds { get; }

    /// <summary>Per list entry of <see cref="Problem"/>: the rank as written in preferences.csv.</summary>
    public int[] ListRank { get; }

    public MatchingProblem Problem { get; }

    /// <summary>Reads and checks every file.</summary>
    /// <exception cref="InputException">A file is missing or malformed; the message names file, row and field.</exception>
    public static MatchingInstance Load(MatchingFiles files, TieBreaking tieBreaking, ulong seed)
    {
        var schools = CsvTable.Load(files.Schools).Table;
        var preferences = CsvTable.Load(files.Preferences).Table;
        var priorities = files.Priorities is null ? null : CsvTable.Load(files.Priorities).Table;
        var students = files.Students is null ? null : CsvTable.Load(files.Students).Table;
        var pools = files.Pools is null ? null : CsvTable.Load(files.Pools).Table;

        var (schoolIndex, schoolIds, capacity) = ReadSchools(schools);
        var studentIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var studentIds = new List<string>();
        var groupOf = new List<int>();
        var tickets = new List<int>();
        var groups = new List<string> { "" };
        if (students is not null) ReadStudents(students, studentIndex, studentIds, groupOf, tickets, groups);

        // Preferences: collect (student, rank) → school, then sort each student's rows by rank.
        var pStudent = preferences.Column("student_id");
        var pRank = preferences.Column("rank");
        var pSchool = preferences.Column("school_id");
        var rows = preferences.RowCount;
        var order = new ulong[rows];
        var rowOf = new int[rows];
        var schoolOfRow = new int[rows];
        var rankOfRow = new int[rows];
        for (var r = 0; r < rows; r++)
        {
            var id = preferences.RequiredText(r, pStudent);
            if (!studentIndex.TryGetValue(id, out var i))
            {
                i = studentIds.Count;
                studentIndex.Add(id, i);
                studentIds.Add(id);
                groupOf.Add(0);
                tickets.Add(1);
            }
            var rank = preferences.Int(r, pRank);
            if (rank < 1) throw preferences.Error(r, pRank, $"ranks start at 1, got {rank}");
            schoolOfRow[r] = SchoolOf(preferences, r, pSchool, schoolIndex);
            rankOfRow[r] = rank;
            order[r] = ((ulong)i << 32) | (uint)rank;
            rowOf[r] = r;
        }
        Array.Sort(order, rowOf);
        var n = studentIds.Count;
        var listStart = new int[n + 1];
        var listSchool = new int[rows];
        var listRank = new int[rows];
        var seenAt = new int[schoolIds.Length];
        Array.Fill(seenAt, -1);
        for (var e = 0; e < rows; e++)
        {
            var r = rowOf[e];
            var i = (int)(order[e] >> 32);
            listStart[i + 1]++;
            if (e > 0 && order[e] == order[e - 1])
                throw preferences.Error(Math.Max(r, rowOf[e - 1]), pRank, $"student '{studentIds[i]}' has two schools at rank {rankOfRow[r]}");
            var previous = seenAt[schoolOfRow[r]];
            if (previous >= 0 && (int)(order[previous] >> 32) == i)
                throw preferences.Error(Math.Max(r, rowOf[previous]), pSchool, $"student '{studentIds[i]}' ranks school '{schoolIds[schoolOfRow[r]]}' twice");
            seenAt[schoolOfRow[r]] = e;
            listSchool[e] = schoolOfRow[r];
            listRank[e] = rankOfRow[r];
        }
        for (var i = 0; i < n; i++) listStart[i + 1] += listStart[i];

        var classes = priorities is null
            ? PriorityClasses.None(schoolIds.Length)
            : ReadPriorities(priorities, schoolIndex, studentIndex);
        if (groups.Count > 64) throw new InputException(files.Students!, null, "group", "at most 64 groups");
        var layout = pools is null
            ? SeatPoolLayout.SingleLottery(capacity)
            : ReadPools(pools, schoolIndex, capacity, groups);
        var types = groupOf.Select(g => (byte)g).ToArray();
        var lottery = new Lottery(tieBreaking, seed, studentIds.Select(Lottery.IdOf).ToArray(), schoolIds.Select(Lottery.IdOf).ToArray(),
            tickets.Any(t => t > 1) ? [.. tickets] : null);
        var problem = new MatchingProblem(listStart, listSchool, layout, types, classes, lottery);
        return new MatchingInstance([.. studentIds], schoolIds, listRank, problem);
    }

    private static (Dictionary<string, int> Index, string[] Ids, int[] Capacity) ReadSchools(CsvTable t)
    {
        var idColumn = t.Column("school_id");
        var capColumn = t.Column("capacity");
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var capacity = new int[t.RowCount];
        for (var r = 0; r < t.RowCount; r++)
        {
            var id = t.RequiredText(r, idColumn);
            if (!index.TryAdd(id, r)) throw t.Error(r, idColumn, $"school '{id}' appears twice");
            capacity[r] = t.Int(r, capColumn);
            if (capacity[r] < 0) throw t.Error(r, capColumn, $"capacity must be ≥ 0, got {capacity[r]}");
        }
        return (index, [.. index.Keys], capacity);
    }

    /// <summary>Maximum lottery tickets per student.</summary>
    public const int MaxTickets = 1_000_000;

    private static void ReadStudents(CsvTable t, Dictionary<string, int> index, List<string> ids, List<int> groupOf, List<int> tickets, List<string> groups)
    {
        var idColumn = t.Column("student_id");
        var groupColumn = t.Column("group");
        var ticketsColumn = t.Header.Contains("tickets") ? t.Column("tickets") : -1;
        for (var r = 0; r < t.RowCount; r++)
        {
            var id = t.RequiredText(r, idColumn);
            if (!index.TryAdd(id, ids.Count)) throw t.Error(r, idColumn, $"student '{id}' appears twice");
            ids.Add(id);
            var group = t.Text(r, groupColumn);
            var g = groups.IndexOf(group);
            if (g < 0)
            {
                g = groups.Count;
                groups.Add(group);
            }
            groupOf.Add(g);
            var n = ticketsColumn < 0 || t.Text(r, ticketsColumn).Length == 0 ? 1 : t.Int(r, ticketsColumn);
            if (n is < 1 or > MaxTickets) throw t.Error(r, ticketsColumn, $"tickets must be an integer in [1, {MaxTickets}], got {n}");
            tickets.Add(n);
        }
    }

    private static int SchoolOf(CsvTable t, int row, int column, Dictionary<string, int> schools)
    {
        var id = t.RequiredText(row, column);
        return schools.TryGetValue(id, out var s) ? s : throw t.Error(row, column, $"unknown school '{id}' (not in the schools file)");
    }

    private static PriorityClasses ReadPriorities(CsvTable t, Dictionary<string, int> schools, Dictionary<string, int> students)
    {
        var schoolColumn = t.Column("school_id");
        var studentColumn = t.Column("student_id");
        var priorityColumn = t.Column("priority");
        var school = new List<int>();
        var student = new List<int>();
        var priority = new List<int>();
        var seen = new HashSet<(int, string)>();
        for (var r = 0; r < t.RowCount; r++)
        {
            var s = SchoolOf(t, r, schoolColumn, schools);
            var id = t.RequiredText(r, studentColumn);
            var value = t.Int(r, priorityColumn);
            if (!seen.Add((s, id))) throw t.Error(r, studentColumn, $"student '{id}' has two priorities at school '{t.Text(r, schoolColumn)}'");
            if (!students.TryGetValue(id, out var i)) continue;
            school.Add(s);
            student.Add(i);
            priority.Add(value);
        }
        return new PriorityClasses(schools.Count, [.. school], [.. student], [.. priority]);
    }

    private static SeatPoolLayout ReadPools(CsvTable t, Dictionary<string, int> schools, int[] capacity, List<string> groups)
    {
        var schoolColumn = t.Column("school_id");
        var poolColumn = t.Column("pool");
        var seatsColumn = t.Column("seats");
        var groupColumn = t.Column("eligible_group");
        var orderColumn = t.Column("order");
        var spillColumn = t.Column("spillover_to");
        var rowsOf = new List<int>[capacity.Length];
        for (var s = 0; s < capacity.Length; s++) rowsOf[s] = [];
        for (var r = 0; r < t.RowCount; r++) rowsOf[SchoolOf(t, r, schoolColumn, schools)].Add(r);

        var start = new List<int> { 0 };
        var seats = new List<int>();
        var eligible = new List<ulong>();
        var spill = new List<int>();
        var ids = new List<ulong>();
        for (var s = 0; s < capacity.Length; s++)
        {
            var rows = rowsOf[s].OrderBy(r => t.Int(r, orderColumn)).ThenBy(r => r).ToList();
            var names = rows.Select(r => t.RequiredText(r, poolColumn)).ToList();
            var first = seats.Count;
            var open = first + rows.Count;
            var total = 0;
            for (var k = 0; k < rows.Count; k++)
            {
                var r = rows[k];
                if (names.IndexOf(names[k]) != k) throw t.Error(r, poolColumn, $"pool '{names[k]}' appears twice at school '{t.Text(r, schoolColumn)}'");
                ids.Add(Lottery.IdOf(names[k]));
                var n = t.Int(r, seatsColumn);
                if (n < 0) throw t.Error(r, seatsColumn, $"seats must be ≥ 0, got {n}");
                total += n;
                if (total > capacity[s]) throw t.Error(r, seatsColumn, $"pools of school '{t.Text(r, schoolColumn)}' have more seats than its capacity {capacity[s]}");
                seats.Add(n);
                var group = t.Text(r, groupColumn);
                if (group is "" or "any") eligible.Add(ulong.MaxValue);
                else
                {
                    var g = groups.IndexOf(group);
                    if (g <= 0) throw t.Error(r, groupColumn, $"unknown group '{group}' (not in the students file)");
                    eligible.Add(1UL << g);
                }
                var target = t.Text(r, spillColumn);
                spill.Add(target switch
                {
                    "" or "none" => SeatPoolLayout.NoSpillover,
                    "open" => open,
                    _ when target == names[k] => throw t.Error(r, spillColumn, "a pool cannot spill over to itself"),
                    _ when names.IndexOf(target) >= 0 => first + names.IndexOf(target),
                    _ => throw t.Error(r, spillColumn, $"'{target}' is not 'none', 'open' or another pool of school '{t.Text(r, schoolColumn)}'"),
                });
            }
            seats.Add(capacity[s] - total);
            eligible.Add(ulong.MaxValue);
            spill.Add(SeatPoolLayout.NoSpillover);
            ids.Add(Lottery.IdOf(""));
            start.Add(seats.Count);
        }
        return new SeatPoolLayout([.. start], [.. seats], [.. eligible], [.. spill], [.. ids]);
    }
}
