namespace Simulation.Core.Metrics;

/// <summary>
/// The between/within decomposition of the mutual information index M (and of Theil's H) when units are nested
/// in larger units: schools in districts, districts in states, schools in feeder patterns.
/// </summary>
/// <param name="Total">M over all units (nats).</param>
/// <param name="Between">M of the nesting-unit × group table: segregation between nesting units.</param>
/// <param name="Within">
/// <c>Σ_s p_s M_s</c>: segregation among units within their nesting unit, weighted by the nesting unit's share of
/// students. <c>Total = Between + Within</c> (to rounding).
/// </param>
/// <param name="Entropy">E, the entropy (nats) of the overall group marginal; the denominator of every H here.</param>
/// <param name="NestingM">Per nesting unit s: <c>M_s</c>, the index among its own units (R's <c>mutual_within</c> M).</param>
/// <param name="NestingShare">Per nesting unit: <c>p_s</c>, its share of all students.</param>
/// <param name="NestingH">Per nesting unit: <c>M_s / E_s</c> with E_s the entropy of its own group marginal.</param>
/// <param name="NestingEntropyRatio">Per nesting unit: <c>E_s / E</c>.</param>
/// <remarks>
/// <para>As in the R package <c>segregation</c> (<c>mutual_total(..., within=)</c>, <c>mutual_within</c>), the H
/// forms of the decomposition divide by the overall E: <c>HBetween = Between / E</c>, <c>HWithin = Within / E</c>,
/// so they add up to H. The within term also equals <c>Σ_s p_s (E_s / E) H_s</c>.</para>
/// <para>Degenerate inputs: a nesting unit without students has NaN M, H and entropy ratio and share 0; one whose
/// students are all of one group has M = 0 and NaN H. Without students at all every value is NaN.</para>
/// </remarks>
public sealed record NestedDecomposition(
    double Total,
    double Between,
    double Within,
    double Entropy,
    double[] NestingM,
    double[] NestingShare,
    double[] NestingH,
    double[] NestingEntropyRatio)
{
    /// <summary>Theil's H over all units, <c>Total / E</c>.</summary>
    public double TotalH => Total / Entropy;

    /// <summary><c>Between / E</c>.</summary>
    public double BetweenH => Between / Entropy;

    /// <summary><c>Within / E</c>.</summary>
    public double WithinH => Within / Entropy;

    /// <summary>Decomposes M for <paramref name="counts"/> whose unit u lies in nesting unit
    /// <paramref name="parentOfUnit"/>[u] ∈ [0, <paramref name="parents"/>).</summary>
    public static NestedDecomposition Compute(ReadOnlySpan<int> counts, int groups, ReadOnlySpan<int> parentOfUnit, int parents)
    {
        var units = CountMatrix.Units(counts, groups);
        var parentCounts = CountMatrix.Aggregate(counts, groups, parentOfUnit, parents);
        var parentTotals = new double[parents];
        for (var s = 0; s < parents; s++) parentTotals[s] = CountMatrix.UnitTotal(parentCounts, groups, s);

        var m = new double[parents];
        for (var u = 0; u < units; u++)
        {
            var s = parentOfUnit[u];
            var row = counts.Slice(u * groups, groups);
            double t = 0;
            foreach (var c in row) t += c;
            if (t == 0) continue;
            for (var g = 0; g < groups; g++)
                if (row[g] > 0)
                    m[s] += row[g] / parentTotals[s] * Math.Log(row[g] * parentTotals[s] / (t * parentCounts[s * groups + g]));
        }

        var entropy = TheilIndex.GroupEntropy(parentCounts, groups);
        double total = 0, within = 0;
        foreach (var t in parentTotals) total += t;
        var share = new double[parents];
        var h = new double[parents];
        var ratio = new double[parents];
        for (var s = 0; s < parents; s++)
        {
            if (parentTotals[s] == 0)
            {
                m[s] = h[s] = ratio[s] = double.NaN;
                continue;
            }
            m[s] = Math.Max(0, m[s]);
            share[s] = parentTotals[s] / total;
            within += share[s] * m[s];
            var es = TheilIndex.GroupEntropy(parentCounts.AsSpan(s * groups, groups), groups);
            h[s] = es > 0 ? m[s] / es : double.NaN;
            ratio[s] = es / entropy;
        }
        if (total == 0) within = double.NaN;
        return new NestedDecomposition(
            TheilIndex.MutualInformation(counts, groups),
            TheilIndex.MutualInformation(parentCounts, groups),
            within,
            entropy,
            m,
            share,
            h,
            ratio);
    }
}
