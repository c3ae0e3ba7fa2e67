namespace Simulation.Core.Statistics;

/// <summary>
/// The Wilson score interval for a binomial proportion (Wilson 1927): the set of p for which
/// |k/n − p| ≤ z·√(p(1 − p)/n). Unlike the Wald interval it stays inside [0, 1] and is not degenerate at 0 or n
/// successes (20 of 20 gives [0.839, 1], not [1, 1]), which matters for compliance probabilities near 1.
/// </summary>
public static class ProportionInterval
{
    /// <summary>The 95% Wilson interval of <paramref name="successes"/> out of <paramref name="trials"/>; (NaN, NaN)
    /// without trials.</summary>
    public static (double Low, double High) Wilson(long successes, long trials, double z = MetricSummary.NormalQuantile975)
    {
        Preconditions.Check(successes >= 0 && successes <= trials, nameof(successes), "successes must lie in [0, trials]");
        if (trials == 0) return (double.NaN, double.NaN);
        var n = (double)trials;
        var p = successes / n;
        var z2 = z * z;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // Exact ends at 0 and n successes (rounding could otherwise leave 1e-17 outside).
        var low = successes == 0 ? 0 : Math.Max(0, centre - half);
        var high = successes == trials ? 1 : Math.Min(1, centre + half);
        return (low, high);
    }
}
