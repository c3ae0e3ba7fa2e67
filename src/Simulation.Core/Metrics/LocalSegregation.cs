namespace Simulation.Core.Metrics;

/// <summary>
/// Local segregation scores: each unit's and each group's contribution to the mutual information index M.
/// </summary>
/// <remarks>
/// <para>Per unit (the R package's <c>mutual_local(d, group, unit)</c>): <c>ls_u = Σ_g p(g|u) ln(p(g|u) / P_g)</c>,
/// how far the unit's composition is from the overall one, with weight <c>p_u = t_u / T</c>. Per group
/// (<c>mutual_local(d, unit, group)</c>, roles swapped): <c>ls_g = Σ_u p(u|g) ln(p(u|g) / p_u)</c>, how unevenly
/// the group is spread over units, with weight <c>P_g</c>. Both weightings add up to M:
/// <c>Σ_u p_u ls_u = Σ_g P_g ls_g = M</c>.</para>
/// <para>Degenerate inputs: an empty unit (or a group with no students) gets weight 0 and score NaN: it has no
/// composition (no distribution over units). Natural logarithms.</para>
/// </remarks>
public static class LocalSegregation
{
    /// <summary>Fills the per-unit scores and weights (one element per unit).</summary>
    public static void ByUnit(ReadOnlySpan<int> counts, int groups, Span<double> scores, Span<double> weights)
    {
        var units = CountMatrix.Units(counts, groups);
        Preconditions.Check(scores.Length == units && weights.Length == units, nameof(scores), "one score and weight per unit");
        Span<double> groupTotals = stackalloc double[groups];
        var total = CountMatrix.GroupTotals(counts, groups, groupTotals);
        for (var u = 0; u < units; u++)
        {
            var row = counts.Slice(u * groups, groups);
            double t = 0;
            foreach (var c in row) t += c;
            if (t == 0)
            {
                scores[u] = double.NaN;
                weights[u] = 0;
                continue;
            }
            double ls = 0;
            for (var g = 0; g < groups; g++)
                if (row[g] > 0)
                    ls += row[g] / t * Math.Log(row[g] * total / (t * groupTotals[g]));
            scores[u] = Math.Max(0, ls);
            weights[u] = t / total;
        }
    }

    /// <summary>Fills the per-group scores and weights (one element per group).</summary>
    public static void ByGroup(ReadOnlySpan<int> counts, int groups, Span<double> scores, Span<double> weights)
    {
        var units = CountMatrix.Units(counts, groups);
        Preconditions.Check(scores.Length == groups && weights.Length == groups, nameof(scores), "one score and weight per group");
        Span<double> groupTotals = stackalloc double[groups];
        var total = CountMatrix.GroupTotals(counts, groups, groupTotals);
        scores.Clear();
        for (var u = 0; u < units; u++)
        {
            var row = counts.Slice(u * groups, groups);
            double t = 0;
            foreach (var c in row) t += c;
            for (var g = 0; g < groups; g++)
                if (row[g] > 0)
                    scores[g] += row[g] / groupTotals[g] * Math.Log(row[g] * total / (t * groupTotals[g]));
        }
        for (var g = 0; g < groups; g++)
        {
            weights[g] = total > 0 ? groupTotals[g] / total : 0;
            scores[g] = groupTotals[g] > 0 ? Math.Max(0, scores[g]) : double.NaN;
        }
    }
}
