using Simulation.Core.Mechanisms;
using Simulation.Core.Replications;
using Simulation.Core.Scenarios;
using Simulation.Testing;

namespace Simulation.Core.Tests.Replications;

/// <summary>
/// Scenario-level assignment rules on the toy district: pool lotteries, weighted lotteries, home-area tiers by
/// quantile, Chicago selective enrollment (rank by score, then four tiers) and Cambridge controlled choice.
/// </summary>
/// <remarks>The toy district's neighborhoods have child poverty 0.45 (N1, 89 students), 0.25 (N2, 91) and 0.05 (N3,
/// 92); its ED share is 136 / 272 = 0.5. C1 has 10 seats in K and in grade 1.</remarks>
public class ReplicationRunnerPolicyTests
{
    private static readonly Model.District Toy = ToyScenarios.District();
    private const int C1 = 3;

    private static ScenarioSpec OnlyC1(CampusSetSpec set, HomeAreaSpec? homeArea = null, double apply = 1.0,
        TieBreaking tieBreaking = TieBreaking.Multiple, IReadOnlyDictionary<string, ScoreSpec>? score = null) =>
        ToyScenarios.SingleLottery() with
        {
            Choice = ToyScenarios.Choice(tieBreaking) with
            {
                ListLength = 1,
                ApplyProbability = new Dictionary<string, double> { ["ed"] = apply, ["not_ed"] = apply },
                Score = score,
            },
            HomeArea = homeArea ?? new HomeAreaSpec(null),
            CampusSets = [set with { Schools = ["C1"] }],
        };

    [Theory]
    // Why: three tiers put the neighborhood holding the 2/3 quantile (N2, rate 0.25) in tier 1 with N1; four tiers
    // give each neighborhood its own tier (cuts 0.05, 0.25, 0.45: at or above all three is tier 1).
    [InlineData(2, new[] { 0, 0, 1 })]
    [InlineData(3, new[] { 0, 0, 1 })]
    [InlineData(4, new[] { 0, 1, 2 })]
    public void HomeAreaTiers_AreStudentWeightedQuantilesOfChildPoverty(int tiers, int[] expected)
    {
        var spec = OnlyC1(new CampusSetSpec("s", [], [new SeatPoolSpec("open", 1, Eligibility.Any, 1, Spillover.None)]),
            new HomeAreaSpec(null, tiers == 2 ? null : tiers));
        Assert.Equal(expected, CompiledScenario.Compile(Toy, spec).Layout.HomeAreaTier);
    }

    [Fact]
    public void PoolTieBreaking_DiffersFromCampusLotteriesAndKeepsEveryRule()
    {
        // Two overlapping pools (ED reserve first, then open): with one lottery per pool an ED student who loses
        // the ED draw gets an independent open draw.
        var set = new CampusSetSpec("s", [],
        [
            new SeatPoolSpec("ed", 0.5, new Eligibility("ed", null), 1, Spillover.Open),
            new SeatPoolSpec("open", 0.5, Eligibility.Any, 2, Spillover.None),
        ]);
        var byPool = new ReplicationRunner(CompiledScenario.Compile(Toy, OnlyC1(set, tieBreaking: TieBreaking.Pool)));
        var byCampus = new ReplicationRunner(CompiledScenario.Compile(Toy, OnlyC1(set, tieBreaking: TieBreaking.Multiple)));
        var differ = 0;
        for (var r = 0; r < 20; r++)
        {
            var a = byPool.Run(r);
            Assert.Equal(Toy.StudentCount, a.Enrollment.Sum());
            // Oversubscribed (every student applies): all 20 seats filled, at least the 10 reserved ones by ED.
            Assert.Equal(20, a.Enrollment[C1 * 2] + a.Enrollment[C1 * 2 + 1]);
            Assert.True(a.Enrollment[C1 * 2] >= 10);
            if (!a.Enrollment.SequenceEqual(byCampus.Run(r).Enrollment)) differ++;
        }
        Assert.True(differ > 0, "pool lotteries never changed the outcome");
    }

    [Theory]
    [InlineData(MechanismKind.ImmediateAcceptance)]
    [InlineData(MechanismKind.SchoolLotteries)]
    public void PoolTieBreaking_RunsUnderOtherPoolMechanisms(MechanismKind kind)
    {
        var spec = ToyScenarios.FiftyFifty(Spillover.Open, TieBreaking.Pool);
        spec = spec with { Choice = spec.Choice with { Mechanism = kind } };
        var scenario = CompiledScenario.Compile(Toy, spec);
        var runner = new ReplicationRunner(scenario);
        for (var r = 0; r < 10; r++)
        {
            var result = runner.Run(r);
            Assert.Equal(Toy.StudentCount, result.Enrollment.Sum());
            for (var s = 3; s < 5; s++) Assert.True(result.Enrollment[s * 2] + result.Enrollment[s * 2 + 1] <= scenario.Layout.Seats[s]);
        }
    }

    [Fact]
    public void PoolTieBreaking_RefusedForMechanismsWithoutPools()
    {
        var spec = ToyScenarios.SingleLottery() with { Choice = ToyScenarios.Choice(TieBreaking.Pool) with { Mechanism = MechanismKind.TopTradingCycles } };
        var error = Assert.Throws<ScenarioFormatException>(() => CompiledScenario.Compile(Toy, spec));
        Assert.Equal("choice.tie_breaking", error.Path);
    }

    [Fact]
    public void Tickets_RaiseTheWeightedGroupsShareOfAnOpenLottery()
    {
        // One open lottery at C1 (20 seats, 272 applicants); ED students hold 3 tickets. On the same draws (common
        // random numbers), ED's share of the seats rises well above its half of the applicants. With t tickets
        // against one, a contested seat goes to ED with odds 3:1 per pair, so the share is far above 0.5.
        var open = new CampusSetSpec("s", [], [new SeatPoolSpec("open", 1, Eligibility.Any, 1, Spillover.None)]);
        var weighted = open with { Tickets = [new TicketRule(new Eligibility("ed", null), 3)] };
        var plain = new ReplicationRunner(CompiledScenario.Compile(Toy, OnlyC1(open)));
        var heavy = new ReplicationRunner(CompiledScenario.Compile(Toy, OnlyC1(weighted)));
        double plainEd = 0, heavyEd = 0;
        const int reps = 40;
        for (var r = 0; r < reps; r++)
        {
            plainEd += plain.Run(r).Enrollment[C1 * 2];
            heavyEd += heavy.Run(r).Enrollment[C1 * 2];
        }
        plainEd /= 20.0 * reps;
        heavyEd /= 20.0 * reps;
        Assert.InRange(plainEd, 0.4, 0.6);
        Assert.True(heavyEd > plainEd + 0.15, $"ED share {heavyEd:F3} with 3 tickets vs {plainEd:F3} with 1");
    }

    [Fact]
    public void Tickets_WeightedNumbersFollowTheMinimumOfKUniforms()
    {
        // P(min of k uniforms < one uniform) = k / (k + 1), checked on 20,000 pairs of hashes for k = 3.
        var rng = Core.Randomness.RandomStream.For(5, 0, Core.Randomness.Stage.Lottery);
        var wins = 0;
        const int n = 20000;
        for (var i = 0; i < n; i++)
            if (Lottery.Weighted(rng.NextUInt64(), 3) < rng.NextUInt64()) wins++;
        var se = Math.Sqrt(0.75 * 0.25 / n);
        Assert.InRange((double)wins / n, 0.75 - 4 * se, 0.75 + 4 * se);
        Assert.Equal(12345UL, Lottery.Weighted(12345UL, 1));
    }

    [Theory]
    // Why: rank seats processed first and processed last (Dur, Pathak and Sönmez 2020) give different outcomes.
    [InlineData(1)]
    [InlineData(6)]
    public void ChicagoSelectiveEnrollment_MatchesAnIndependentOracle(int rankOrder)
    {
        // 30 % of seats by score, the rest in four equal tier pools that spill back to the rank pool; everyone
        // applies to C1 only. Four tiers: N1 tier 1, N2 tier 2, N3 tier 3, no tier-4 neighborhood, so the tier-4
        // pool's seat spills to the rank pool. Per grade (10 seats): rank 3, tiers 2, 2, 2, 1 (largest remainder).
        var spill = new Spillover(SpilloverKind.Named, "rank");
        var set = new CampusSetSpec("selective", [],
        [
            new SeatPoolSpec("rank", 0.3, Eligibility.Any, rankOrder, Spillover.None),
            new SeatPoolSpec("tier1", 0.175, new Eligibility(null, 1), 2, spill),
            new SeatPoolSpec("tier2", 0.175, new Eligibility(null, 2), 3, spill),
            new SeatPoolSpec("tier3", 0.175, new Eligibility(null, 3), 4, spill),
            new SeatPoolSpec("tier4", 0.175, new Eligibility(null, 4), 5, spill),
        ], Ranking: AdmissionRanking.Score);
        var score = new Dictionary<string, ScoreSpec> { ["ed"] = new(0, 1), ["not_ed"] = new(0.5, 1) };
        var spec = OnlyC1(set, new HomeAreaSpec(null, 4), score: score);
        var scenario = CompiledScenario.Compile(Toy, spec);
        Assert.Equal([0, 1, 2], scenario.Layout.HomeAreaTier);
        var runner = new ReplicationRunner(scenario);
        var outcomes = new HashSet<int>();
        for (var r = 0; r < 10; r++)
        {
            var result = runner.Run(r);
            var expectedEd = 0;
            for (var g = 0; g < 2; g++)
            {
                var applicants = new List<(double Score, int Tier, bool Ed)>();
                for (var n = 0; n < 3; n++)
                    for (var k = 0; k < 2; k++)
                    {
                        var cohort = Toy.CohortIndex(n, g, k);
                        for (var i = 0; i < Toy.CohortCounts[cohort]; i++)
                        {
                            var z = ReplicationKeys.StandardNormal(spec.Seed, r, ((ulong)cohort << 32) | (uint)i);
                            applicants.Add((score[k == 0 ? "ed" : "not_ed"].Mean + z, n + 1, k == 0));
                        }
                    }
                expectedEd += OracleAdmitted(applicants, rankOrder).Count(a => a.Ed);
            }
            Assert.Equal(expectedEd, result.Enrollment[C1 * 2]);
            Assert.Equal(20, result.Enrollment[C1 * 2] + result.Enrollment[C1 * 2 + 1]);
            outcomes.Add(expectedEd);
        }
        Assert.True(outcomes.Count > 1, "every replication admitted the same number of ED students: the oracle is not exercised");
    }

    /// <summary>The Chicago rule written out directly: pools in order (rank: anyone; tier t: tier t only) each take
    /// their best remaining scores; then unfilled tier seats go to the rank pool, which takes the best remaining.</summary>
    private static List<(double Score, int Tier, bool Ed)> OracleAdmitted(List<(double Score, int Tier, bool Ed)> applicants, int rankOrder)
    {
        var left = applicants.OrderByDescending(a => a.Score).ToList();
        var admitted = new List<(double Score, int Tier, bool Ed)>();
        int[] tierSeats = [2, 2, 2, 1];
        var rankSeats = 3;
        void Take(Func<(double Score, int Tier, bool Ed), bool> eligible, int seats)
        {
            foreach (var a in left.Where(eligible).Take(seats).ToList())
            {
                admitted.Add(a);
                left.Remove(a);
            }
        }
        if (rankOrder == 1) Take(_ => true, rankSeats);
        var unfilled = 0;
        for (var t = 1; t <= 4; t++)
        {
            var before = admitted.Count;
            Take(a => a.Tier == t, tierSeats[t - 1]);
            unfilled += tierSeats[t - 1] - (admitted.Count - before);
        }
        Take(_ => true, rankOrder == 1 ? unfilled : rankSeats + unfilled);
        return admitted;
    }

    [Fact]
    public void ControlledChoice_EveryFullCampusWithinTheBand_AndALotteryAloneIsNot()
    {
        // ED share 0.5 ± 0.1 → per 10-seat grade: 4 seats ED only, 4 not-ED only, 2 open.
        var band = new CampusSetSpec("cc", [], [], ControlledChoice: new ControlledChoiceSpec("ed", 0.1));
        var scenario = CompiledScenario.Compile(Toy, OnlyC1(band, apply: 0.5));
        Assert.Equal(0.4, scenario.BandLow[0], 12);
        Assert.Equal(0.6, scenario.BandHigh[0], 12);
        Assert.Equal([4, 4, 2, 0], scenario.Pools.Seats[..4]);
        var controlled = new ReplicationRunner(scenario);
        var lottery = new ReplicationRunner(CompiledScenario.Compile(Toy, OnlyC1(
            new CampusSetSpec("open", [], [new SeatPoolSpec("open", 1, Eligibility.Any, 1, Spillover.None)]), apply: 0.5)));
        var outside = 0;
        for (var r = 0; r < 40; r++)
        {
            var a = controlled.Run(r);
            var ed = a.Enrollment[C1 * 2];
            var total = ed + a.Enrollment[C1 * 2 + 1];
            Assert.Equal(20, total);
            Assert.InRange((double)ed / total, 0.4, 0.6);
            var b = lottery.Run(r);
            var share = (double)b.Enrollment[C1 * 2] / (b.Enrollment[C1 * 2] + b.Enrollment[C1 * 2 + 1]);
            if (share is < 0.4 or > 0.6) outside++;
        }
        Assert.True(outside > 0, "an open lottery never left the band: the test is too weak");
    }

    [Fact]
    public void ControlledChoice_PoolsWithBandGivenAreRefused()
    {
        var band = new CampusSetSpec("cc", [], [new SeatPoolSpec("open", 1, Eligibility.Any, 1, Spillover.None)],
            ControlledChoice: new ControlledChoiceSpec("ed", 0.1));
        var error = Assert.Throws<ScenarioFormatException>(() => CompiledScenario.Compile(Toy, OnlyC1(band)));
        Assert.Equal("campuses.cc.pools", error.Path);
    }

    [Fact]
    public void ScoreToKey_HigherScoresGetLowerKeys()
    {
        double[] scores = [-1e9, -2.5, -0.0, 0.0, 1e-12, 0.3, 2.5, 1e9];
        for (var i = 1; i < scores.Length; i++)
            Assert.True(ReplicationKeys.ScoreToKey(scores[i]) <= ReplicationKeys.ScoreToKey(scores[i - 1]), $"{scores[i]} vs {scores[i - 1]}");
        Assert.True(ReplicationKeys.ScoreToKey(0.31) >> 24 < ReplicationKeys.ScoreToKey(0.3) >> 24, "close scores must stay apart in the top 40 bits");
    }
}
