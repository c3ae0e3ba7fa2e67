namespace Simulation.Core.Metrics;

/// <summary>
/// Exposure indices from a unit × group count matrix: the directional exposure matrix, isolation, the correlation
/// ratio and normalized exposure.
/// </summary>
/// <remarks>
/// <para>Exposure of group x to group y (Bell 1954; the R package's <c>exposure</c>, key <c>x-&gt;y</c>):
/// <c>xPy = Σ_u (c_ux / G_x)(c_uy / t_u)</c>, the share of y in the unit of the average member of x. Isolation is
/// <c>xPx</c>. Identities: each row sums to 1, and <c>G_x · xPy = G_y · yPx</c>.</para>
/// <para>Correlation ratio (eta², White 1986; PySAL's <c>CorrelationR</c>): <c>V_x = (xPx − P_x) / (1 − P_x)</c>.
/// Normalized exposure (James 1986; PySAL's <c>MultiNormalizedExposure</c>):
/// <c>NE = Σ_g Σ_u t_u (p_ug − P_g)² / (T (1 − P_g)) = Σ_g P_g V_g</c>.</para>
/// <para>Degenerate inputs: a group with no students has NaN exposure row, isolation and correlation ratio (it has
/// no average member); exposure to it is 0. A group holding every student has isolation 1 and NaN correlation
/// ratio; normalized exposure is NaN without students or with a single group present. Empty units are ignored.</para>
/// </remarks>
public static class ExposureIndex
{
    /// <summary>Fills <paramref name="exposure"/> (groups × groups, row-major: <c>[x * groups + y] = xPy</c>).</summary>
    public static void Matrix(ReadOnlySpan<int> counts, int groups, Span<double> exposure)
    {
        Preconditions.Check(exposure.Length == groups * groups, nameof(exposure), "exposure must be groups × groups");
        Span<double> groupTotals = stackalloc double[groups];
        CountMatrix.GroupTotals(counts, groups, groupTotals);
        CrossSums(counts, groups, exposure);
        FromCrossSums(exposure, groupTotals);
    }

    /// <summary>The exposure matrix as a new array.</summary>
    public static double[] Matrix(ReadOnlySpan<int> counts, int groups)
    {
        var result = new double[groups * groups];
        Matrix(counts, groups, result);
        return result;
    }

    /// <summary>Isolation <c>xPx</c> of <paramref name="group"/>.</summary>
    public static double Isolation(ReadOnlySpan<int> counts, int groups, int group)
    {
        CountMatrix.CheckGroup(group, groups, nameof(group));
        return Matrix(counts, groups)[group * groups + group];
    }

    /// <summary>The correlation ratio of <paramref name="group"/> against all other students.</summary>
    public static double CorrelationRatio(ReadOnlySpan<int> counts, int groups, int group)
    {
        CountMatrix.CheckGroup(group, groups, nameof(group));
        Span<double> groupTotals = stackalloc double[groups];
        var total = CountMatrix.GroupTotals(counts, groups, groupTotals);
        return CorrelationRatio(Isolation(counts, groups, group), groupTotals[group], total);
    }

    /// <summary>Normalized exposure over all groups.</summary>
    public static double NormalizedExposure(ReadOnlySpan<int> counts, int groups)
    {
        Span<double> groupTotals = stackalloc double[groups];
        var total = CountMatrix.GroupTotals(counts, groups, groupTotals);
        var cross = new double[groups * groups];
        CrossSums(counts, groups, cross);
        return NormalizedExposure(cross, groupTotals, total);
    }

    /// <summary><c>S[x, y] = Σ_u c_ux c_uy / t_u</c>, symmetric; the common numerator of every exposure index.</summary>
    internal static void CrossSums(ReadOnlySpan<int> counts, int groups, Span<double> cross)
    {
        cross.Clear();
        var units = CountMatrix.Units(counts, groups);
        for (var u = 0; u < units; u++)
        {
            var row = counts.Slice(u * groups, groups);
            var t = 0;
            foreach (var c in row) t += c;
            if (t == 0) continue;
            var inverse = 1.0 / t;
            for (var x = 0; x < groups; x++)
            {
                if (row[x] == 0) continue;
                var w = row[x] * inverse;
                for (var y = x; y < groups; y++) cross[x * groups + y] += w * row[y];
            }
        }
        for (var x = 0; x < groups; x++)
            for (var y = 0; y < x; y++) cross[x * groups + y] = cross[y * groups + x];
    }

    /// <summary>Turns cross sums into exposures in place: divides row x by <c>G_x</c>.</summary>
    internal static void FromCrossSums(Span<double> matrix, ReadOnlySpan<double> groupTotals)
    {
        var groups = groupTotals.Length;
        for (var x = 0; x < groups; x++)
        {
            var row = matrix.Slice(x * groups, groups);
            if (groupTotals[x] <= 0)
            {
                row.Fill(double.NaN);
                continue;
            }
            for (var y = 0; y < groups; y++) row[y] /= groupTotals[x];
        }
    }

    internal static double CorrelationRatio(double isolation, double groupTotal, double total)
    {
        if (groupTotal <= 0 || groupTotal >= total) return double.NaN;
        var p = groupTotal / total;
        return (isolation - p) / (1 - p);
    }

    internal static double NormalizedExposure(ReadOnlySpan<double> cross, ReadOnlySpan<double> groupTotals, double total)
    {
        if (total <= 0) return double.NaN;
        var groups = groupTotals.Length;
        double sum = 0;
        for (var g = 0; g < groups; g++)
        {
            var n = groupTotals[g];
            if (n <= 0) continue;
            if (n >= total) return double.NaN;
            // Σ_u t_u (p_ug − P_g)² = S_gg − G_g² / T.
            sum += (cross[g * groups + g] - n * n / total) / (total - n);
        }
        return sum;
    }
}
