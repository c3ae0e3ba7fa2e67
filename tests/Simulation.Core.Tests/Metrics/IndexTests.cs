using Simulation.Core.Metrics;

namespace Simulation.Core.Tests.Metrics;

public class IndexTests
{
    // Two schools, two groups:        A   B
    //   school 1                      30  10
    //   school 2                      10  50
    // Duncan D = ½(|30/40 − 10/60| + |10/40 − 50/60|) = ½(0.58333 + 0.58333) = 0.583333…
    private static readonly int[] TwoSchools = [30, 10, 10, 50];

    [Fact]
    public void Dissimilarity_TwoGroups_EqualsDuncanFormula()
    {
        Assert.Equal(0.5 * (Math.Abs(30 / 40.0 - 10 / 60.0) + Math.Abs(10 / 40.0 - 50 / 60.0)),
            DissimilarityIndex.Compute(TwoSchools, 2), 12);
    }

    [Fact]
    public void TheilH_TwoSchools_EqualsEntropyFormula()
    {
        static double E(params double[] p) => -p.Where(x => x > 0).Sum(x => x * Math.Log(x));
        var district = E(0.4, 0.6);
        var expected = (40.0 / 100 * (district - E(0.75, 0.25)) + 60.0 / 100 * (district - E(1.0 / 6, 5.0 / 6))) / district;
        Assert.Equal(expected, TheilIndex.H(TwoSchools, 2), 12);
        Assert.Equal(expected * district, TheilIndex.MutualInformation(TwoSchools, 2), 12);
    }

    [Fact]
    public void Indices_IdenticalComposition_AreZero_AndCompleteSegregation_IsOne()
    {
        Assert.Equal(0, DissimilarityIndex.Compute([10, 20, 5, 10], 2), 12);
        Assert.Equal(0, TheilIndex.H([10, 20, 5, 10], 2), 12);
        Assert.Equal(1, DissimilarityIndex.Compute([10, 0, 0, 7, 3, 0], 2), 12);
        Assert.Equal(1, TheilIndex.H([10, 0, 0, 7, 3, 0], 2), 12);
    }

    [Fact]
    public void Indices_EmptySchoolsIgnored_DegenerateInputsAreNaN()
    {
        Assert.Equal(DissimilarityIndex.Compute(TwoSchools, 2), DissimilarityIndex.Compute([30, 10, 0, 0, 10, 50], 2), 12);
        Assert.True(double.IsNaN(DissimilarityIndex.Compute([0, 0, 0, 0], 2)));
        Assert.True(double.IsNaN(DissimilarityIndex.Compute([5, 0, 7, 0], 2)));
        Assert.True(double.IsNaN(TheilIndex.H([5, 0, 7, 0], 2)));
    }

    [Fact]
    public void Dissimilarity_ThreeGroups_MatchesMultigroupDefinition()
    {
        int[] c = [10, 5, 5, 2, 8, 10, 0, 4, 6];
        double T = c.Sum();
        var P = new double[3];
        for (var i = 0; i < c.Length; i++) P[i % 3] += c[i] / T;
        var I = P.Sum(p => p * (1 - p));
        double s = 0;
        for (var u = 0; u < 3; u++)
        {
            double t = c[u * 3] + c[u * 3 + 1] + c[u * 3 + 2];
            for (var g = 0; g < 3; g++) s += t * Math.Abs(c[u * 3 + g] / t - P[g]);
        }
        Assert.Equal(s / (2 * T * I), DissimilarityIndex.Compute(c, 3), 12);
    }
}
