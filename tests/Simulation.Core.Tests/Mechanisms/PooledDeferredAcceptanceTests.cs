using Simulation.Core.Mechanisms;
using Simulation.Core.Randomness;

namespace Simulation.Core.Tests.Mechanisms;

public class PooledDeferredAcceptanceTests
{
    // Types used below: 0 = ED, 1 = not ED.
    private const ulong Ed = 1UL << 0;
    private const ulong NotEd = 1UL << 1;

    /// <summary>One 50/50 campus (4 seats: 2 ED, 2 not ED) and its implicit open pool.</summary>
    private static SeatPoolLayout FiftyFifty(int edSeats, int notEdSeats, bool spill) =>
        new([0, 3], [edSeats, notEdSeats, 0], [Ed, NotEd, ulong.MaxValue],
            spill ? [1, 0, SeatPoolLayout.NoSpillover] : [SeatPoolLayout.NoSpillover, SeatPoolLayout.NoSpillover, SeatPoolLayout.NoSpillover]);

    private static int[] RunSingleProgram(SeatPoolLayout layout, byte[] types, ulong[] keys)
    {
        var n = types.Length;
        var listStart = Enumerable.Range(0, n + 1).ToArray();
        var programs = new int[n];
        var rank = new int[n];
        new PooledDeferredAcceptance(layout).Run(n, listStart, programs, keys, types, rank);
        return rank;
    }

    [Fact]
    public void Run_FiftyFiftyWithoutSpillover_EachPoolTakesItsBestLotteryNumbersOnly()
    {
        // Five ED applicants (lottery 1..5) and one not-ED (lottery 6) for 2 + 2 seats.
        // ED pool: lotteries 1 and 2. Not-ED pool: the single not-ED applicant. One not-ED seat stays empty.
        byte[] types = [0, 0, 0, 0, 0, 1];
        ulong[] keys = [1, 2, 3, 4, 5, 6];
        var rank = RunSingleProgram(FiftyFifty(2, 2, spill: false), types, keys);
        Assert.Equal([0, 0, -1, -1, -1, 0], rank);
    }

    [Fact]
    public void Run_FiftyFiftyWithSpillover_UnfilledNotEdSeatGoesToNextEdNumber()
    {
        byte[] types = [0, 0, 0, 0, 0, 1];
        ulong[] keys = [5, 1, 4, 2, 3, 6];
        // ED by lottery: students 1 (key 1), 3 (key 2) take the ED pool; the spare not-ED seat goes to student 4 (key 3).
        var rank = RunSingleProgram(FiftyFifty(2, 2, spill: true), types, keys);
        Assert.Equal([-1, 0, -1, 0, 0, 0], rank);
    }

    [Fact]
    public void Run_LaterProposerWithBetterNumber_DisplacesHolderWhoMovesToNextChoice()
    {
        // Two single-seat open programs. Student 0 lists A then B; student 1 lists A only with a better number at A.
        var layout = SeatPoolLayout.SingleLottery([1, 1]);
        int[] listStart = [0, 2, 3];
        int[] programs = [0, 1, 0];
        ulong[] keys = [10, 10, 5];
        byte[] types = [0, 0, 0];
        var rank = new int[2];
        new PooledDeferredAcceptance(layout).Run(2, listStart, programs, keys, types, rank);
        Assert.Equal([1, 0], rank);
    }

    [Fact]
    public void Run_ProgramWithoutSeats_RejectsEveryone()
    {
        var rank = RunSingleProgram(SeatPoolLayout.SingleLottery([0]), [0, 1], [1, 2]);
        Assert.Equal([-1, -1], rank);
    }

    [Theory]
    // Different pool layouts: plain lottery, 50/50 strict, 50/50 with mutual spillover, reserve spilling to open.
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Run_RandomInstances_AreStableCapacityRespectingAndOrderIndependent(int layoutKind)
    {
        var rng = RandomStream.For(42, layoutKind, Stage.Lottery);
        for (var instance = 0; instance < 60; instance++)
        {
            var programs = 1 + rng.NextInt(5);
            var layout = RandomLayout(programs, layoutKind, ref rng);
            var students = 1 + rng.NextInt(40);
            var listStart = new int[students + 1];
            var prefs = new List<int>();
            var keys = new List<ulong>();
            var types = new byte[students];
            for (var a = 0; a < students; a++)
            {
                types[a] = (byte)rng.NextInt(2);
                listStart[a] = prefs.Count;
                var order = Enumerable.Range(0, programs).OrderBy(_ => rng.NextUInt64()).Take(1 + rng.NextInt(programs)).ToArray();
                foreach (var p in order)
                {
                    prefs.Add(p);
                    keys.Add(rng.NextUInt64() % 50); // many ties: broken by student index
                }
            }
            listStart[students] = prefs.Count;
            var da = new PooledDeferredAcceptance(layout);
            var rank = new int[students];
            da.Run(students, listStart, prefs.ToArray(), keys.ToArray(), PerEntry(listStart, types), rank);

            for (var p = 0; p < programs; p++)
                Assert.True(da.HeldCount(p) <= layout.ProgramSeats[p], "capacity exceeded");
            // Each held student's rank points at that program.
            for (var p = 0; p < programs; p++)
                foreach (var a in da.Held(p).ToArray())
                    Assert.Equal(p, prefs[listStart[a] + rank[a]]);
            // Held sets are exactly what each program's choice function keeps (no seat handed out it would refuse).
            for (var p = 0; p < programs; p++)
            {
                var held = da.Held(p).ToArray();
                Assert.Equal(held.Length, ChosenFrom(da, p, held, listStart, prefs, keys, types).Count);
            }
            // No blocking pair: a student who prefers p to their outcome would be refused by p's choice function.
            for (var a = 0; a < students; a++)
            {
                var end = rank[a] < 0 ? listStart[a + 1] : listStart[a] + rank[a];
                for (var e = listStart[a]; e < end; e++)
                {
                    var p = prefs[e];
                    var candidates = da.Held(p).ToArray().Append(a).ToArray();
                    var chosen = ChosenFrom(da, p, candidates, listStart, prefs, keys, types);
                    Assert.DoesNotContain(a, chosen);
                }
            }
            // Proposal order does not matter: reversing student order (with keys/types permuted) gives the same matching.
            var reversed = Reverse(students, listStart, prefs, keys, types);
            var rank2 = new int[students];
            // Ties are broken by student index, so make keys unique first for this comparison.
            var uniqueKeys = keys.Select((k, i) => k * 1000 + (ulong)StudentOf(listStart, i)).ToArray();
            da.Run(students, listStart, prefs.ToArray(), uniqueKeys, PerEntry(listStart, types), rank);
            var revKeys = reversed.Keys.Select((k, i) => k * 1000 + (ulong)(students - 1 - StudentOf(reversed.ListStart, i))).ToArray();
            new PooledDeferredAcceptance(layout).Run(students, reversed.ListStart, reversed.Prefs, revKeys, PerEntry(reversed.ListStart, reversed.Types), rank2);
            for (var a = 0; a < students; a++) Assert.Equal(rank[a], rank2[students - 1 - a]);
        }
    }

    private static int StudentOf(int[] listStart, int entry)
    {
        var a = 0;
        while (listStart[a + 1] <= entry) a++;
        return a;
    }

    private static (int[] ListStart, int[] Prefs, ulong[] Keys, byte[] Types) Reverse(int n, int[] listStart, List<int> prefs, List<ulong> keys, byte[] types)
    {
        var ls = new List<int>();
        var p = new List<int>();
        var k = new List<ulong>();
        var t = new byte[n];
        for (var a = n - 1; a >= 0; a--)
        {
            ls.Add(p.Count);
            for (var e = listStart[a]; e < listStart[a + 1]; e++)
            {
                p.Add(prefs[e]);
                k.Add(keys[e]);
            }
            t[n - 1 - a] = types[a];
        }
        ls.Add(p.Count);
        return (ls.ToArray(), p.ToArray(), k.ToArray(), t);
    }

    /// <summary>Per list entry, the type of the student it belongs to.</summary>
    private static byte[] PerEntry(int[] listStart, byte[] types)
    {
        var perEntry = new byte[listStart[types.Length]];
        for (var a = 0; a < types.Length; a++) perEntry.AsSpan(listStart[a], listStart[a + 1] - listStart[a]).Fill(types[a]);
        return perEntry;
    }

    private static List<int> ChosenFrom(PooledDeferredAcceptance da, int program, int[] candidates, int[] listStart, List<int> prefs, List<ulong> keys, byte[] types)
    {
        ulong KeyOf(int a)
        {
            for (var e = listStart[a]; e < listStart[a + 1]; e++)
                if (prefs[e] == program) return keys[e];
            throw new InvalidOperationException();
        }
        var sorted = candidates.Distinct().OrderBy(KeyOf).ThenBy(a => a).ToArray();
        var chosen = new bool[sorted.Length];
        da.Choose(program, sorted.Select(a => types[a]).ToArray(), chosen);
        return sorted.Where((_, i) => chosen[i]).ToList();
    }

    private static SeatPoolLayout RandomLayout(int programs, int kind, ref RandomStream rng)
    {
        var start = new List<int> { 0 };
        var seats = new List<int>();
        var eligible = new List<ulong>();
        var spill = new List<int>();
        for (var p = 0; p < programs; p++)
        {
            var first = seats.Count;
            var a = rng.NextInt(6);
            var b = rng.NextInt(6);
            switch (kind)
            {
                case 0:
                    seats.Add(a + b); eligible.Add(ulong.MaxValue); spill.Add(SeatPoolLayout.NoSpillover);
                    break;
                case 1:
                case 2:
                    seats.Add(a); eligible.Add(Ed); spill.Add(kind == 2 ? first + 1 : SeatPoolLayout.NoSpillover);
                    seats.Add(b); eligible.Add(NotEd); spill.Add(kind == 2 ? first : SeatPoolLayout.NoSpillover);
                    break;
                default:
                    seats.Add(a); eligible.Add(Ed); spill.Add(first + 2);
                    seats.Add(b); eligible.Add(ulong.MaxValue); spill.Add(SeatPoolLayout.NoSpillover);
                    break;
            }
            if (kind != 0)
            {
                seats.Add(0); eligible.Add(ulong.MaxValue); spill.Add(SeatPoolLayout.NoSpillover);
            }
            start.Add(seats.Count);
        }
        return new SeatPoolLayout(start.ToArray(), seats.ToArray(), eligible.ToArray(), spill.ToArray());
    }
}
