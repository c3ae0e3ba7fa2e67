using Simulation.Core.Randomness;

namespace Simulation.Core.Statistics;

/// <summary>
/// The Monte Carlo summary of one metric over the replications of one scenario: count, mean, sample standard
/// deviation, the 2.5%, 50% and 97.5% quantiles, and 95% intervals of two kinds — normal and percentile — both for
/// one replication's outcome and for the mean.
/// </summary>
/// <param name="N">Number of values that are not NaN; every other statistic is computed from these alone.</param>
/// <param name="Missing">Number of NaN values (replications where the metric was undefined).</param>
/// <param name="Mean">Arithmetic mean.</param>
/// <param name="Sd">Sample standard deviation (divisor n − 1).</param>
/// <param name="Q025">2.5% quantile.</param>
/// <param name="Q50">Median.</param>
/// <param name="Q975">97.5% quantile.</param>
/// <param name="MeanCiLow">Lower end of the normal 95% interval for the mean, <c>mean − z·sd/√n</c>.</param>
/// <param name="MeanCiHigh">Upper end of that interval, <c>mean + z·sd/√n</c>.</param>
/// <param name="NormalLow">Lower end of the normal 95% interval for one replication's outcome, <c>mean − z·sd</c>
/// (its percentile counterpart is <see cref="Q025"/>).</param>
/// <param name="NormalHigh">Upper end, <c>mean + z·sd</c> (percentile counterpart <see cref="Q975"/>).</param>
/// <param name="MeanBootLow">Lower end of the percentile-bootstrap 95% interval for the mean: the type-7 2.5%
/// quantile of the means of <see cref="BootstrapResamples"/> resamples (n values drawn with replacement).</param>
/// <param name="MeanBootHigh">Upper end of that interval (the 97.5% quantile of the resampled means).</param>
/// <remarks>
/// <para>Quantiles use linear interpolation between order statistics: R's type 7, numpy's default
/// (<c>method="linear"</c>). For sorted values <c>x[0..n)</c> and probability <c>p</c>, with <c>h = (n − 1)·p</c>,
/// the quantile is <c>x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋])</c>.</para>
/// <para>Edge cases: with <c>N = 0</c> every statistic is NaN. With <c>N = 1</c> the mean and the quantiles are
/// the value itself, while <see cref="Sd"/>, <see cref="MeanCiLow"/> and <see cref="MeanCiHigh"/> are NaN (a
/// spread cannot be estimated from one value). Infinite values are not excluded; a metric should never be one.</para>
/// <para>The mean and variance use Welford's updates, so values with a large common offset (1e9 plus small noise)
/// keep their spread, and a constant vector gets its value as the mean and exactly 0 as the standard deviation.</para>
/// <para>Two interval pairs answer two questions. <c>[Q025, Q975]</c> (percentile) and <c>[NormalLow, NormalHigh]</c>
/// (normal) describe where one replication — one simulated year — falls; they do not shrink with more replications.
/// <c>[MeanCiLow, MeanCiHigh]</c> (normal) and <c>[MeanBootLow, MeanBootHigh]</c> (percentile bootstrap) describe
/// the Monte Carlo uncertainty of the mean and shrink like 1/√n. The bootstrap draws come from the stream passed in,
/// so a summary is reproducible; it needs n ≥ 2 (NaN otherwise) and costs <see cref="BootstrapResamples"/> · n
/// draws.</para>
/// </remarks>
public sealed record MetricSummary(
    int N,
    int Missing,
    double Mean,
    double Sd,
    double Q025,
    double Q50,
    double Q975,
    double MeanCiLow,
    double MeanCiHigh,
    double NormalLow = double.NaN,
    double NormalHigh = double.NaN,
    double MeanBootLow = double.NaN,
    double MeanBootHigh = double.NaN)
{
    /// <summary>Resamples of the percentile bootstrap of the mean.</summary>
    public const int BootstrapResamples = 1000;

    /// <summary>The 97.5% quantile of the standard normal distribution, z in <c>mean ± z·sd/√n</c>.</summary>
    public const double NormalQuantile975 = 1.959963984540054;

    /// <summary>Summarises <paramref name="values"/>, skipping and counting NaN; the bootstrap uses a fixed stream
    /// (<see cref="Stage.Bootstrap"/> of seed 0).</summary>
    public static MetricSummary Compute(ReadOnlySpan<double> values)
    {
        var stream = RandomStream.For(0, 0, Stage.Bootstrap);
        return Compute(values, ref stream);
    }

    /// <summary>Summarises <paramref name="values"/>, skipping and counting NaN, drawing the bootstrap resamples
    /// from <paramref name="bootstrap"/>.</summary>
    /// <remarks>Allocates the non-NaN values (sorted for the quantiles) and the resampled means; the input is not
    /// modified.</remarks>
    public static MetricSummary Compute(ReadOnlySpan<double> values, ref RandomStream bootstrap, int resamples = BootstrapResamples)
    {
        Preconditions.Check(resamples >= 1, nameof(resamples), "at least one resample is needed");
        var sorted = new double[values.Length];
        var n = 0;
        foreach (var v in values)
            if (!double.IsNaN(v)) sorted[n++] = v;
        var missing = values.Length - n;
        if (n == 0)
            return new(0, missing, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

        var present = sorted.AsSpan(0, n);
        var mean = 0.0;
        var sumSquares = 0.0;
        for (var i = 0; i < present.Length; i++)
        {
            var delta = present[i] - mean;
            mean += delta / (i + 1);
            sumSquares += delta * (present[i] - mean);
        }
        var sd = n > 1 ? Math.Sqrt(sumSquares / (n - 1)) : double.NaN;
        var halfWidth = NormalQuantile975 * sd / Math.Sqrt(n);
        var (bootLow, bootHigh) = n > 1 ? BootstrapMeanInterval(present, mean, sd, ref bootstrap, resamples) : (double.NaN, double.NaN);

        present.Sort();
        return new(
            n,
            missing,
            mean,
            sd,
            Quantile(present, 0.025),
            Quantile(present, 0.5),
            Quantile(present, 0.975),
            mean - halfWidth,
            mean + halfWidth,
            mean - NormalQuantile975 * sd,
            mean + NormalQuantile975 * sd,
            bootLow,
            bootHigh);
    }

    /// <summary>The percentile-bootstrap 95% interval of the mean of <paramref name="values"/> (n ≥ 2), in the
    /// values' given order so that the draws do not depend on sorting.</summary>
    private static (double Low, double High) BootstrapMeanInterval(
        ReadOnlySpan<double> values, double mean, double sd, ref RandomStream stream, int resamples)
    {
        // Every resample of a constant vector has that constant as its mean; skip the draws.
        if (sd == 0) return (mean, mean);
        var means = new double[resamples];
        var n = values.Length;
        for (var b = 0; b < resamples; b++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++) sum += values[stream.NextInt(n)];
            means[b] = sum / n;
        }
        Array.Sort(means);
        return (Quantile(means, 0.025), Quantile(means, 0.975));
    }

    /// <summary>The type-7 quantile of non-empty sorted values.</summary>
    internal static double Quantile(ReadOnlySpan<double> sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        if (lo + 1 >= sorted.Length) return sorted[^1];
        var fraction = h - lo;
        return fraction == 0 ? sorted[lo] : sorted[lo] + fraction * (sorted[lo + 1] - sorted[lo]);
    }
}
