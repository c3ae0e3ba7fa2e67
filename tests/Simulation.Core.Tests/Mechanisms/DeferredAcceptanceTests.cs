using Simulation.Core.Mechanisms;
using Simulation.Core.Randomness;
using Simulation.Core.Scenarios;

namespace Simulation.Core.Tests.Mechanisms;

/// <summary>Student-proposing DA on <see cref="MatchingProblem"/>s: the textbook properties.</summary>
public class DeferredAcceptanceTests
{
    [Theory]
    // Why: lotteries alone, then priority classes above lotteries, under both tie-breaking rules.
    [InlineData(false, TieBreaking.Single)]
    [InlineData(false, TieBreaking.Multiple)]
    [InlineData(true, TieBreaking.Single)]
    [InlineData(true, TieBreaking.Multiple)]
    public void Run_RandomInstances_StableIndividuallyRationalWithinCapacity(bool classes, TieBreaking tieBreaking)
    {
        var rng = RandomStream.For(3, classes ? 1 : 0, Stage.Lottery, (long)tieBreaking);
        for (var k = 0; k < 300; k++)
        {
            var p = Instances.Random(ref rng, 1 + rng.NextInt(30), 1 + rng.NextInt(6), 4, classes, tieBreaking);
            var rank = Instances.Run(MechanismKind.DeferredAcceptance, p);
            Assert.True(Instances.Feasible(p, rank), "over capacity or an unlisted school");
            Assert.Null(Instances.BlockingPair(p, rank));
        }
    }

    [Fact]
    public void Run_TinyInstances_EqualsStudentOptimalStableMatchingByBruteForce()
    {
        var rng = RandomStream.For(4, 0, Stage.Lottery);
        for (var k = 0; k < 150; k++)
        {
            var p = Instances.Random(ref rng, 1 + rng.NextInt(5), 1 + rng.NextInt(3), 2, classes: true);
            var stable = Instances.AllAssignments(p).Where(a => Instances.BlockingPair(p, a) is null).ToList();
            Assert.NotEmpty(stable);
            var best = Enumerable.Range(0, p.StudentCount)
                .Select(i => stable.Select(a => a[i] < 0 ? int.MaxValue : a[i]).Min())
                .Select(r => r == int.MaxValue ? -1 : r).ToArray();
            Assert.Equal(best, Instances.Run(MechanismKind.DeferredAcceptance, p));
        }
    }

    [Fact]
    public void Run_PriorityClass_BeatsAnyLotteryNumber()
    {
        // One seat; students 0 and 1 apply; school lists student 1 with priority 0 (e.g. sibling), 0 is unlisted.
        var sibling = new PriorityClasses(1, [0], [1], [0]);
        for (ulong seed = 0; seed < 20; seed++)
        {
            var q = new MatchingProblem([0, 1, 2], [0, 0], SeatPoolLayout.SingleLottery([1]), new byte[2], sibling,
                Lottery.ByIndex(TieBreaking.Single, seed, 2, 1));
            Assert.Equal([-1, 0], Instances.Run(MechanismKind.DeferredAcceptance, q));
        }
    }

    [Fact]
    public void Run_WeightedLottery_TwoTicketsWinTwoThirdsOfTheTime()
    {
        // One seat, two applicants; student 1 holds two tickets: P(win) = P(min of two uniforms < one uniform) = 2/3.
        var wins = 0;
        const int trials = 6000;
        for (var t = 0; t < trials; t++)
        {
            var p = new MatchingProblem([0, 1, 2], [0, 0], SeatPoolLayout.SingleLottery([1]), new byte[2], PriorityClasses.None(1),
                Lottery.ByIndex(TieBreaking.Multiple, (ulong)t, 2, 1, tickets: [1, 2]));
            if (Instances.Run(MechanismKind.DeferredAcceptance, p)[1] == 0) wins++;
        }
        var se = Math.Sqrt(2.0 / 9 / trials);
        Assert.InRange((double)wins / trials, 2.0 / 3 - 4 * se, 2.0 / 3 + 4 * se);
    }

    [Fact]
    public void Run_BalancedMarketWithPerSchoolLotteries_MeanRankBetweenLnNAndHarmonicBound()
    {
        // Pittel (1989): the proposers' mean rank is ln n (1 + o(1)); Knuth's amnesiac-proposer argument bounds the
        // expected number of proposals by n·H_n. At n = 200 the mean is about 5.8: above ln n = 5.30 by far more
        // than sampling error, below H_n = 5.88 — so the test checks both bounds and the ratio to ln n.
        const int n = 200;
        const int reps = 200;
        var rng = RandomStream.For(5, 0, Stage.Preferences);
        var means = new double[reps];
        for (var r = 0; r < reps; r++)
            means[r] = Instances.Run(MechanismKind.DeferredAcceptance, Instances.Balanced(ref rng, n)).Average() + 1;
        var mean = means.Average();
        var se = Math.Sqrt(means.Sum(m => (m - mean) * (m - mean)) / (reps - 1) / reps);
        var harmonic = Enumerable.Range(1, n).Sum(k => 1.0 / k);
        Assert.True(mean > Math.Log(n), $"mean rank {mean:F3} not above ln n");
        Assert.True(mean < harmonic + 3 * se, $"mean rank {mean:F3} above H_n = {harmonic:F3} (se {se:F3})");
        Assert.InRange(mean / Math.Log(n), 1.0, 1.15);
    }

    [Fact]
    public void Run_SingleTieBreakingWithoutPriorities_EqualsSerialDictatorship()
    {
        // With one common order at every school the stable matching is unique: the serial dictatorship in that order.
        var rng = RandomStream.For(6, 0, Stage.Lottery);
        for (var k = 0; k < 100; k++)
        {
            var p = Instances.Random(ref rng, 1 + rng.NextInt(40), 1 + rng.NextInt(8), 5, classes: false, TieBreaking.Single);
            Assert.Equal(Instances.Run(MechanismKind.SerialDictatorship, p), Instances.Run(MechanismKind.DeferredAcceptance, p));
        }
    }

    [Fact]
    public void Run_SameProblemTwice_SameAnswerAndNoAllocationOnRerun()
    {
        var rng = RandomStream.For(7, 0, Stage.Lottery);
        var p = Instances.Random(ref rng, 2000, 40, 30, classes: true);
        var da = new PooledDeferredAcceptance(p.Seats);
        var first = new int[p.StudentCount];
        var second = new int[p.StudentCount];
        da.Run(p, first);
        var before = GC.GetAllocatedBytesForCurrentThread();
        da.Run(p, second);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(first, second);
    }
}
