using Simulation.Core.Mechanisms;
using Simulation.Core.Randomness;
using Simulation.Core.Scenarios;

namespace Simulation.Core.Tests.Mechanisms;

/// <summary>
/// Deferred acceptance keeps each pool of a partitioned program (pools that never spill, seated pools admitting
/// disjoint types: 50/50 by status without spillover) in its own heap instead of re-running the choice function.
/// The assignment must be exactly the general path's: here the general path is forced by an equivalent layout whose
/// zero-seat pool "spills" (it never has seats to pass on, so the choice function is the same).
/// </summary>
public class PartitionedPoolsTests
{
    private const ulong Ed = 1UL << 0;
    private const ulong NotEd = 1UL << 1;
    private const ulong Walk = 1UL << 2;

    /// <summary>Per program: one to three pools for the disjoint types 0, 1 and 2, then a zero-seat open pool;
    /// <paramref name="forceGeneral"/> makes the open pool spill into the first.</summary>
    private static SeatPoolLayout Layout(int[][] seats, bool forceGeneral)
    {
        var start = new List<int> { 0 };
        var poolSeats = new List<int>();
        var eligible = new List<ulong>();
        var spill = new List<int>();
        foreach (var program in seats)
        {
            var first = poolSeats.Count;
            ulong[] masks = [Ed, NotEd, Walk];
            for (var j = 0; j < program.Length; j++)
            {
                poolSeats.Add(program[j]);
                eligible.Add(masks[j]);
                spill.Add(SeatPoolLayout.NoSpillover);
            }
            poolSeats.Add(0);
            eligible.Add(ulong.MaxValue);
            spill.Add(forceGeneral ? first : SeatPoolLayout.NoSpillover);
            start.Add(poolSeats.Count);
        }
        return new SeatPoolLayout([.. start], [.. poolSeats], [.. eligible], [.. spill]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RandomInstances_PartitionedPathEqualsTheChoiceFunctionPath(bool poolTieBreaking)
    {
        var rng = RandomStream.For(2026, poolTieBreaking ? 1 : 0, Stage.Lottery);
        var contested = 0;
        for (var instance = 0; instance < 200; instance++)
        {
            var programs = 1 + rng.NextInt(4);
            var seats = Enumerable.Range(0, programs)
                .Select(_ => Enumerable.Range(0, 1 + rng.NextInt(3)).Select(_ => rng.NextInt(5)).ToArray()).ToArray();
            var fast = Layout(seats, forceGeneral: false);
            var general = Layout(seats, forceGeneral: true);
            var students = 1 + rng.NextInt(60);
            var listStart = new int[students + 1];
            var prefs = new List<int>();
            var types = new byte[students];
            for (var a = 0; a < students; a++)
            {
                types[a] = (byte)rng.NextInt(4); // type 3 is eligible for no seated pool
                listStart[a] = prefs.Count;
                prefs.AddRange(Enumerable.Range(0, programs).OrderBy(_ => rng.NextUInt64()).Take(1 + rng.NextInt(programs)));
            }
            listStart[students] = prefs.Count;
            var entries = prefs.Count;
            var stride = fast.MaxPoolsPerProgram;
            var listKey = new ulong[entries];
            var poolKeys = poolTieBreaking ? new ulong[entries * stride] : null;
            for (var e = 0; e < entries; e++)
            {
                listKey[e] = rng.NextUInt64() % 20; // ties, broken by student index
                if (poolKeys is not null)
                    for (var j = 0; j < stride; j++) poolKeys[e * stride + j] = j == 0 ? listKey[e] : rng.NextUInt64() % 20;
            }
            var listType = new byte[entries];
            for (var a = 0; a < students; a++) listType.AsSpan(listStart[a], listStart[a + 1] - listStart[a]).Fill(types[a]);

            int[] Run(SeatPoolLayout layout)
            {
                var keys = new ClassLotteryKeys(PriorityClasses.None(programs),
                    Lottery.ByIndex(poolTieBreaking ? TieBreaking.Pool : TieBreaking.Multiple, 0, students, programs));
                var problem = MatchingProblem.OverBuffers(students, listStart, [.. prefs], listKey, listType, types, layout, keys, poolKeys);
                var rank = new int[students];
                new PooledDeferredAcceptance(layout).Run(problem, rank);
                return rank;
            }

            var expected = Run(general);
            Assert.Equal(expected, Run(fast));
            // Instances where some applicant is refused a listed program exercise the displacement logic.
            if (Enumerable.Range(0, students).Any(a => expected[a] != 0)) contested++;
        }
        Assert.True(contested > 100, $"only {contested} contested instances");
    }
}
