namespace Simulation.Core.Metrics;

/// <summary>
/// The dissimilarity index over units (schools) and groups, from a unit × group count matrix.
/// </summary>
/// <remarks>
/// <para>Multigroup form (Reardon &amp; Firebaugh 2002): <c>D = Σ_u Σ_g t_u |p_ug − P_g| / (2 T I)</c> with
/// <c>I = Σ_g P_g (1 − P_g)</c>. With two groups it equals Duncan's index <c>½ Σ_u |a_u/A − b_u/B|</c>.</para>
/// <para>Degenerate inputs: no students, or only one group present (I = 0), give NaN — callers report it as a
/// missing value, never as 0.</para>
/// </remarks>
public static class DissimilarityIndex
{
    /// <param name="counts">Row-major unit × group counts (<c>unit * groups + group</c>).</param>
    public static double Compute(ReadOnlySpan<int> counts, int groups)
    {
        Preconditions.Check(groups > 0 && counts.Length % groups == 0, nameof(counts), "counts must be units × groups");
        var units = counts.Length / groups;
        Span<double> groupTotals = stackalloc double[groups];
        double total = 0;
        for (var u = 0; u < units; u++)
            for (var g = 0; g < groups; g++)
            {
                groupTotals[g] += counts[u * groups + g];
                total += counts[u * groups + g];
            }
        if (total <= 0) return double.NaN;
        double interaction = 0;
        for (var g = 0; g < groups; g++)
        {
            var p = groupTotals[g] / total;
            interaction += p * (1 - p);
        }
        if (interaction <= 0) return double.NaN;
        double sum = 0;
        for (var u = 0; u < units; u++)
        {
            double t = 0;
            for (var g = 0; g < groups; g++) t += counts[u * groups + g];
            if (t <= 0) continue;
            for (var g = 0; g < groups; g++)
                sum += Math.Abs(counts[u * groups + g] - t * groupTotals[g] / total);
        }
        return sum / (2 * total * interaction);
    }
}
