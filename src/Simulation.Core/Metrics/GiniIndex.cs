namespace Simulation.Core.Metrics;

/// <summary>
/// The Gini segregation index over units and groups, from a unit × group count matrix, in O(K·U log U).
/// </summary>
/// <remarks>
/// <para>Multigroup form (Reardon &amp; Firebaugh 2002): <c>G = Σ_g Σ_i Σ_j t_i t_j |p_ig − p_jg| / (2 T² I)</c> with
/// <c>p_ig</c> the share of group g in unit i, <c>I = Σ_g P_g (1 − P_g)</c>. With two groups it is the two-group
/// Gini of PySAL's <c>Gini</c> (<c>Σ_i Σ_j t_i t_j |p_i − p_j| / (2 T² P (1 − P))</c>). For one group against the
/// rest or a named pair, pass <see cref="CountMatrix.OneVersusRest"/> or <see cref="CountMatrix.Pair(ReadOnlySpan{int}, int, int, int)"/>.</para>
/// <para>The double sum is computed exactly from sorted shares: with units ordered by <c>p_ig</c>,
/// <c>Σ_{j&lt;i} t_i t_j (p_i − p_j) = c_i W_i − t_i S_i</c> where <c>W_i</c>, <c>S_i</c> are the running totals of
/// students and of group members before unit i — integers, so every term is exact.</para>
/// <para>Degenerate inputs as <see cref="DissimilarityIndex"/>: no students or a single group present give NaN;
/// empty units are ignored; one unit gives 0.</para>
/// </remarks>
public static class GiniIndex
{
    /// <summary>The multigroup Gini index (allocates its sort buffers).</summary>
    public static double Compute(ReadOnlySpan<int> counts, int groups)
    {
        var units = CountMatrix.Units(counts, groups);
        Span<double> groupTotals = stackalloc double[groups];
        Span<double> pairSums = stackalloc double[groups];
        var total = CountMatrix.GroupTotals(counts, groups, groupTotals);
        PairSums(counts, groups, new double[units], new long[units], pairSums);
        return FromPairSums(pairSums, groupTotals, total);
    }

    /// <summary>Fills <paramref name="pairSums"/>[g] with <c>Σ_{i&lt;j} t_i t_j |p_ig − p_jg|</c>.</summary>
    /// <param name="keys">Scratch, at least one element per unit.</param>
    /// <param name="items">Scratch, at least one element per unit.</param>
    internal static void PairSums(ReadOnlySpan<int> counts, int groups, Span<double> keys, Span<long> items, Span<double> pairSums)
    {
        var units = counts.Length / groups;
        for (var g = 0; g < groups; g++)
        {
            var n = 0;
            for (var u = 0; u < units; u++)
            {
                var row = counts.Slice(u * groups, groups);
                var t = 0;
                foreach (var c in row) t += c;
                if (t == 0) continue;
                var x = row[g];
                keys[n] = (double)x / t;
                items[n] = ((long)x << 32) | (uint)t;
                n++;
            }
            keys[..n].Sort(items[..n]);
            double sum = 0;
            long students = 0, members = 0;
            for (var i = 0; i < n; i++)
            {
                var x = items[i] >> 32;
                var t = items[i] & 0xFFFFFFFFL;
                sum += (double)(x * students) - (double)(t * members);
                students += t;
                members += x;
            }
            pairSums[g] = sum;
        }
    }

    internal static double FromPairSums(ReadOnlySpan<double> pairSums, ReadOnlySpan<double> groupTotals, double total)
    {
        if (total <= 0) return double.NaN;
        double interaction = 0, sum = 0;
        for (var g = 0; g < groupTotals.Length; g++)
        {
            var p = groupTotals[g] / total;
            interaction += p * (1 - p);
            sum += pairSums[g];
        }
        return interaction > 0 ? sum / (total * total * interaction) : double.NaN;
    }
}
