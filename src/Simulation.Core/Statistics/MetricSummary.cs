namespace Simulation.Core.Statistics;

/// <summary>
/// The Monte Carlo summary of one metric over the replications of one scenario: count, mean, sample standard
/// deviation, a normal 95% interval for the mean and the 2.5%, 50% and 97.5% quantiles.
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
/// <remarks>
/// <para>Quantiles use linear interpolation between order statistics: R's type 7, numpy's default
/// (<c>method="linear"</c>). For sorted values <c>x[0..n)</c> and probability <c>p</c>, with <c>h = (n − 1)·p</c>,
/// the quantile is <c>x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋])</c>.</para>
/// <para>Edge cases: with <c>N = 0</c> every statistic is NaN. With <c>N = 1</c> the mean and the quantiles are
/// the value itself, while <see cref="Sd"/>, <see cref="MeanCiLow"/> and <see cref="MeanCiHigh"/> are NaN (a
/// spread cannot be estimated from one value). Infinite values are not excluded; a metric should never be one.</para>
/// <para>The mean and variance use Welford's updates, so values with a large common offset (1e9 plus small noise)
/// keep their spread, and a constant vector gets its value as the mean and exactly 0 as the standard deviation.</para>
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
    double MeanCiHigh)
{
    /// <summary>The 97.5% quantile of the standard normal distribution, z in <c>mean ± z·sd/√n</c>.</summary>
    public const double NormalQuantile975 = 1.959963984540054;

    /// <summary>Summarises <paramref name="values"/>, skipping and counting NaN.</summary>
    /// <remarks>Allocates one array of the non-NaN values (sorted for the quantiles); the input is not modified.</remarks>
    public static MetricSummary Compute(ReadOnlySpan<double> values)
    {
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
            mean + halfWidth);
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
