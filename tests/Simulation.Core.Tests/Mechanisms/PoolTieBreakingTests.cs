using Simulation.Core.Mechanisms;
using Simulation.Core.Randomness;
using Simulation.Core.Scenarios;

namespace Simulation.Core.Tests.Mechanisms;

/// <summary>
/// Pool tie-breaking: each seat pool runs its own lottery. Hand-worked cases with explicit pool keys, and invariants
/// on random instances: capacities and pool eligibility respected, no student blocks with a school whose pools
/// (each by its own order) would take them, and a result independent of student order.
/// </summary>
public class PoolTieBreakingTests
{
    private const int None = SeatPoolLayout.NoSpillover;
    private const ulong Any = ulong.MaxValue;

    /// <summary>Every student lists school 0 only; <paramref name="poolKeys"/>[student][pool] are the keys.</summary>
    private static int[] Admitted(MechanismKind kind, SeatPoolLayout layout, byte[] types, ulong[][] poolKeys)
    {
        var n = types.Length;
        var stride = layout.MaxPoolsPerProgram;
        var listPoolKey = new ulong[n * stride];
        var listKey = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            poolKeys[i].CopyTo(listPoolKey, i * stride);
            listKey[i] = poolKeys[i][layout.LeadPool[0]];
        }
        var keys = new ClassLotteryKeys(PriorityClasses.None(1), Lottery.ByIndex(TieBreaking.Pool, 0, n, 1));
        var problem = MatchingProblem.OverBuffers(n, Enumerable.Range(0, n + 1).ToArray(), new int[n], listKey, (byte[])types.Clone(),
            types, layout, keys, listPoolKey);
        var rank = Instances.Run(kind, problem);
        return Enumerable.Range(0, n).Where(i => rank[i] == 0).ToArray();
    }

    [Theory]
    [InlineData(MechanismKind.DeferredAcceptance)]
    [InlineData(MechanismKind.ImmediateAcceptance)]
    [InlineData(MechanismKind.SchoolLotteries)]
    public void TwoOpenPools_EachTakesTheBestOfItsOwnLottery(MechanismKind kind)
    {
        // Two open pools of one seat each. Pool 1 draws A < B < C, pool 2 draws A < C < B: pool 1 takes A, pool 2
        // the best of the rest in its own order, C. One shared lottery (pool 1's order) would admit A and B.
        var layout = new SeatPoolLayout([0, 2], [1, 1], [Any, Any], [None, None]);
        Assert.Equal([0, 2], Admitted(kind, layout, [0, 0, 0], [[1, 1], [2, 3], [3, 2]]));
        Assert.Equal([0, 1], Admitted(kind, layout, [0, 0, 0], [[1, 1], [2, 2], [3, 3]]));
    }

    [Theory]
    [InlineData(MechanismKind.DeferredAcceptance)]
    [InlineData(MechanismKind.ImmediateAcceptance)]
    [InlineData(MechanismKind.SchoolLotteries)]
    public void EdPoolThenOpenPool_EdLoserGetsASecondDrawInTheOpenLottery(MechanismKind kind)
    {
        // 1 ED seat (filled first) and 1 open seat. e1, e2 ED (type 0), n1 not ED (type 1).
        // ED lottery: e1 (1) < e2 (2). Open lottery: e2 (1) < n1 (2) < e1 (3) → ED takes e1, open takes e2.
        // With open lottery n1 (1) < e2 (2): open takes n1.
        var layout = new SeatPoolLayout([0, 2], [1, 1], [1UL << 0, Any], [None, None]);
        Assert.Equal([0, 1], Admitted(kind, layout, [0, 0, 1], [[1, 3], [2, 1], [9, 2]]));
        Assert.Equal([0, 2], Admitted(kind, layout, [0, 0, 1], [[1, 3], [2, 2], [9, 1]]));
    }

    [Fact]
    public void SpilloverSeatsAreFilledByTheTargetPoolsLottery()
    {
        // Not-ED pool (1 seat, filled first, spills to the ED pool) has no eligible applicant; the ED pool (1 seat)
        // then has 2 seats and takes its two best: its own order e3 < e1 < e2, whatever the other pool's keys.
        var layout = new SeatPoolLayout([0, 2], [1, 1], [1UL << 1, 1UL << 0], [1, None]);
        Assert.Equal([0, 2], Admitted(MechanismKind.DeferredAcceptance, layout, [0, 0, 0], [[1, 2], [2, 3], [3, 1]]));
    }

    [Theory]
    [InlineData(MechanismKind.DeferredAcceptance)]
    [InlineData(MechanismKind.ImmediateAcceptance)]
    [InlineData(MechanismKind.SchoolLotteries)]
    public void RandomInstances_WithinCapacityAndEligibility(MechanismKind kind)
    {
        var rng = RandomStream.For(77, (long)kind, Stage.Lottery);
        for (var k = 0; k < 150; k++)
        {
            var problem = RandomPoolProblem(ref rng);
            var rank = Instances.Run(kind, problem);
            Assert.True(Instances.Feasible(problem, rank), "capacity exceeded or unlisted school");
            foreach (var (admitted, program) in AdmittedBySchool(problem, rank).Select((a, s) => (a, s)))
                Assert.True(CanSeat(problem.Seats, program, admitted.Select(i => problem.StudentType[i]).ToArray()),
                    $"school {program} admits students its pools cannot seat");
        }
    }

    [Fact]
    public void DeferredAcceptance_RandomInstances_StableWithinPoolsAndOrderIndependent()
    {
        var rng = RandomStream.For(78, 0, Stage.Lottery);
        var differ = 0;
        for (var k = 0; k < 200; k++)
        {
            var problem = RandomPoolProblem(ref rng);
            var rank = Instances.Run(MechanismKind.DeferredAcceptance, problem);
            var bySchool = AdmittedBySchool(problem, rank);
            var choice = new SeatPoolChoice(problem.Seats);
            // Each school's admitted set is what its choice function keeps from it, and no student who prefers the
            // school to their outcome would be chosen from the admitted set plus themself.
            for (var s = 0; s < problem.SchoolCount; s++)
            {
                var held = bySchool[s];
                Assert.Equal(held.Length, Choose(problem, choice, s, held).Length);
                for (var i = 0; i < problem.StudentCount; i++)
                {
                    var r = Instances.RankOf(problem, i, s);
                    if (r < 0 || (rank[i] >= 0 && rank[i] <= r)) continue;
                    Assert.DoesNotContain(i, Choose(problem, choice, s, [.. held, i]));
                }
            }
            // Proposal order does not matter: the school-by-school outcome of the student-order reversal is the same.
            var reversed = Reverse(problem);
            var rank2 = Instances.Run(MechanismKind.DeferredAcceptance, reversed);
            for (var i = 0; i < problem.StudentCount; i++) Assert.Equal(rank[i], rank2[problem.StudentCount - 1 - i]);

            // Pool lotteries are not one school lottery: the outcome differs from multiple tie-breaking sometimes.
            var multiple = WithTieBreaking(problem, TieBreaking.Multiple);
            if (!Instances.Run(MechanismKind.DeferredAcceptance, multiple).SequenceEqual(rank)) differ++;
        }
        Assert.True(differ > 0, "pool and multiple tie-breaking never differed: the test is too weak");
    }

    [Fact]
    public void SchoolLotteries_RandomInstances_WeaklyWorseForEveryStudentThanDa()
    {
        var rng = RandomStream.For(79, 0, Stage.Lottery);
        for (var k = 0; k < 200; k++)
        {
            var problem = RandomPoolProblem(ref rng);
            var da = Instances.Run(MechanismKind.DeferredAcceptance, problem);
            var lotteries = Instances.Run(MechanismKind.SchoolLotteries, problem);
            for (var i = 0; i < problem.StudentCount; i++)
                Assert.True((da[i] < 0 ? int.MaxValue : da[i]) <= (lotteries[i] < 0 ? int.MaxValue : lotteries[i]),
                    $"instance {k}: student {i} does better under school lotteries than under DA");
        }
    }

    [Fact]
    public void PoolNumbers_DependOnSchoolPoolAndStudentIdsOnly()
    {
        var lottery = new Lottery(TieBreaking.Pool, 5, [10, 11], [20, 21]);
        Assert.Equal(lottery.PoolNumber(0, 7, 1), new Lottery(TieBreaking.Pool, 5, [99, 11], [20, 33]).PoolNumber(0, 7, 1));
        Assert.NotEqual(lottery.PoolNumber(0, 7, 1), lottery.PoolNumber(0, 8, 1));
        Assert.NotEqual(lottery.PoolNumber(0, 7, 1), lottery.PoolNumber(1, 7, 1));
        Assert.NotEqual(lottery.PoolNumber(0, 7, 1), lottery.Number(0, 1));
        // Without pool tie-breaking a pool's number is the school's.
        var multiple = new Lottery(TieBreaking.Multiple, 5, [10, 11], [20, 21]);
        Assert.Equal(multiple.Number(1, 0), multiple.PoolNumber(1, 7, 0));
    }

    private static MatchingProblem RandomPoolProblem(ref RandomStream rng)
    {
        var schools = 1 + rng.NextInt(4);
        var start = new List<int> { 0 };
        var seats = new List<int>();
        var eligible = new List<ulong>();
        var spill = new List<int>();
        for (var s = 0; s < schools; s++)
        {
            var first = seats.Count;
            var pools = 1 + rng.NextInt(3);
            for (var j = 0; j < pools; j++)
            {
                seats.Add(rng.NextInt(3));
                eligible.Add(rng.NextInt(3) switch { 0 => 1UL << 0, 1 => 1UL << 1, _ => Any });
                // Spill only forward, to a later pool or the implicit open pool, as scenario layouts do.
                spill.Add(rng.NextInt(2) == 0 ? None : first + pools);
            }
            seats.Add(rng.NextInt(2));
            eligible.Add(Any);
            spill.Add(None);
            start.Add(seats.Count);
        }
        var layout = new SeatPoolLayout([.. start], [.. seats], [.. eligible], [.. spill]);
        return Instances.Random(ref rng, 1 + rng.NextInt(14), schools, 0, classes: rng.NextInt(2) == 0, TieBreaking.Pool, layout, types: 2);
    }

    private static int[][] AdmittedBySchool(MatchingProblem p, int[] rank)
    {
        var school = Instances.Schools(p, rank);
        return Enumerable.Range(0, p.SchoolCount).Select(s => Enumerable.Range(0, p.StudentCount).Where(i => school[i] == s).ToArray()).ToArray();
    }

    /// <summary>The students the school's choice function keeps from <paramref name="candidates"/> (each listed it).</summary>
    private static int[] Choose(MatchingProblem p, SeatPoolChoice choice, int school, int[] candidates)
    {
        var pools = p.Seats.PoolStart[school + 1] - p.Seats.PoolStart[school];
        var stride = p.PoolKeyStride;
        var keys = new ulong[candidates.Length * stride];
        for (var c = 0; c < candidates.Length; c++)
        {
            var entry = p.ListStart[candidates[c]] + Instances.RankOf(p, candidates[c], school);
            Array.Copy(p.ListPoolKey!, entry * stride, keys, c * stride, pools);
        }
        var order = new int[candidates.Length * pools];
        SeatPoolChoice.OrderByPool(pools, stride, keys, candidates, order, new ulong[candidates.Length]);
        var chosen = new bool[candidates.Length];
        choice.Choose(school, candidates.Select(i => p.StudentType[i]).ToArray(), chosen, order);
        return candidates.Where((_, c) => chosen[c]).ToArray();
    }

    /// <summary>Whether students of these types fit the program: no more than its seats, each eligible for one of
    /// its pools.</summary>
    private static bool CanSeat(SeatPoolLayout layout, int program, byte[] types)
    {
        if (types.Length > layout.ProgramSeats[program]) return false;
        var any = 0UL;
        for (var g = layout.PoolStart[program]; g < layout.PoolStart[program + 1]; g++) any |= layout.EligibleTypes[g];
        return types.All(t => (any & (1UL << t)) != 0);
    }

    private static MatchingProblem Reverse(MatchingProblem p)
    {
        var n = p.StudentCount;
        var stride = p.PoolKeyStride;
        var listStart = new List<int> { 0 };
        var listSchool = new List<int>();
        var listKey = new List<ulong>();
        var poolKey = new List<ulong>();
        var types = new byte[n];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var e = p.ListStart[i]; e < p.ListStart[i + 1]; e++)
            {
                listSchool.Add(p.ListSchool[e]);
                listKey.Add(p.ListKey[e]);
                poolKey.AddRange(p.ListPoolKey!.AsSpan(e * stride, stride).ToArray());
            }
            listStart.Add(listSchool.Count);
            types[n - 1 - i] = p.StudentType[i];
        }
        var entryTypes = new byte[listSchool.Count];
        for (var i = 0; i < n; i++) entryTypes.AsSpan(listStart[i], listStart[i + 1] - listStart[i]).Fill(types[i]);
        return MatchingProblem.OverBuffers(n, [.. listStart], [.. listSchool], [.. listKey], entryTypes, types, p.Seats, p.Keys, [.. poolKey]);
    }

    private static MatchingProblem WithTieBreaking(MatchingProblem p, TieBreaking tieBreaking)
    {
        var keys = (ClassLotteryKeys)p.Keys;
        var lottery = new Lottery(tieBreaking, keys.Lottery.Seed, Enumerable.Range(0, p.StudentCount).Select(i => (ulong)i).ToArray(),
            Enumerable.Range(0, p.SchoolCount).Select(s => (ulong)s).ToArray());
        return new MatchingProblem(p.ListStart, p.ListSchool, p.Seats, p.StudentType, keys.Classes, lottery);
    }
}
