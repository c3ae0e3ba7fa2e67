using Simulation.Core.Mechanisms;
using Simulation.Core.Randomness;
using Simulation.Core.Scenarios;

namespace Simulation.Core.Tests.Mechanisms;

/// <summary>Random and hand-made matching problems, and the textbook checks (stability, efficiency) that tests apply
/// to mechanism outcomes.</summary>
internal static class Instances
{
    /// <summary>A random problem: lists of random length over random schools, random capacities, and (optionally)
    /// a few priority classes per school; lotteries from <paramref name="tieBreaking"/>.</summary>
    public static MatchingProblem Random(ref RandomStream rng, int students, int schools, int maxSeats, bool classes,
        TieBreaking tieBreaking = TieBreaking.Multiple, SeatPoolLayout? layout = null, int types = 1)
    {
        var listStart = new int[students + 1];
        var lists = new List<int>();
        var studentType = new byte[students];
        for (var i = 0; i < students; i++)
        {
            studentType[i] = (byte)rng.NextInt(types);
            var order = Shuffle(ref rng, schools);
            lists.AddRange(order.Take(1 + rng.NextInt(schools)));
            listStart[i + 1] = lists.Count;
        }
        var capacities = new int[schools];
        for (var s = 0; s < schools; s++) capacities[s] = rng.NextInt(maxSeats + 1);
        var ps = new List<int>();
        var pi = new List<int>();
        var pv = new List<int>();
        if (classes)
            for (var s = 0; s < schools; s++)
                for (var i = 0; i < students; i++)
                    if (rng.NextInt(3) == 0)
                    {
                        ps.Add(s);
                        pi.Add(i);
                        pv.Add(rng.NextInt(3));
                    }
        return new MatchingProblem(listStart, [.. lists], layout ?? SeatPoolLayout.SingleLottery(capacities), studentType,
            new PriorityClasses(schools, [.. ps], [.. pi], [.. pv]),
            Lottery.ByIndex(tieBreaking, rng.NextUInt64(), students, schools));
    }

    /// <summary>n students, n single-seat schools, uniformly random complete lists, per-school lotteries.</summary>
    public static MatchingProblem Balanced(ref RandomStream rng, int n, TieBreaking tieBreaking = TieBreaking.Multiple)
    {
        var listStart = new int[n + 1];
        var lists = new int[n * n];
        for (var i = 0; i < n; i++)
        {
            Shuffle(ref rng, n).CopyTo(lists, i * n);
            listStart[i + 1] = (i + 1) * n;
        }
        return MatchingProblem.Plain(listStart, lists, Enumerable.Repeat(1, n).ToArray(), Lottery.ByIndex(tieBreaking, rng.NextUInt64(), n, n));
    }

    public static int[] Shuffle(ref RandomStream rng, int n)
    {
        var order = Enumerable.Range(0, n).ToArray();
        for (var k = n - 1; k > 0; k--)
        {
            var j = rng.NextInt(k + 1);
            (order[k], order[j]) = (order[j], order[k]);
        }
        return order;
    }

    public static int[] Run(IAssignmentMechanism mechanism, MatchingProblem problem)
    {
        var rank = new int[problem.StudentCount];
        mechanism.Run(problem, rank);
        return rank;
    }

    public static int[] Run(MechanismKind kind, MatchingProblem problem) => Run(AssignmentMechanisms.Create(kind, problem.Seats), problem);

    /// <summary>The school of each student (-1 for none).</summary>
    public static int[] Schools(MatchingProblem p, int[] rank) =>
        rank.Select((r, i) => r < 0 ? -1 : p.ListSchool[p.ListStart[i] + r]).ToArray();

    /// <summary>Position of <paramref name="school"/> in the student's list, or -1.</summary>
    public static int RankOf(MatchingProblem p, int student, int school)
    {
        for (var e = p.ListStart[student]; e < p.ListStart[student + 1]; e++)
            if (p.ListSchool[e] == school) return e - p.ListStart[student];
        return -1;
    }

    /// <summary>Whether student <paramref name="a"/> has higher priority than <paramref name="b"/> at a school.</summary>
    public static bool Beats(MatchingProblem p, int school, int a, int b)
    {
        var ka = p.Key(school, a);
        var kb = p.Key(school, b);
        return ka < kb || (ka == kb && a < b);
    }

    /// <summary>Whether each student gets a listed school (or nothing) and no school exceeds its seats.</summary>
    public static bool Feasible(MatchingProblem p, int[] rank)
    {
        var used = new int[p.SchoolCount];
        for (var i = 0; i < rank.Length; i++)
        {
            if (rank[i] < -1 || rank[i] >= p.ListStart[i + 1] - p.ListStart[i]) return false;
            if (rank[i] >= 0) used[p.ListSchool[p.ListStart[i] + rank[i]]]++;
        }
        return used.Select((u, s) => u <= p.Seats.ProgramSeats[s]).All(x => x);
    }

    /// <summary>A blocking pair of a plain-capacity assignment: a student and a school they prefer that has a free
    /// seat or holds someone of lower priority; null if stable.</summary>
    public static (int Student, int School)? BlockingPair(MatchingProblem p, int[] rank)
    {
        var school = Schools(p, rank);
        var used = new int[p.SchoolCount];
        foreach (var s in school) if (s >= 0) used[s]++;
        for (var i = 0; i < rank.Length; i++)
        {
            var end = rank[i] < 0 ? p.ListStart[i + 1] : p.ListStart[i] + rank[i];
            for (var e = p.ListStart[i]; e < end; e++)
            {
                var s = p.ListSchool[e];
                if (used[s] < p.Seats.ProgramSeats[s]) return (i, s);
                for (var j = 0; j < rank.Length; j++)
                    if (school[j] == s && Beats(p, s, i, j)) return (i, s);
            }
        }
        return null;
    }

    /// <summary>Every feasible assignment of a tiny problem (each student: nothing or a listed school).</summary>
    public static IEnumerable<int[]> AllAssignments(MatchingProblem p)
    {
        var n = p.StudentCount;
        var rank = new int[n];
        Array.Fill(rank, -1);
        while (true)
        {
            if (Feasible(p, rank)) yield return (int[])rank.Clone();
            var i = 0;
            while (i < n)
            {
                rank[i]++;
                if (rank[i] < p.ListStart[i + 1] - p.ListStart[i]) break;
                rank[i] = -1;
                i++;
            }
            if (i == n) yield break;
        }
    }

    /// <summary>Whether <paramref name="a"/> Pareto-dominates <paramref name="b"/> for the students in
    /// <paramref name="who"/> (everyone when null): all weakly better, one strictly.</summary>
    public static bool Dominates(int[] a, int[] b, Func<int, bool>? who = null)
    {
        var strictly = false;
        for (var i = 0; i < a.Length; i++)
        {
            if (who is not null && !who(i)) continue;
            var ra = a[i] < 0 ? int.MaxValue : a[i];
            var rb = b[i] < 0 ? int.MaxValue : b[i];
            if (ra > rb) return false;
            if (ra < rb) strictly = true;
        }
        return strictly;
    }

    /// <summary>A problem from explicit lists, seats and strict priorities (each school's students best first; a
    /// student not listed ranks below the listed ones).</summary>
    public static MatchingProblem Explicit(int[][] lists, int[] seats, int[][] priorities, SeatPoolLayout? layout = null, byte[]? types = null)
    {
        var listStart = new int[lists.Length + 1];
        for (var i = 0; i < lists.Length; i++) listStart[i + 1] = listStart[i] + lists[i].Length;
        var ps = new List<int>();
        var pi = new List<int>();
        var pv = new List<int>();
        for (var s = 0; s < priorities.Length; s++)
            for (var k = 0; k < priorities[s].Length; k++)
            {
                ps.Add(s);
                pi.Add(priorities[s][k]);
                pv.Add(k);
            }
        return new MatchingProblem(listStart, lists.SelectMany(l => l).ToArray(), layout ?? SeatPoolLayout.SingleLottery(seats),
            types ?? new byte[lists.Length], new PriorityClasses(seats.Length, [.. ps], [.. pi], [.. pv]),
            Lottery.ByIndex(TieBreaking.Single, 1, lists.Length, seats.Length));
    }
}
