namespace Simulation.Core.Metrics;

/// <summary>
/// The change of the mutual information index M between two tables (two years, two scenarios) decomposed as in Elbers
/// (2023) and R's <c>segregation::mutual_difference(…, method = "shapley")</c>:
/// <c>M2 − M1 = additions + removals + group_marginal + unit_marginal + structural</c>.
/// </summary>
/// <param name="M1">M of the first table.</param>
/// <param name="M2">M of the second table.</param>
/// <param name="Additions">M2 minus M of the second table restricted to the overlap (units and groups with students
/// in both tables): what units and groups that exist only in the second table add.</param>
/// <param name="Removals">M of the first table restricted to the overlap minus M1.</param>
/// <param name="GroupMarginal">Shapley share of the change in the group marginal (overlap only).</param>
/// <param name="UnitMarginal">Shapley share of the change in the unit marginal.</param>
/// <param name="Structural">Shapley share of the change in the association that remains with both marginals
/// fixed.</param>
public sealed record MutualInformationChange(
    double M1,
    double M2,
    double Additions,
    double Removals,
    double GroupMarginal,
    double UnitMarginal,
    double Structural)
{
    /// <summary>M2 − M1.</summary>
    public double Difference => M2 - M1;
}

/// <summary>
/// Options of the iterative proportional fitting behind <see cref="MutualInformationDifference.Shapley"/>.
/// </summary>
/// <param name="Precision">Convergence: every group share and every unit share of the fitted table within this
/// absolute distance of its target share (checked after each half-step).</param>
/// <param name="MaxIterations">Rounds (a column and a row half-step each) before giving up.</param>
/// <param name="RowsFirst">Per counterfactual table, in the order g₂u₂s₁, g₁u₂s₁, g₂u₁s₁, g₁u₁s₂, g₂u₁s₂, g₁u₂s₂
/// (R's d_BBA, d_ABA, d_BAA, d_AAB, d_BAB, d_ABB): start with a row half-step instead of a column one. Null: columns
/// first everywhere.</param>
/// <remarks>With a tight precision the fitted table is the unique IPF limit and neither the start nor the order
/// matters. <see cref="RSegregation11"/> reproduces R <c>segregation</c> 1.1: tolerance 0.001, 100 rounds, and a
/// first row half-step that scales rows by the source's over the target's unit shares (its initial unit shares are
/// read from the target table) — a no-op unless only the group marginal is fitted. R picks each start at random
/// (<c>sample(2, 1)</c>), so its components move by several percent between calls at that tolerance.</remarks>
public sealed record IpfOptions(double Precision = 1e-12, int MaxIterations = 100_000, IReadOnlyList<bool>? RowsFirst = null)
{
    /// <summary>R <c>segregation</c> 1.1's defaults with the given starts.</summary>
    public static IpfOptions RSegregation11(IReadOnlyList<bool> rowsFirst) => new(0.001, 100, rowsFirst);
}

/// <summary>Decomposes a change in M (<see cref="MutualInformationChange"/>) as R <c>segregation</c>'s
/// <c>mutual_difference(…, method = "shapley")</c> does.</summary>
/// <remarks>
/// <para><b>Overlap.</b> Units and groups with students in both tables form the overlap sample; the two tables
/// restricted to it give M1ₒ and M2ₒ, so <c>additions = M2 − M2ₒ</c> and <c>removals = M1ₒ − M1</c>.</para>
/// <para><b>Counterfactuals.</b> On the overlap, <c>M(g_a, u_b, s_c)</c> is M of table c fitted by IPF to the group
/// shares of table a and the unit shares of table b. Fitting both marginals keeps the structure (the odds ratios) of
/// table c; fitting one marginal (the other target is table c's own) changes only that one.</para>
/// <para><b>Shapley.</b> Two factors, marginals and structure:
/// <c>structural = ½[M(g₁u₁s₂) − M(g₁u₁s₁)] + ½[M(g₂u₂s₂) − M(g₂u₂s₁)]</c>, marginal = the rest of M2ₒ − M1ₒ. The
/// marginal part is split by one-margin switches:
/// <c>group = ¼[M(g₂u₁s₁) − M(g₁u₁s₁) + M(g₂u₂s₁) − M(g₁u₂s₁) + M(g₂u₂s₂) − M(g₁u₂s₂) + M(g₂u₁s₂) − M(g₁u₁s₂)]</c>
/// and the unit part likewise. The five parts add up to M2 − M1 up to the IPF tolerance. Swapping the tables negates
/// every part; transposing both tables (units ↔ groups) swaps the two marginal parts.</para>
/// <para><b>Zeros.</b> As in R, a cell that is zero in the fitted table but not in the other gets 1e-10 (or a
/// thousandth of the smallest count, if smaller) before fitting, so IPF can reach the other table's margins; M of
/// the unfitted tables uses the exact counts.</para>
/// </remarks>
public static class MutualInformationDifference
{
    /// <summary>Decomposes the change from <paramref name="before"/> to <paramref name="after"/>, two unit × group
    /// count tables over the same units and groups (<c>counts[u * groups + g]</c>; a unit absent in one table has a
    /// zero row there).</summary>
    /// <exception cref="InvalidOperationException">IPF did not converge within the options' rounds.</exception>
    public static MutualInformationChange Shapley(ReadOnlySpan<double> before, ReadOnlySpan<double> after, int groups,
        IpfOptions? options = null)
    {
        options ??= new IpfOptions();
        Preconditions.Check(groups > 0, nameof(groups), "at least one group is needed");
        Preconditions.Check(before.Length == after.Length && before.Length % groups == 0, nameof(after),
            "both tables need the same units × groups cells");
        Preconditions.Check(options.RowsFirst is null || options.RowsFirst.Count == 6, nameof(options), "give six starts or none");
        var units = before.Length / groups;
        var m1 = M(before, units, groups);
        var m2 = M(after, units, groups);

        var unitIn = new List<int>();
        for (var u = 0; u < units; u++)
            if (RowSum(before, u, groups) > 0 && RowSum(after, u, groups) > 0) unitIn.Add(u);
        var groupIn = new List<int>();
        for (var g = 0; g < groups; g++)
            if (ColumnSum(before, units, groups, g) > 0 && ColumnSum(after, units, groups, g) > 0) groupIn.Add(g);
        var a = Restrict(before, groups, unitIn, groupIn);
        var b = Restrict(after, groups, unitIn, groupIn);
        int ou = unitIn.Count, og = groupIn.Count;
        var mAAA = M(a, ou, og);
        var mBBB = M(b, ou, og);

        var fill = 1e-10;
        var smallest = double.PositiveInfinity;
        foreach (var c in a) if (c > 0) smallest = Math.Min(smallest, c);
        foreach (var c in b) if (c > 0) smallest = Math.Min(smallest, c);
        if (fill > smallest) fill = smallest / 1000;
        var af = Filled(a, fill);
        var bf = Filled(b, fill);
        bool Rows(int i) => options.RowsFirst?[i] ?? false;
        var mBBA = M(Fit(af, bf, ou, og, FitMode.Both, Rows(0), options), ou, og);
        var mABA = M(Fit(af, bf, ou, og, FitMode.UnitsOnly, Rows(1), options), ou, og);
        var mBAA = M(Fit(af, bf, ou, og, FitMode.GroupsOnly, Rows(2), options), ou, og);
        var mAAB = M(Fit(bf, af, ou, og, FitMode.Both, Rows(3), options), ou, og);
        var mBAB = M(Fit(bf, af, ou, og, FitMode.UnitsOnly, Rows(4), options), ou, og);
        var mABB = M(Fit(bf, af, ou, og, FitMode.GroupsOnly, Rows(5), options), ou, og);

        var structural = .5 * (mAAB - mAAA) + .5 * (mBBB - mBBA);
        var groupMarginal = .25 * (mBAA - mAAA + (mBBA - mABA) + mBBB - mABB + (mBAB - mAAB));
        var unitMarginal = .25 * (mABA - mAAA + (mBBA - mBAA) + mBBB - mBAB + (mABB - mAAB));
        return new MutualInformationChange(m1, m2, m2 - mBBB, mAAA - m1, groupMarginal, unitMarginal, structural);
    }

    private enum FitMode { Both, UnitsOnly, GroupsOnly }

    private static double[] Filled(double[] table, double fill)
    {
        var result = (double[])table.Clone();
        for (var i = 0; i < result.Length; i++)
            if (result[i] == 0) result[i] = fill;
        return result;
    }

    /// <summary>IPF of <paramref name="source"/> towards the marginals of <paramref name="target"/> (both, or only
    /// one with the source's own as the other target), on shares; returns counts on the source's total.</summary>
    private static double[] Fit(double[] source, double[] target, int units, int groups, FitMode mode, bool rowsFirst, IpfOptions options)
    {
        var sourceTotal = source.Sum();
        var p = new double[source.Length];
        for (var i = 0; i < p.Length; i++) p[i] = source[i] / sourceTotal;
        var q = new double[target.Length];
        var targetTotal = target.Sum();
        for (var i = 0; i < q.Length; i++) q[i] = target[i] / targetTotal;

        var groupShare = new double[groups];
        var unitShare = new double[units];
        Columns(p, units, groups, groupShare);
        // R reads the initial unit shares from the target table; only a rows-first start sees the difference.
        Rows(q, units, groups, unitShare);
        var groupTarget = new double[groups];
        var unitTarget = new double[units];
        Columns(mode == FitMode.UnitsOnly ? p : q, units, groups, groupTarget);
        Rows(mode == FitMode.GroupsOnly ? p : q, units, groups, unitTarget);

        var first = rowsFirst ? 2 : 1;
        var last = 2 * (options.MaxIterations - 1 + first);
        for (var i = first; i <= last; i++)
        {
            if (i % 2 == 0)
            {
                for (var u = 0; u < units; u++)
                {
                    var f = unitTarget[u] / unitShare[u];
                    for (var g = 0; g < groups; g++) p[u * groups + g] = p[u * groups + g] * f;
                }
            }
            else
            {
                for (var u = 0; u < units; u++)
                    for (var g = 0; g < groups; g++) p[u * groups + g] = p[u * groups + g] * groupTarget[g] / groupShare[g];
            }
            var total = p.Sum();
            for (var j = 0; j < p.Length; j++) p[j] /= total;
            Columns(p, units, groups, groupShare);
            Rows(p, units, groups, unitShare);
            if (Within(groupShare, groupTarget, options.Precision) && Within(unitShare, unitTarget, options.Precision))
            {
                var fitted = new double[p.Length];
                var sum = p.Sum();
                for (var j = 0; j < p.Length; j++) fitted[j] = p[j] / sum * sourceTotal;
                return fitted;
            }
        }
        throw new InvalidOperationException($"IPF did not reach precision {options.Precision} in {options.MaxIterations} iterations");
    }

    private static bool Within(double[] actual, double[] target, double tolerance)
    {
        for (var i = 0; i < actual.Length; i++)
            if (!(Math.Abs(actual[i] - target[i]) <= tolerance)) return false;
        return true;
    }

    private static void Columns(double[] x, int units, int groups, double[] sum)
    {
        Array.Clear(sum);
        for (var u = 0; u < units; u++)
            for (var g = 0; g < groups; g++) sum[g] += x[u * groups + g];
    }

    private static void Rows(double[] x, int units, int groups, double[] sum)
    {
        for (var u = 0; u < units; u++)
        {
            var s = 0.0;
            for (var g = 0; g < groups; g++) s += x[u * groups + g];
            sum[u] = s;
        }
    }

    private static double[] Restrict(ReadOnlySpan<double> table, int groups, List<int> units, List<int> keep)
    {
        var result = new double[units.Count * keep.Count];
        for (var i = 0; i < units.Count; i++)
            for (var j = 0; j < keep.Count; j++)
                result[i * keep.Count + j] = table[units[i] * groups + keep[j]];
        return result;
    }

    private static double RowSum(ReadOnlySpan<double> t, int u, int groups)
    {
        var s = 0.0;
        for (var g = 0; g < groups; g++) s += t[u * groups + g];
        return s;
    }

    private static double ColumnSum(ReadOnlySpan<double> t, int units, int groups, int g)
    {
        var s = 0.0;
        for (var u = 0; u < units; u++) s += t[u * groups + g];
        return s;
    }

    /// <summary>M of a table of (possibly fractional) counts, natural logarithm; NaN for an empty table.</summary>
    internal static double M(ReadOnlySpan<double> t, int units, int groups)
    {
        var total = 0.0;
        var col = new double[groups];
        for (var u = 0; u < units; u++)
            for (var g = 0; g < groups; g++)
            {
                col[g] += t[u * groups + g];
                total += t[u * groups + g];
            }
        if (total <= 0) return double.NaN;
        var m = 0.0;
        for (var u = 0; u < units; u++)
        {
            var row = RowSum(t, u, groups);
            for (var g = 0; g < groups; g++)
            {
                var c = t[u * groups + g];
                if (c > 0) m += c / total * Math.Log(c * total / (row * col[g]));
            }
        }
        return m;
    }
}
