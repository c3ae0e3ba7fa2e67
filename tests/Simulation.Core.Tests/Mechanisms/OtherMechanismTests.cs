using Simulation.Core.Mechanisms;
using Simulation.Core.Randomness;
using Simulation.Core.Scenarios;

namespace Simulation.Core.Tests.Mechanisms;

/// <summary>
/// Boston, TTC, RSD and the school lotteries on one hand-worked instance and on random ones.
/// </summary>
/// <remarks>
/// The hand-worked instance (one seat at A and at B):
/// <code>
///   student 0: B, A        A: 0 > 2 > 1
///   student 1: A, B        B: 1 > 0 > 2
///   student 2: A
/// </code>
/// DA: 0→B, 1→A, 2→A; A keeps 2 and drops 1; 1→B, B keeps 1 and drops 0; 0→A, A keeps 0 and drops 2.
/// So DA = {0: A, 1: B, 2: none}. TTC: 0→B→1→A→0 is a cycle, so 0 gets B and 1 gets A; 2 gets nothing.
/// Boston: round 1, A admits 2 (over 1) and B admits 0; round 2, 1 applies to B, which is full.
/// </remarks>
public class OtherMechanismTests
{
    private static MatchingProblem Hand() => Instances.Explicit([[1, 0], [0, 1], [0]], [1, 1], [[0, 2, 1], [1, 0, 2]]);

    [Theory]
    // Why: one instance on which the four mechanisms all differ in a known way.
    [InlineData(MechanismKind.DeferredAcceptance, new[] { 1, 1, -1 })]
    [InlineData(MechanismKind.TopTradingCycles, new[] { 0, 0, -1 })]
    [InlineData(MechanismKind.ImmediateAcceptance, new[] { 0, -1, 0 })]
    [InlineData(MechanismKind.SchoolLotteries, new[] { 1, 1, -1 })]
    public void Run_HandWorkedInstance_MatchesWorkedAnswer(MechanismKind kind, int[] expected) =>
        Assert.Equal(expected, Instances.Run(kind, Hand()));

    [Fact]
    public void ImmediateAcceptance_RandomInstances_PlacesAsManyFirstChoicesAsCapacitiesAllow()
    {
        var rng = RandomStream.For(11, 0, Stage.Lottery);
        for (var k = 0; k < 200; k++)
        {
            var p = Instances.Random(ref rng, 1 + rng.NextInt(40), 1 + rng.NextInt(6), 5, classes: true);
            var rank = Instances.Run(MechanismKind.ImmediateAcceptance, p);
            Assert.True(Instances.Feasible(p, rank));
            var demand = new int[p.SchoolCount];
            for (var i = 0; i < p.StudentCount; i++) demand[p.ListSchool[p.ListStart[i]]]++;
            var possible = demand.Select((d, s) => Math.Min(d, p.Seats.ProgramSeats[s])).Sum();
            Assert.Equal(possible, rank.Count(r => r == 0));
        }
    }

    [Fact]
    public void ImmediateAcceptance_ReserveUnclaimedInRoundOne_StaysReservedForRoundTwo()
    {
        // School 0: 1 ED seat (type 0) spilling to open, 1 open seat. Round 1: only not-ED students 1 and 2 apply
        // there: one takes the open seat, the other the ED seat via spillover — then no ED seat is left for round 2.
        // Round 2: ED student 0 (who tried school 1 first) finds school 0 full. Spillover seats are used, not lost.
        var layout = new SeatPoolLayout([0, 2, 3], [1, 1, 1], [1UL << 0, ulong.MaxValue, ulong.MaxValue], [1, SeatPoolLayout.NoSpillover, SeatPoolLayout.NoSpillover]);
        var p = Instances.Explicit([[1, 0], [0], [0], [1]], [2, 1], [[], [3, 0]], layout, [0, 1, 1, 1]);
        Assert.Equal([-1, 0, 0, 0], Instances.Run(MechanismKind.ImmediateAcceptance, p));

        // Without student 2 only one not-ED student applies in round 1; the ED seat is untouched and 0 gets it in round 2.
        var q = Instances.Explicit([[1, 0], [0], [1]], [2, 1], [[], [2, 0]], layout, [0, 1, 1]);
        Assert.Equal([1, 0, 0], Instances.Run(MechanismKind.ImmediateAcceptance, q));
    }

    [Fact]
    public void TopTradingCycles_TinyInstances_ParetoEfficientAndIndividuallyRational()
    {
        var rng = RandomStream.For(12, 0, Stage.Lottery);
        for (var k = 0; k < 150; k++)
        {
            var p = Instances.Random(ref rng, 1 + rng.NextInt(5), 1 + rng.NextInt(3), 2, classes: true);
            var rank = Instances.Run(MechanismKind.TopTradingCycles, p);
            Assert.True(Instances.Feasible(p, rank), "infeasible or not individually rational");
            Assert.DoesNotContain(Instances.AllAssignments(p), a => Instances.Dominates(a, rank));
        }
    }

    [Fact]
    public void TopTradingCycles_RandomInstances_NoStudentLeftOutOfASchoolWithFreeSeats()
    {
        var rng = RandomStream.For(13, 0, Stage.Lottery);
        for (var k = 0; k < 200; k++)
        {
            var p = Instances.Random(ref rng, 1 + rng.NextInt(40), 1 + rng.NextInt(8), 5, classes: true);
            var rank = Instances.Run(MechanismKind.TopTradingCycles, p);
            Assert.True(Instances.Feasible(p, rank));
            var used = new int[p.SchoolCount];
            foreach (var s in Instances.Schools(p, rank)) if (s >= 0) used[s]++;
            for (var i = 0; i < p.StudentCount; i++)
            {
                var end = rank[i] < 0 ? p.ListStart[i + 1] : p.ListStart[i] + rank[i];
                for (var e = p.ListStart[i]; e < end; e++) Assert.Equal(p.Seats.ProgramSeats[p.ListSchool[e]], used[p.ListSchool[e]]);
            }
        }
    }

    [Theory]
    // Why: small n where the exact finite formula differs visibly from its limit, and a larger n.
    [InlineData(8, 4000)]
    [InlineData(60, 400)]
    public void SerialDictatorship_BalancedMarket_MatchesClosedForms(int n, int reps)
    {
        // Student k in lottery order finds n − k + 1 of n schools free: P(first choice free) = (n − k + 1)/n, which
        // sums to (n + 1)/2; the best free school among m free sits at expected position (n + 1)/(m + 1), which
        // sums to (n + 1)(H_{n+1} − 1) over m = 1..n.
        var rng = RandomStream.For(14, n, Stage.Preferences);
        var firsts = new double[reps];
        var ranks = new double[reps];
        for (var r = 0; r < reps; r++)
        {
            var rank = Instances.Run(MechanismKind.SerialDictatorship, Instances.Balanced(ref rng, n));
            firsts[r] = rank.Count(x => x == 0);
            ranks[r] = rank.Average() + 1;
        }
        var harmonic = Enumerable.Range(1, n + 1).Sum(k => 1.0 / k);
        AssertMean(firsts, (n + 1) / 2.0);
        AssertMean(ranks, (n + 1.0) / n * (harmonic - 1));
    }

    private static void AssertMean(double[] sample, double expected)
    {
        var mean = sample.Average();
        var se = Math.Sqrt(sample.Sum(x => (x - mean) * (x - mean)) / (sample.Length - 1) / sample.Length);
        Assert.True(Math.Abs(mean - expected) < 4 * se, $"mean {mean:F4} vs {expected:F4} (se {se:F4})");
    }

    [Fact]
    public void SchoolLotteries_RandomInstances_StableAndWeaklyWorseForEveryStudentThanDa()
    {
        var rng = RandomStream.For(15, 0, Stage.Lottery);
        var differ = 0;
        for (var k = 0; k < 300; k++)
        {
            var p = Instances.Random(ref rng, 1 + rng.NextInt(30), 1 + rng.NextInt(6), 4, classes: true);
            var waitlists = Instances.Run(MechanismKind.SchoolLotteries, p);
            var da = Instances.Run(MechanismKind.DeferredAcceptance, p);
            Assert.True(Instances.Feasible(p, waitlists));
            Assert.Null(Instances.BlockingPair(p, waitlists));
            Assert.False(Instances.Dominates(waitlists, da), "waitlists Pareto-improve on DA");
            for (var i = 0; i < p.StudentCount; i++)
                Assert.True((uint)da[i] <= (uint)waitlists[i], $"student {i} better off with waitlists");
            if (!da.SequenceEqual(waitlists)) differ++;
        }
        Assert.True(differ > 0, "the school-optimal and student-optimal matchings never differed: the test is too weak");
    }

    [Fact]
    public void SchoolLotteries_SingleTieBreakingWithoutPriorities_EqualsDa()
    {
        var rng = RandomStream.For(16, 0, Stage.Lottery);
        for (var k = 0; k < 200; k++)
        {
            var p = Instances.Random(ref rng, 1 + rng.NextInt(40), 1 + rng.NextInt(8), 5, classes: false, TieBreaking.Single);
            Assert.Equal(Instances.Run(MechanismKind.DeferredAcceptance, p), Instances.Run(MechanismKind.SchoolLotteries, p));
        }
    }
}
