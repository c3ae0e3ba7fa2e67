using Simulation.Core.Metrics;
using Simulation.Core.Randomness;

namespace Simulation.Core.Tests.Metrics;

public class SmallUnitBiasTests
{
    [Fact]
    public void Draw_KeepsUnitAndGroupSizes()
    {
        int[] counts = [30, 10, 0, 0, 10, 50, 3, 4];
        var labels = RandomAssignmentBaseline.Labels(counts, 2);
        var drawn = new int[counts.Length];
        var random = RandomStream.For(7, 0, Stage.StudentDraw);
        RandomAssignmentBaseline.Draw(counts, 2, labels, drawn, ref random);
        for (var u = 0; u < 4; u++) Assert.Equal(CountMatrix.UnitTotal(counts, 2, u), CountMatrix.UnitTotal(drawn, 2, u));
        Assert.Equal(counts.Where((_, i) => i % 2 == 0).Sum(), drawn.Where((_, i) => i % 2 == 0).Sum());
        Assert.NotEqual(counts, drawn);
    }

    [Fact]
    public void Compute_SameSeed_IsReproducible_AndSmallUnitsAreBiasedUpward()
    {
        // Forty schools of four students, half A: random assignment alone gives D well above 0.
        var counts = Enumerable.Range(0, 40).SelectMany(u => u % 2 == 0 ? new[] { 4, 0 } : new[] { 0, 4 }).ToArray();
        var r1 = RandomStream.For(11, 0, Stage.StudentDraw);
        var r2 = RandomStream.For(11, 0, Stage.StudentDraw);
        var a = RandomAssignmentBaseline.Compute(counts, 2, DissimilarityIndex.Compute, 200, ref r1);
        var b = RandomAssignmentBaseline.Compute(counts, 2, DissimilarityIndex.Compute, 200, ref r2);
        Assert.Equal(a, b);
        Assert.Equal(1, a.Observed);
        // E|Hypergeometric(4 of 160, 80 A) − 2| / 2 averaged: ≈ 0.39 (P(|X−2| = 1) ≈ 0.5, P(= 2) ≈ 0.125).
        Assert.InRange(a.Expected, 0.33, 0.45);
        Assert.Equal(a.Observed - a.Expected, a.Excess);
    }

    [Fact]
    public void ExpectedM_Schools00_AgreesWithRPackageWithinMonteCarloError()
    {
        // R: set.seed(2024); mutual_total_expected(d, "race", "school", weight = "n", n_bootstrap = 50) gives
        // M under 0 = 0.0047971778004019484 (fixed margins). Its Monte Carlo sd of the mean is ~1e-5 (2N·M is
        // roughly χ² with 8,176 degrees of freedom, sd(M) ≈ 7e-5, over 50 draws); 20 of our draws have ~1.6e-5, so
        // ±6e-5 is about three standard errors of the difference. (Seed 2024 gave 0.0048024.)
        var d = ReferenceData.School("schools00");
        var random = RandomStream.For(2024, 0, Stage.StudentDraw);
        var baseline = RandomAssignmentBaseline.Compute(d.Counts, d.Groups.Length, TheilIndex.MutualInformation, 20, ref random);
        Assert.InRange(baseline.Expected, 0.0047971778004019484 - 6e-5, 0.0047971778004019484 + 6e-5);
        Assert.InRange(baseline.ExpectedSd, 2e-5, 2e-4);
    }

    [Fact]
    public void ExpectedH_Schools00_IsExpectedMOverTheFixedGroupEntropyAsInR()
    {
        // With both margins fixed the group entropy E is the same in every draw, so E[H] = E[M] / E. R's two rows
        // (H under 0 = 0.0047213018395935403, M under 0 = 0.0047971778004019484) obey this to rounding, and so do ours.
        var d = ReferenceData.School("schools00");
        var entropy = TheilIndex.GroupEntropy(d.Counts, d.Groups.Length);
        Assert.Equal(0.0047213018395935403, 0.0047971778004019484 / entropy, 1e-12);

        var m = RandomStream.For(2024, 0, Stage.StudentDraw);
        var h = RandomStream.For(2024, 0, Stage.StudentDraw);
        var baselineM = RandomAssignmentBaseline.Compute(d.Counts, d.Groups.Length, TheilIndex.MutualInformation, 5, ref m);
        var baselineH = RandomAssignmentBaseline.Compute(d.Counts, d.Groups.Length, TheilIndex.H, 5, ref h);
        Assert.Equal(baselineM.Expected / entropy, baselineH.Expected, 1e-12);
        Assert.InRange(baselineH.Expected, 0.0047213018395935403 - 1e-4, 0.0047213018395935403 + 1e-4);
    }
}
