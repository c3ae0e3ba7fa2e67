namespace Simulation.Core.Boundaries;

/// <summary>Where a value falls within an ensemble's values of one metric (the outlier analysis).</summary>
public static class PercentileRank
{
    /// <summary>
    /// The mid-rank percentile of <paramref name="value"/> among <paramref name="ensemble"/>: 100 × (values below +
    /// ½ values equal) / n. A value below every ensemble value scores 0, above every one 100, and the median of a
    /// continuous ensemble about 50. Ties count half, so a metric that is constant over the ensemble puts an equal
    /// value at 50 rather than at either extreme. Values within 1e-12 (relative to max(1, |value|)) count as equal:
    /// incrementally updated indices of the same plan can differ from a recomputation in the last bits.
    /// </summary>
    /// <returns>NaN when the ensemble is empty.</returns>
    public static double Of(ReadOnlySpan<double> ensemble, double value)
    {
        if (ensemble.Length == 0) return double.NaN;
        long below = 0, equal = 0;
        var tolerance = 1e-12 * Math.Max(1, Math.Abs(value));
        foreach (var x in ensemble)
        {
            if (Math.Abs(x - value) <= tolerance) equal++;
            else if (x < value) below++;
        }
        return 100.0 * (below + 0.5 * equal) / ensemble.Length;
    }
}
