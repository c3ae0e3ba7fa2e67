using Simulation.Core.Mechanisms;
using Simulation.Core.Randomness;

namespace Simulation.Core.Tests.Mechanisms;

/// <summary>
/// Reserve rules of real districts expressed as seat-pool data, worked by hand. Every case is one school that all
/// students rank first, so DA reduces to the school's choice function; the school's priority list (best first)
/// plays the lottery or the test score.
/// </summary>
public class SeatPoolCaseTests
{
    private const int None = SeatPoolLayout.NoSpillover;
    private const ulong Any = ulong.MaxValue;

    /// <summary>Runs DA with every student ranking school 0 only; returns who is admitted.</summary>
    private static int[] Admitted(SeatPoolLayout layout, byte[] types, int[] priorityOrder)
    {
        var p = Instances.Explicit(types.Select(_ => new[] { 0 }).ToArray(), [layout.ProgramSeats[0]], [priorityOrder], layout, types);
        var rank = Instances.Run(MechanismKind.DeferredAcceptance, p);
        return Enumerable.Range(0, types.Length).Where(i => rank[i] == 0).ToArray();
    }

    [Fact]
    public void DallasFiftyFiftyByStatus_HalfTheSeatsPerGroupEvenWhenTheLotteryFavorsOne()
    {
        // Students 0–2 ED (type 0), 3–6 not ED (type 1); lottery order 3, 4, 5, 0, 6, 1, 2.
        // A plain lottery would take 3, 4, 5, 0; the 2 + 2 pools take the best two of each group.
        var layout = new SeatPoolLayout([0, 2], [2, 2], [1UL << 0, 1UL << 1], [None, None]);
        Assert.Equal([0, 1, 3, 4], Admitted(layout, [0, 0, 0, 1, 1, 1, 1], [3, 4, 5, 0, 6, 1, 2]));
        Assert.Equal([0, 3, 4, 5], Admitted(SeatPoolLayout.SingleLottery([4]), [0, 0, 0, 1, 1, 1, 1], [3, 4, 5, 0, 6, 1, 2]));
    }

    [Fact]
    public void DallasFiftyFiftyByHomeArea_TierPoolAdmitsBothGroupsFromDisadvantagedAreas()
    {
        // Type = group × 2 + tier (tier 0 = disadvantaged home area). Pool 1 (2 seats) admits tier 0 of either
        // group; pool 2 (2 seats) tier 1. Students: 0 (ED, tier 1), 1 (not ED, tier 0), 2 (ED, tier 0),
        // 3 (not ED, tier 1), 4 (ED, tier 1); lottery 0, 4, 3, 1, 2.
        var tier0 = (1UL << 0) | (1UL << 2);
        var tier1 = (1UL << 1) | (1UL << 3);
        var layout = new SeatPoolLayout([0, 2], [2, 2], [tier0, tier1], [None, None]);
        Assert.Equal([0, 1, 2, 4], Admitted(layout, [1, 2, 0, 3, 1], [0, 4, 3, 1, 2]));
    }

    [Fact]
    public void BostonWalkZone_ProcessedLastFavorsWalkZoneMoreThanProcessedFirst()
    {
        // Dur, Kominers, Pathak and Sönmez (2018): 2 walk-zone seats (type 0) and 2 open seats; lottery order
        // N1, W1, N2, W2, W3, N3 with students W1..W3 = 0..2 and N1..N3 = 3..5.
        // Walk seats first: walk takes W1, W2; open takes N1, N2 → 2 walk-zone students.
        // Walk seats last: open takes N1, W1; walk takes W2, W3 → 3 walk-zone students.
        byte[] types = [0, 0, 0, 1, 1, 1];
        int[] lottery = [3, 0, 4, 1, 2, 5];
        var walkFirst = new SeatPoolLayout([0, 2], [2, 2], [1UL << 0, Any], [1, None]);
        var walkLast = new SeatPoolLayout([0, 2], [2, 2], [Any, 1UL << 0], [None, 0]);
        Assert.Equal([0, 1, 3, 4], Admitted(walkFirst, types, lottery));
        Assert.Equal([0, 1, 2, 3], Admitted(walkLast, types, lottery));
    }

    [Fact]
    public void ChicagoSelectiveEnrollment_ThirtyPercentByRankThenFourTiers()
    {
        // 10 seats: 3 by rank (open, filled first), then 7 split 2, 2, 2, 1 over tiers 1..4 (types 0..3), each
        // spilling back to open. Score order (best first) with tiers: students 0–4 tier 4, 5–8 tier 3,
        // 9–11 tier 2, 12–13 tier 1, ranked 0, 1, 2, 3, 5, 4, 6, 9, 12, 7, 10, 13, 11, 8.
        // Rank seats: 0, 1, 2. Tier 1: 12, 13. Tier 2: 9, 10. Tier 3: 5, 6. Tier 4: 3.
        var layout = new SeatPoolLayout([0, 5], [3, 2, 2, 2, 1], [Any, 1UL << 0, 1UL << 1, 1UL << 2, 1UL << 3], [None, 0, 0, 0, 0]);
        byte[] tiers = [3, 3, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 0, 0];
        Assert.Equal([0, 1, 2, 3, 5, 6, 9, 10, 12, 13], Admitted(layout, tiers, [0, 1, 2, 3, 5, 4, 6, 9, 12, 7, 10, 13, 11, 8]));
    }

    [Fact]
    public void CambridgeControlledChoice_GroupShareStaysWithinTenPointsOfDistrictShare()
    {
        // District ED share 40 %, band ±10 points, 10 seats: ED between 3 and 5 seats. Pools: 3 ED-only, 5 not-ED
        // only (so ED ≤ 5), 2 open; no spillover keeps the band hard. The 8 ED students (0–7) all hold better
        // lottery numbers than the 8 others (8–15): ED gets 3 + 2 open = 5 seats, others 5.
        var layout = new SeatPoolLayout([0, 3], [3, 5, 2], [1UL << 0, 1UL << 1, Any], [None, None, None]);
        var types = Enumerable.Range(0, 16).Select(i => (byte)(i < 8 ? 0 : 1)).ToArray();
        var admitted = Admitted(layout, types, Enumerable.Range(0, 16).ToArray());
        Assert.Equal(5, admitted.Count(i => i < 8));
        Assert.Equal(5, admitted.Count(i => i >= 8));

        // With only two not-ED applicants the not-ED seats they cannot fill stay empty: ED share stays at 5 of 7 filled.
        var few = Admitted(layout, types[..10], Enumerable.Range(0, 10).ToArray());
        Assert.Equal([0, 1, 2, 3, 4, 8, 9], few);
    }

    [Fact]
    public void MinorityReserves_RandomInstances_NeverParetoDominatedForMinorityByMajorityQuotas()
    {
        // Hafalir, Yenmez and Yildirim (2013): with r seats reserved for the minority (type 0) that spill to open
        // competition, versus a majority quota of capacity − r (the same reserve without spillover), the DA outcome
        // under reserves is never Pareto-dominated for the minority by the one under quotas.
        var rng = RandomStream.For(21, 0, Stage.Lottery);
        var differ = 0;
        for (var k = 0; k < 400; k++)
        {
            var schools = 1 + rng.NextInt(4);
            var start = new int[schools + 1];
            var seats = new List<int>();
            var reserve = new List<int>();
            for (var s = 0; s < schools; s++)
            {
                var capacity = 1 + rng.NextInt(4);
                var r = rng.NextInt(capacity + 1);
                seats.AddRange([r, capacity - r]);
                reserve.Add(r);
                start[s + 1] = 2 * (s + 1);
            }
            var eligible = Enumerable.Range(0, schools).SelectMany(_ => new[] { 1UL << 0, Any }).ToArray();
            var spill = Enumerable.Range(0, schools).SelectMany(s => new[] { 2 * s + 1, None }).ToArray();
            var reserves = new SeatPoolLayout(start, [.. seats], eligible, spill);
            var quotas = new SeatPoolLayout(start, [.. seats], eligible, Enumerable.Repeat(None, 2 * schools).ToArray());
            var stream = rng;
            var withReserves = Instances.Random(ref rng, 1 + rng.NextInt(12), schools, 0, classes: false, layout: reserves, types: 2);
            var withQuotas = Instances.Random(ref stream, 1 + stream.NextInt(12), schools, 0, classes: false, layout: quotas, types: 2);
            var a = Instances.Run(MechanismKind.DeferredAcceptance, withReserves);
            var b = Instances.Run(MechanismKind.DeferredAcceptance, withQuotas);
            bool Minority(int i) => withReserves.StudentType[i] == 0;
            Assert.False(Instances.Dominates(b, a, Minority), "majority quotas Pareto-dominate minority reserves for the minority");
            if (!a.SequenceEqual(b)) differ++;
        }
        Assert.True(differ > 0, "reserves and quotas never differed: the test is too weak");
    }
}
