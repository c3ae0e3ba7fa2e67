namespace Simulation.Core.Metrics;

/// <summary>
/// Theil's information-theory index H over units (schools) and groups, and the mutual information M it normalises.
/// </summary>
/// <remarks>
/// <para><c>M = Σ_u Σ_g p_ug ln(p_ug / (p_u p_g))</c> (natural logarithm), <c>E = −Σ_g P_g ln P_g</c> the entropy of
/// the district's group marginal, and <c>H = M / E = Σ_u (t_u/T)(E − E_u)/E</c>. H lies in [0, 1] and does not depend
/// on the logarithm base.</para>
/// <para>Degenerate inputs: no students or a single group present (E = 0) give NaN.</para>
/// </remarks>
public static class TheilIndex
{
    /// <summary>Mutual information M (nats).</summary>
    public static double MutualInformation(ReadOnlySpan<int> counts, int groups)
    {
        Preconditions.Check(groups > 0 && counts.Length % groups == 0, nameof(counts), "counts must be units × groups");
        var units = counts.Length / groups;
        Span<double> groupTotals = stackalloc double[groups];
        var total = SumGroups(counts, groupTotals);
        if (total <= 0) return double.NaN;
        double m = 0;
        for (var u = 0; u < units; u++)
        {
            double t = 0;
            for (var g = 0; g < groups; g++) t += counts[u * groups + g];
            if (t <= 0) continue;
            for (var g = 0; g < groups; g++)
            {
                double c = counts[u * groups + g];
                if (c <= 0) continue;
                m += c / total * Math.Log(c * total / (t * groupTotals[g]));
            }
        }
        return m;
    }

    /// <summary>Entropy (nats) of the group marginal.</summary>
    public static double GroupEntropy(ReadOnlySpan<int> counts, int groups)
    {
        Span<double> groupTotals = stackalloc double[groups];
        var total = SumGroups(counts, groupTotals);
        if (total <= 0) return double.NaN;
        double e = 0;
        for (var g = 0; g < groups; g++)
            if (groupTotals[g] > 0)
            {
                var p = groupTotals[g] / total;
                e -= p * Math.Log(p);
            }
        return e;
    }

    /// <summary>Theil's H = M / E.</summary>
    public static double H(ReadOnlySpan<int> counts, int groups)
    {
        var e = GroupEntropy(counts, groups);
        if (!(e > 0)) return double.NaN;
        var h = MutualInformation(counts, groups) / e;
        return Math.Max(0, h);
    }

    /// <summary>Fills <paramref name="groupTotals"/> with the column sums and returns the grand total.</summary>
    private static double SumGroups(ReadOnlySpan<int> counts, Span<double> groupTotals)
    {
        double total = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            groupTotals[i % groupTotals.Length] += counts[i];
            total += counts[i];
        }
        return total;
    }
}
