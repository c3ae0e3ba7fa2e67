using Simulation.Core.Metrics;
using Simulation.Core.Randomness;

namespace Simulation.Core.Tests.Metrics;

/// <summary>Small tables worked by hand.</summary>
public class HandWorkedTests
{
    // Three schools, groups A and B:
    //            A    B    t    p_A
    //   s1      30   10   40   0.75
    //   s2      10   50   60   1/6
    //   s3      10   40   50   0.2
    //   total   50  100  150   P_A = 1/3
    private static readonly int[] Three = [30, 10, 10, 50, 10, 40];

    [Fact]
    public void Gini_ThreeSchools_EqualsPairwiseDefinition()
    {
        // Σ_i Σ_j t_i t_j |p_i − p_j| over ordered pairs = 2 (40·60·(0.75 − 1/6) + 40·50·(0.75 − 0.2) + 60·50·(0.2 − 1/6)),
        // divided by 2 T² P (1 − P) = 2 · 22500 · 2/9 = 10000.
        var expected = 2 * (40 * 60 * (0.75 - 1.0 / 6) + 40 * 50 * (0.75 - 0.2) + 60 * 50 * (0.2 - 1.0 / 6)) / 10000;
        Assert.Equal(expected, GiniIndex.Compute(Three, 2), 14);
    }

    [Fact]
    public void Gini_TiedSharesAndEmptyUnits_DoNotChangeTheValue()
    {
        // Splitting s1 into two identical halves and adding an empty school changes nothing.
        int[] split = [15, 5, 15, 5, 0, 0, 10, 50, 10, 40];
        Assert.Equal(GiniIndex.Compute(Three, 2), GiniIndex.Compute(split, 2), 14);
    }

    [Theory]
    [InlineData(1, 300, 1000)]  // shares spread out: 3 radix passes
    [InlineData(2, 300, 3)]     // tiny schools: many exactly equal shares (0, 1/3, 1/2, …), 1 radix pass
    [InlineData(5, 300, 30000)] // schools up to 30,000 students: the widest packed keys, 4 radix passes
    [InlineData(3, 300, 100000)] // near-equal distinct shares around 0.3, schools of 32,768+ students: too large for
                                 // packed keys, the shares themselves are sorted
    [InlineData(4, 300, 3000000)] // units of millions: the same fallback
    public void Gini_RandomTables_EqualsBruteForcePairwiseSum(ulong seed, int units, int size)
    {
        var random = RandomStream.For(seed, 0, Stage.StudentDraw);
        var counts = new int[units * 3];
        for (var u = 0; u < units; u++)
        {
            var t = 1 + random.NextInt(size);
            var a = size == 100000 ? (int)(t * 0.3) + random.NextInt(3) : random.NextInt(t + 1);
            a = Math.Min(a, t);
            var b = random.NextInt(t - a + 1);
            (counts[3 * u], counts[3 * u + 1], counts[3 * u + 2]) = (a, b, t - a - b);
        }
        AssertBruteForceGini(counts, units);
    }

    /// <summary>Shares so close that the radix sort leaves some in the wrong order (it skips the lowest share
    /// bits): runs of equal upper digits are corrected pair by pair, and runs of more than 16 keys are sorted in
    /// full.</summary>
    [Theory]
    [InlineData(11, 0)] // schools of 1,000–2,000 with share 0.3 ± 0.001: many short runs
    [InlineData(12, 1)] // schools of 1,990–2,010 with 597–603 members: distinct shares 1/t² apart
    [InlineData(13, 2)] // exactly equal shares (3k of 10k) at different sizes: one long run, sorted in full
    [InlineData(14, 3)] // half exactly equal, half near-equal distinct shares: a long run with real reordering
    [InlineData(15, 4)] // schools of 1,000–2,000, one in 40 all of group 0 (share 1, the top of the fixed-point range),
                        // the rest one or two short of it: shares 1/t apart just below 1
    public void Gini_NearlyEqualShares_EqualsBruteForcePairwiseSum(ulong seed, int pattern)
    {
        const int units = 300;
        var random = RandomStream.For(seed, 0, Stage.StudentDraw);
        var counts = new int[units * 3];
        for (var u = 0; u < units; u++)
        {
            int t, a;
            switch (pattern == 3 ? 1 + (u & 1) : pattern)
            {
                case 4:
                    t = 1000 + random.NextInt(1000);
                    a = u % 40 == 0 ? t : t - 1 - random.NextInt(2);
                    break;
                case 0:
                    t = 1000 + random.NextInt(1000);
                    a = (int)(t * 0.3) + random.NextInt(2);
                    break;
                case 1:
                    t = 1990 + random.NextInt(21);
                    a = 597 + random.NextInt(7);
                    break;
                default:
                    var k = 100 + random.NextInt(100);
                    (t, a) = (10 * k, 3 * k);
                    break;
            }
            var b = random.NextInt(t - a + 1);
            (counts[3 * u], counts[3 * u + 1], counts[3 * u + 2]) = (a, b, t - a - b);
        }
        AssertBruteForceGini(counts, units);
    }

    /// <summary>Every table length from 2 to 13 units, each unit's group-0 share one of 15 fractions within one
    /// 2^-16 step (schools of 1,500–2,047, whose keys sort on the upper 16 share bits): one run of equal
    /// sorted digits, in any order, that also covers the keys after the last whole vector of the neighbour
    /// corrections.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Gini_OneRunOfNearlyEqualShares_EqualsBruteForcePairwiseSum(int units)
    {
        var random = RandomStream.For(21, units, Stage.StudentDraw);
        const long step = 20861; // a step of 2^-16 near 1/π holding 15 different fractions
        var fractions = new List<(int A, int T)>();
        for (var t = 1500; t < 2048; t++)
        {
            var a = (int)((step * t + 65535) >> 16); // the smallest a with a / t ≥ step / 2^16
            if ((long)a << 16 < (step + 1) * t) fractions.Add((a, t));
        }
        Assert.True(fractions.Count >= 13);
        var counts = new int[units * 3];
        for (var u = 0; u < units; u++)
        {
            var (a, t) = fractions[random.NextInt(fractions.Count)];
            var b = random.NextInt(t - a + 1);
            (counts[3 * u], counts[3 * u + 1], counts[3 * u + 2]) = (a, b, t - a - b);
        }
        AssertBruteForceGini(counts, units);
    }

    /// <summary>The pair sum <c>Σ_{i&lt;j} |c_i t_j − c_j t_i|</c> of one group, compared exactly (as a whole number)
    /// with the brute-force sum, on 3,000 random tables of 0 to 40 units, some of them empty. In most tables the
    /// shares are drawn from the different fractions within one 2^-16 step (units of 512–2,047 students, whose keys
    /// sort on the upper 16 share bits), so that runs of equal sorted digits of every length occur, in any order and
    /// anywhere (beyond 16 keys: sorted in full); in the others, shares and sizes up to 2^15 are random.</summary>
    [Fact]
    public void GiniPairSum_RandomTables_EqualsTheExactBruteForceSum()
    {
        var random = RandomStream.For(31, 0, Stage.StudentDraw);
        var runs = 0;
        for (var table = 0; table < 3000; table++)
        {
            var units = random.NextInt(41);
            var fractions = new List<(int A, int T)>();
            if (random.NextInt(5) < 3)
            {
                var bits = 10 + random.NextInt(2);
                long step = 1000 + random.NextInt(64000);
                for (var t = 1 << (bits - 1); t < 1 << bits; t++)
                {
                    var a = (int)((step * t + 65535) >> 16);
                    if (a <= t && (long)a << 16 < (step + 1) * t) fractions.Add((a, t));
                }
            }
            var largest = 1 << (8 + random.NextInt(8));
            var members = new double[units];
            var totals = new double[units];
            var inverse = new double[units];
            for (var u = 0; u < units; u++)
            {
                int c, t;
                if (fractions.Count > 0 && random.NextInt(8) > 0) (c, t) = fractions[random.NextInt(fractions.Count)];
                else
                {
                    t = random.NextInt(largest);
                    c = random.NextInt(3) == 0 ? 0 : random.NextInt(t + 1);
                }
                (members[u], totals[u], inverse[u]) = (c, t, t > 0 ? 1.0 / t : 0);
            }
            runs += fractions.Count > 0 && units > 16 ? 1 : 0;
            long expected = 0;
            for (var i = 0; i < units; i++)
                for (var j = i + 1; j < units; j++)
                    expected += Math.Abs((long)members[i] * (long)totals[j] - (long)members[j] * (long)totals[i]);
            var workspace = new GiniIndex.Workspace(units);
            workspace.Prepare(units == 0 ? 0 : (int)totals.Max(), totals.Sum());
            Assert.Equal((double)expected, workspace.PairSum(members, members.Sum(), totals, inverse));
        }
        Assert.True(runs > 500);
    }

    /// <summary>The pair sum on tables of tens of thousands of units up to 32,767 students, nearly 2^31 in all: the
    /// running totals reach 2^30 and more, so the products <c>c W</c> need the full 32 bits of each factor and their
    /// per-lane sums pass 2^52 (beyond exact doubles). Compared exactly with the sum over units sorted by
    /// share with exact comparisons (<c>c_i t_j</c> against <c>c_j t_i</c>) and 128-bit sums. Half the tables have
    /// shares crowded near 0.3 (long runs of equal sorted digits), and the unit counts are not multiples of the
    /// vector width.</summary>
    [Theory]
    [InlineData(41, 60_001, false)]
    [InlineData(42, 40_003, true)]
    [InlineData(43, 1_999, true)]
    public void GiniPairSum_LargeTables_EqualsAnExactSortedSum(ulong seed, int units, bool crowded)
    {
        var random = RandomStream.For(seed, 0, Stage.StudentDraw);
        var members = new double[units];
        var totals = new double[units];
        var inverse = new double[units];
        for (var u = 0; u < units; u++)
        {
            var t = 1 + random.NextInt(32_767);
            var c = crowded && u % 2 == 0 ? (int)(0.3 * t) + random.NextInt(2) : random.NextInt(5) == 0 ? 0 : random.NextInt(t + 1);
            (members[u], totals[u], inverse[u]) = (c, t, 1.0 / t);
        }
        var order = Enumerable.Range(0, units).ToArray();
        Array.Sort(order, (i, j) => ((long)members[i] * (long)totals[j]).CompareTo((long)members[j] * (long)totals[i]));
        Int128 expected = 0, before = 0, membersBefore = 0;
        foreach (var u in order)
        {
            expected += (Int128)(long)members[u] * before - (Int128)(long)totals[u] * membersBefore;
            before += (long)totals[u];
            membersBefore += (long)members[u];
        }
        Assert.True(totals.Sum() < int.MaxValue && (units < 10_000 || totals.Sum() > 1 << 29));
        var workspace = new GiniIndex.Workspace(units);
        workspace.Prepare((int)totals.Max(), totals.Sum());
        Assert.Equal((double)expected, workspace.PairSum(members, members.Sum(), totals, inverse));
    }

    private static void AssertBruteForceGini(int[] counts, int units)
    {
        double total = counts.Sum(), numerator = 0, interaction = 0;
        for (var g = 0; g < 3; g++)
        {
            var p = Enumerable.Range(0, units).Sum(u => counts[3 * u + g]) / total;
            interaction += p * (1 - p);
            for (var i = 0; i < units; i++)
                for (var j = 0; j < units; j++)
                {
                    double ti = counts[3 * i] + counts[3 * i + 1] + counts[3 * i + 2];
                    double tj = counts[3 * j] + counts[3 * j + 1] + counts[3 * j + 2];
                    numerator += ti * tj * Math.Abs(counts[3 * i + g] / ti - counts[3 * j + g] / tj);
                }
        }
        var expected = numerator / (2 * total * total * interaction);
        Assert.True(Math.Abs(GiniIndex.Compute(counts, 3) - expected) <= 1e-12 * expected);
    }

    [Fact]
    public void Exposure_ThreeSchools_MatchesBellDefinition()
    {
        // A's exposure to B = Σ (a_u/A)(b_u/t_u) = 0.6·0.25 + 0.2·(5/6) + 0.2·0.8.
        var e = ExposureIndex.Matrix(Three, 2);
        Assert.Equal(0.6 * 0.25 + 0.2 * 5 / 6 + 0.2 * 0.8, e[1], 14);
        Assert.Equal(0.6 * 0.75 + 0.2 / 6 + 0.2 * 0.2, e[0], 14);
        Assert.Equal(e[0], ExposureIndex.Isolation(Three, 2, 0), 14);
    }

    [Fact]
    public void Exposure_Schools00_RowsSumToOne_AndWeightedMatrixIsSymmetric()
    {
        var d = ReferenceData.School("schools00");
        var k = d.Groups.Length;
        var e = ExposureIndex.Matrix(d.Counts, k);
        var totals = new double[k];
        CountMatrix.GroupTotals(d.Counts, k, totals);
        for (var x = 0; x < k; x++)
        {
            Assert.Equal(1, e.AsSpan(x * k, k).ToArray().Sum(), 12);
            for (var y = 0; y < k; y++)
                Assert.Equal(totals[x] * e[x * k + y], totals[y] * e[y * k + x], 6);
        }
    }

    [Fact]
    public void CorrelationRatio_ThreeSchools_EqualsIsolationRescaled()
    {
        var isolation = 0.6 * 0.75 + 0.2 / 6 + 0.2 * 0.2;
        Assert.Equal((isolation - 1.0 / 3) / (2.0 / 3), ExposureIndex.CorrelationRatio(Three, 2, 0), 14);
    }

    [Fact]
    public void NormalizedExposure_Schools00_EqualsShareWeightedCorrelationRatios()
    {
        var d = ReferenceData.School("schools00");
        var k = d.Groups.Length;
        var totals = new double[k];
        var total = CountMatrix.GroupTotals(d.Counts, k, totals);
        var sum = Enumerable.Range(0, k).Sum(g => totals[g] / total * ExposureIndex.CorrelationRatio(d.Counts, k, g));
        Assert.Equal(sum, ExposureIndex.NormalizedExposure(d.Counts, k), 12);
    }

    [Fact]
    public void LocalSegregation_Schools05_BothWeightingsSumToM()
    {
        var d = ReferenceData.School("schools05");
        var k = d.Groups.Length;
        var units = d.Schools.Length;
        var (us, uw, gs, gw) = (new double[units], new double[units], new double[k], new double[k]);
        LocalSegregation.ByUnit(d.Counts, k, us, uw);
        LocalSegregation.ByGroup(d.Counts, k, gs, gw);
        var m = TheilIndex.MutualInformation(d.Counts, k);
        Assert.Equal(m, Enumerable.Range(0, units).Sum(u => us[u] * uw[u]), 12);
        Assert.Equal(m, Enumerable.Range(0, k).Sum(g => gs[g] * gw[g]), 12);
    }

    [Fact]
    public void NestedDecomposition_Schools00_BetweenPlusWithinIsTotal()
    {
        var d = ReferenceData.School("schools00");
        var n = NestedDecomposition.Compute(d.Counts, d.Groups.Length, d.DistrictOfSchool, d.Districts.Length);
        Assert.Equal(n.Total, n.Between + n.Within, 12);
        Assert.Equal(n.TotalH, n.BetweenH + n.WithinH, 12);
        Assert.Equal(n.Within, Enumerable.Range(0, d.Districts.Length).Sum(s => n.NestingShare[s] * n.NestingM[s]), 12);
    }

    // Representativeness of Three with P_A = 1/3 and band 10 points: s1 (0.75) is out, s2 (1/6, off by 1/6) is out,
    // s3 (0.2, off by 0.1333) is out; with band 15: s3 in; with band 45: s1 (off by 0.41667) in too.
    [Theory]
    [InlineData(10, 0.0, 0.0)]            // nothing within ±10
    [InlineData(15, 1.0 / 3, 50.0 / 150)] // s3 only
    [InlineData(17, 2.0 / 3, 110.0 / 150)] // s2 (off by 16.67 points) joins
    [InlineData(45, 1.0, 1.0)]            // everyone
    public void Representativeness_ThreeSchools_CountsUnitsAndStudentsWithinBand(double band, double units, double students)
    {
        var (u, s) = (new double[2], new double[2]);
        var all = Representativeness.Compute(Three, 2, band, u, s);
        Assert.Equal(units, u[0], 14);
        Assert.Equal(students, s[0], 14);
        // Two groups: a unit within the band for A is within it for B, and so for both.
        Assert.Equal(u[0], u[1]);
        Assert.Equal((units, students), (all.UnitShare, all.StudentShare));
    }

    [Theory]
    // Exactly on the bound in percentage points, where binary fractions round either way (0.7 − 0.6 = 0.0999…,
    // 0.4 − 0.3 = 0.1000…04): the inclusive bound must hold in both directions.
    [InlineData(7, 3, 6, 4)]
    [InlineData(4, 6, 3, 7)]
    [InlineData(2, 8, 1, 9)]
    public void Representativeness_ShareExactlyOnTheBound_IsInside(int a1, int b1, int a2, int b2)
    {
        // Unit 1 has share a1/10, unit 2 a2/10, so the overall share lies halfway between: each is 5 points off.
        int[] counts = [a1, b1, a2, b2];
        var (u, s) = (new double[2], new double[2]);
        Representativeness.Compute(counts, 2, 5, u, s);
        Assert.Equal(1.0, u[0]);
        Assert.Equal(1.0, s[0]);
        Representativeness.Compute(counts, 2, 4.999, u, s);
        Assert.Equal(0.0, u[0]);
    }
}
