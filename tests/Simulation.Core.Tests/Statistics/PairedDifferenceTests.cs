using Simulation.Core.Randomness;
using Simulation.Core.Statistics;

namespace Simulation.Core.Tests.Statistics;

public class PairedDifferenceTests
{
    [Fact]
    public void ToSummary_HandWorked()
    {
        // differences 1, -1, 3, 1 (one pair missing): mean 1, sd = sqrt(((0)+(4)+(4)+(0))/3) = sqrt(8/3)
        var p = new PairedDifference(MetricDirection.HigherIsBetter);
        p.Add(1, 2);
        p.Add(4, 3);
        p.Add(double.NaN, 9);
        p.Add(0, 3);
        p.Add(2, 3);
        var s = p.ToSummary();
        Assert.Equal(4, s.N);
        Assert.Equal(1, s.Missing);
        Assert.Equal(1.75, s.BaselineMean);
        Assert.Equal(2.75, s.ProposalMean);
        Assert.Equal(1.0, s.MeanDifference, 14);
        Assert.Equal(Math.Sqrt(8.0 / 3), s.Sd, 14);
        var half = MetricSummary.NormalQuantile975 * Math.Sqrt(8.0 / 3) / 2;
        Assert.Equal(1 - half, s.CiLow, 14);
        Assert.Equal(1 + half, s.CiHigh, 14);
        Assert.Equal(half, s.HalfWidth, 14);
        Assert.Equal(0.75, s.PBetter);
        Assert.Equal(0.25, s.PWorse);
        // Five values or fewer: the P² quantiles are exact type 7 of (-1, 1, 1, 3).
        Assert.Equal(-1 + 0.075 * 2, s.Q025, 12);
        Assert.Equal(3 - 0.075 * 2, s.Q975, 12);
    }

    [Fact]
    public void ToSummary_LowerIsBetter_CountsDecreasesAsBetter_TiesAsNeither()
    {
        var p = new PairedDifference(MetricDirection.LowerIsBetter);
        p.Add(5, 4);
        p.Add(5, 5);
        p.Add(5, 6);
        p.Add(5, 3);
        var s = p.ToSummary();
        Assert.Equal(0.5, s.PBetter);
        Assert.Equal(0.25, s.PWorse);
        var none = new PairedDifference();
        none.Add(1, 2);
        Assert.True(double.IsNaN(none.ToSummary().PBetter));
    }

    [Fact]
    public void ToSummary_IdenticalValues_ZeroDifferenceAndZeroWidth()
    {
        var p = new PairedDifference(MetricDirection.LowerIsBetter);
        foreach (var v in new[] { 0.3, 0.7, 0.1 }) p.Add(v, v);
        var s = p.ToSummary();
        Assert.Equal(0, s.MeanDifference);
        Assert.Equal(0, s.Sd);
        Assert.Equal(0, s.HalfWidth);
        Assert.Equal(0, s.PBetter);
        Assert.Equal(0, s.PWorse);
    }

    /// <summary>
    /// Interval honesty: baseline X ~ N(10, 2²) and proposal X + 0.3 + N(0, 0.5²) (a correlated pair, as common random
    /// numbers give); the true mean difference is 0.3. Over 2,000 seeded experiments of 100 pairs each, the normal 95%
    /// interval must cover 0.3 in 93–97% of them (expected ≈ 94.7% with z instead of t at n = 100; the binomial
    /// standard error over 2,000 experiments is 0.5 points).
    /// </summary>
    [Fact]
    public void NormalInterval_KnownDifference_CoversIn93To97Percent()
    {
        const int experiments = 2000, pairs = 100;
        const double truth = 0.3;
        var covered = 0;
        for (var e = 0; e < experiments; e++)
        {
            var random = RandomStream.For(2026, e, Stage.StudentDraw);
            var p = new PairedDifference(MetricDirection.HigherIsBetter);
            for (var i = 0; i < pairs; i++)
            {
                var x = 10 + 2 * Normal(ref random);
                p.Add(x, x + truth + 0.5 * Normal(ref random));
            }
            var s = p.ToSummary();
            if (s.CiLow <= truth && truth <= s.CiHigh) covered++;
        }
        var coverage = (double)covered / experiments;
        Assert.InRange(coverage, 0.93, 0.97);
    }

    [Theory]
    // Wilson (1927) by hand: centre (p + z²/2n)/(1 + z²/n), half z/(1 + z²/n)·sqrt(p(1−p)/n + z²/4n²).
    [InlineData(5, 10, 0.2365931, 0.7634069)]
    // All successes: the lower end is n/(n + z²), not 1 (Wald would give [1, 1]).
    [InlineData(20, 20, 0.8388748, 1.0)]
    [InlineData(0, 20, 0.0, 0.1611252)]
    public void Wilson_MatchesHandWorkedValues(int k, int n, double low, double high)
    {
        var (lo, hi) = ProportionInterval.Wilson(k, n);
        Assert.Equal(low, lo, 6);
        Assert.Equal(high, hi, 6);
    }

    [Fact]
    public void Directions_DefaultsAndOverrides()
    {
        var d = MetricDirections.Default;
        Assert.Equal(MetricDirection.LowerIsBetter, d.Of("dissimilarity"));
        Assert.Equal(MetricDirection.HigherIsBetter, d.Of("admission_rate_ed"));
        Assert.Equal(MetricDirection.HigherIsBetter, d.Of("resources_per_pupil_ed"));
        Assert.Equal(MetricDirection.None, d.Of("students"));
        Assert.Equal(MetricDirection.LowerIsBetter, d.With("students", MetricDirection.LowerIsBetter).Of("students"));
        Assert.Equal(MetricDirection.None, d.Of("students"));
    }

    private static double Normal(ref RandomStream random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
