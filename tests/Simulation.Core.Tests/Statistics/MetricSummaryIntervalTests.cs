using Simulation.Core.Randomness;
using Simulation.Core.Statistics;

namespace Simulation.Core.Tests.Statistics;

/// <summary>The normal and percentile 95% intervals of <see cref="MetricSummary"/>: hand-worked values, the
/// bootstrap's determinism and bounds, and the coverage of the normal interval of the mean on a known
/// distribution.</summary>
public sealed class MetricSummaryIntervalTests
{
    private const double Z = MetricSummary.NormalQuantile975;

    [Fact]
    public void Compute_FiveValues_NormalOutcomeIntervalIsMeanPlusMinusZSd()
    {
        // 1..5: mean 3, sd sqrt(2.5); the outcome interval is 3 ± 1.959963984540054·1.5811388300841898.
        var s = MetricSummary.Compute([4, 1, 3, 2, 5]);

        Assert.Equal(3 - Z * Math.Sqrt(2.5), s.NormalLow, 1e-12);
        Assert.Equal(3 + Z * Math.Sqrt(2.5), s.NormalHigh, 1e-12);
    }

    [Fact]
    public void Compute_TwoValues_BootstrapMeansLieOnTheThreePossibleMeans()
    {
        // A resample of {0, 1} has mean 0, 0.5 or 1 (probabilities 1/4, 1/2, 1/4). With 1000 resamples the 2.5% and
        // 97.5% order statistics are (almost surely) 0 and 1.
        var s = MetricSummary.Compute([0, 1]);

        Assert.Equal(0.0, s.MeanBootLow);
        Assert.Equal(1.0, s.MeanBootHigh);
    }

    [Fact]
    public void Compute_SameStream_SameBootstrap_OtherStream_OtherBootstrap()
    {
        double[] values = [0.3, 1.7, 2.2, 0.9, 4.1, 3.3, 2.8, 0.1];
        var a = RandomStream.For(7, 0, Stage.Bootstrap, 3);
        var b = RandomStream.For(7, 0, Stage.Bootstrap, 3);
        var c = RandomStream.For(7, 0, Stage.Bootstrap, 4);

        var first = MetricSummary.Compute(values, ref a);
        var again = MetricSummary.Compute(values, ref b);
        var other = MetricSummary.Compute(values, ref c);

        Assert.Equal(first, again);
        Assert.NotEqual(first.MeanBootLow, other.MeanBootLow);
        // Every resampled mean lies within [min, max], and the interval brackets the sample mean.
        Assert.InRange(first.MeanBootLow, 0.1, first.Mean);
        Assert.InRange(first.MeanBootHigh, first.Mean, 4.1);
    }

    [Fact]
    public void Compute_ManyValues_BootstrapIntervalAgreesWithTheNormalIntervalOfTheMean()
    {
        // For 400 uniform values the mean is close to normal, so both 95% intervals of the mean have half-width
        // ≈ 1.96·sd/√n; the bootstrap's own noise (1000 resamples) is a few percent of that.
        var stream = RandomStream.For(11, 0, Stage.Application);
        var values = new double[400];
        for (var i = 0; i < values.Length; i++) values[i] = stream.NextDouble();

        var s = MetricSummary.Compute(values);

        var normalWidth = s.MeanCiHigh - s.MeanCiLow;
        Assert.InRange((s.MeanBootHigh - s.MeanBootLow) / normalWidth, 0.9, 1.1);
        Assert.InRange(s.MeanBootLow - s.MeanCiLow, -0.1 * normalWidth, 0.1 * normalWidth);
    }

    [Fact]
    public void MeanCi_NormalSamples_CoversTheTrueMeanAbout95PercentOfTheTime()
    {
        // 4,000 seeded samples of 200 standard normal values (Box–Muller). The z interval with the sample sd has
        // coverage P(|t_199| ≤ 1.96) = 0.9486; the binomial sd of the observed share is √(0.95·0.05/4000) = 0.0034,
        // so [0.937, 0.961] is about ±3.5 sd. A wrong scale (sd instead of sd/√n, or a missing √) fails by far.
        const int trials = 4000, n = 200;
        var stream = RandomStream.For(20261130, 0, Stage.Application);
        var values = new double[n];
        var covered = 0;
        for (var t = 0; t < trials; t++)
        {
            for (var i = 0; i < n; i++) values[i] = StandardNormal(ref stream);
            var s = SummaryWithoutBootstrap(values);
            if (s.MeanCiLow <= 0 && 0 <= s.MeanCiHigh) covered++;
        }

        Assert.InRange((double)covered / trials, 0.937, 0.961);
    }

    [Fact]
    public void NormalAndPercentileOutcomeIntervals_NormalSamples_EachHoldAbout95PercentOfNewDraws()
    {
        // For N(0, 1) the outcome intervals estimate [−1.96, 1.96]; with 2,000 values both ends are within ~0.1.
        var stream = RandomStream.For(5, 0, Stage.Application);
        var values = new double[2000];
        for (var i = 0; i < values.Length; i++) values[i] = StandardNormal(ref stream);

        var s = SummaryWithoutBootstrap(values);

        Assert.Equal(-Z, s.NormalLow, 0.12);
        Assert.Equal(Z, s.NormalHigh, 0.12);
        Assert.Equal(-Z, s.Q025, 0.2);
        Assert.Equal(Z, s.Q975, 0.2);
    }

    private static MetricSummary SummaryWithoutBootstrap(double[] values)
    {
        var stream = RandomStream.For(0, 0, Stage.Bootstrap);
        return MetricSummary.Compute(values, ref stream, resamples: 1);
    }

    private static double StandardNormal(ref RandomStream stream)
    {
        var u = 1 - stream.NextDouble();
        var v = stream.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
