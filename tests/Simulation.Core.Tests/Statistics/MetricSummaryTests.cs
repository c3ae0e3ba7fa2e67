using Simulation.Core.Statistics;

namespace Simulation.Core.Tests.Statistics;

public sealed class MetricSummaryTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Compute_FiveUnsortedValues_MatchesHandWorkedStatistics()
    {
        // sorted 1 2 3 4 5; mean 3; squared deviations 4+1+0+1+4 = 10, var 10/4 = 2.5.
        // numpy.quantile(x, [.025, .5, .975]) (type 7), h = (n-1)p = 4p:
        //   p=.025: h=0.1 -> 1 + 0.1*(2-1) = 1.1;  p=.5: h=2 -> 3;  p=.975: h=3.9 -> 4 + 0.9*(5-4) = 4.9.
        // CI half-width: 1.959963984540054 * sqrt(2.5)/sqrt(5) = 1.959963984540054 * sqrt(0.5) = 1.3859038243496777.
        var s = MetricSummary.Compute([4, 1, 3, 2, 5]);

        Assert.Equal(5, s.N);
        Assert.Equal(0, s.Missing);
        Assert.Equal(3.0, s.Mean, Tolerance);
        Assert.Equal(Math.Sqrt(2.5), s.Sd, Tolerance);
        Assert.Equal(1.1, s.Q025, Tolerance);
        Assert.Equal(3.0, s.Q50, Tolerance);
        Assert.Equal(4.9, s.Q975, Tolerance);
        Assert.Equal(3 - 1.3859038243496777, s.MeanCiLow, Tolerance);
        Assert.Equal(3 + 1.3859038243496777, s.MeanCiHigh, Tolerance);
    }

    [Fact]
    public void Compute_FourValuesWithUnevenGaps_InterpolatesBetweenOrderStatistics()
    {
        // sorted 0 2 7 10; mean 4.75; squared deviations 22.5625+7.5625+5.0625+27.5625 = 62.75, var 62.75/3.
        // h = 3p:  p=.025: h=0.075 -> 0 + 0.075*2 = 0.15;  p=.5: h=1.5 -> 2 + 0.5*5 = 4.5;
        //          p=.975: h=2.925 -> 7 + 0.925*3 = 9.775.   (numpy.quantile gives 0.15, 4.5, 9.775)
        var s = MetricSummary.Compute([10, 0, 7, 2]);

        Assert.Equal(4.75, s.Mean, Tolerance);
        Assert.Equal(Math.Sqrt(62.75 / 3), s.Sd, Tolerance);
        Assert.Equal(0.15, s.Q025, Tolerance);
        Assert.Equal(4.5, s.Q50, Tolerance);
        Assert.Equal(9.775, s.Q975, Tolerance);
        Assert.Equal(4.75 - 1.959963984540054 * Math.Sqrt(62.75 / 3) / 2, s.MeanCiLow, Tolerance);
    }

    [Theory]
    [InlineData(0.1)] // not exactly representable: a sum-then-divide mean would drift off it
    [InlineData(-7.25)]
    [InlineData(1e9)]
    public void Compute_ConstantValues_MeanIsTheValueAndSpreadIsZero(double value)
    {
        var s = MetricSummary.Compute([value, value, value, value, value, value, value]);

        Assert.Equal(value, s.Mean);
        Assert.Equal(0.0, s.Sd);
        Assert.Equal(value, s.Q025);
        Assert.Equal(value, s.Q50);
        Assert.Equal(value, s.Q975);
        Assert.Equal(value, s.MeanCiLow);
        Assert.Equal(value, s.MeanCiHigh);
    }

    [Fact]
    public void Compute_NaNValues_AreExcludedAndCounted()
    {
        var withNaN = MetricSummary.Compute([double.NaN, 4, 1, double.NaN, 3, 2, 5, double.NaN]);
        var without = MetricSummary.Compute([4, 1, 3, 2, 5]);

        Assert.Equal(3, withNaN.Missing);
        Assert.Equal(without with { Missing = 3 }, withNaN);
    }

    [Fact]
    public void Compute_OnlyNaN_EveryStatisticIsNaN()
    {
        var s = MetricSummary.Compute([double.NaN, double.NaN]);

        Assert.Equal(0, s.N);
        Assert.Equal(2, s.Missing);
        Assert.All(Statistics(s), v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void Compute_Empty_EveryStatisticIsNaN()
    {
        var s = MetricSummary.Compute([]);

        Assert.Equal(0, s.N);
        Assert.Equal(0, s.Missing);
        Assert.All(Statistics(s), v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void Compute_OneValue_LocationIsTheValueAndSpreadIsNaN()
    {
        var s = MetricSummary.Compute([double.NaN, 2.5]);

        Assert.Equal(1, s.N);
        Assert.Equal(1, s.Missing);
        Assert.Equal(2.5, s.Mean);
        Assert.Equal(2.5, s.Q025);
        Assert.Equal(2.5, s.Q50);
        Assert.Equal(2.5, s.Q975);
        Assert.True(double.IsNaN(s.Sd));
        Assert.True(double.IsNaN(s.MeanCiLow));
        Assert.True(double.IsNaN(s.MeanCiHigh));
        Assert.True(double.IsNaN(s.NormalLow));
        Assert.True(double.IsNaN(s.MeanBootLow));
    }

    [Fact]
    public void Compute_LargeOffsetWithSmallNoise_KeepsTheSpread()
    {
        // 1e9 + {0.5, 0.25, 0.75, 0, 1}: every value is exact in binary64 (ulp at 1e9 is 2^-23). The spread is that of
        // {2, 1, 3, 0, 4} / 4, so sd = sqrt(2.5)/4. A textbook sum-of-squares formula loses it entirely: Σx² ≈ 5e18,
        // whose ulp (1024) dwarfs the centred sum of squares 0.625.
        var s = MetricSummary.Compute([1e9 + 0.5, 1e9 + 0.25, 1e9 + 0.75, 1e9, 1e9 + 1]);

        Assert.Equal(1e9 + 0.5, s.Mean, Tolerance);
        Assert.Equal(Math.Sqrt(2.5) / 4, s.Sd, 1e-9);
        Assert.Equal(1e9 + 0.5, s.Q50);
        Assert.Equal(1e9 + 0.025, s.Q025, 1e-6);
    }

    [Fact]
    public void Compute_InputOrder_DoesNotChangeTheQuantiles()
    {
        var a = MetricSummary.Compute([5, 3, 9, 1, 7, 2]);
        var b = MetricSummary.Compute([1, 2, 3, 5, 7, 9]);

        Assert.Equal(a.Q025, b.Q025);
        Assert.Equal(a.Q50, b.Q50);
        Assert.Equal(a.Q975, b.Q975);
        Assert.Equal(4.0, a.Q50, Tolerance); // h = 5*0.5 = 2.5 -> 3 + 0.5*(5-3)
    }

    [Fact]
    public void Compute_Input_IsNotModified()
    {
        double[] values = [3, double.NaN, 1, 2];

        MetricSummary.Compute(values);

        Assert.Equal([3, double.NaN, 1, 2], values);
    }

    private static double[] Statistics(MetricSummary s) =>
        [s.Mean, s.Sd, s.Q025, s.Q50, s.Q975, s.MeanCiLow, s.MeanCiHigh, s.NormalLow, s.NormalHigh, s.MeanBootLow, s.MeanBootHigh];
}
