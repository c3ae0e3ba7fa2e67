namespace Simulation.Core.Metrics;

/// <summary>
/// Operations on a unit × group count matrix stored row-major (<c>counts[unit * groups + group]</c>), the input of
/// every integration index: marginals, two-group views (a named pair, one group against the rest), aggregation of
/// units into nesting units (schools into districts) and transposition (swapping the roles of units and groups).
/// </summary>
/// <remarks>Counts are non-negative; a unit whose counts are all zero is an empty unit and every index ignores it.
/// The methods that return arrays allocate; the ones that take a destination span do not. Thread-safe (stateless).</remarks>
public static class CountMatrix
{
    /// <summary>Checks the shape and returns the number of units.</summary>
    /// <exception cref="ArgumentException"><paramref name="groups"/> is not positive or does not divide the length.</exception>
    public static int Units(ReadOnlySpan<int> counts, int groups)
    {
        Preconditions.Check(groups > 0 && counts.Length % groups == 0, nameof(counts), "counts must be units × groups");
        return counts.Length / groups;
    }

    /// <summary>Fills <paramref name="groupTotals"/> (length <paramref name="groups"/>) with column sums and returns
    /// the grand total.</summary>
    public static double GroupTotals(ReadOnlySpan<int> counts, int groups, Span<double> groupTotals)
    {
        Units(counts, groups);
        Preconditions.Check(groupTotals.Length == groups, nameof(groupTotals), "one total per group");
        groupTotals.Clear();
        double total = 0;
        for (var i = 0; i < counts.Length; i += groups)
            for (var g = 0; g < groups; g++)
            {
                groupTotals[g] += counts[i + g];
                total += counts[i + g];
            }
        return total;
    }

    /// <summary>The students of one unit.</summary>
    public static int UnitTotal(ReadOnlySpan<int> counts, int groups, int unit)
    {
        var t = 0;
        foreach (var c in counts.Slice(unit * groups, groups)) t += c;
        return t;
    }

    /// <summary>The two columns <paramref name="a"/>, <paramref name="b"/> (in that order); other groups are
    /// dropped, so a unit's total becomes <c>a_u + b_u</c>.</summary>
    public static int[] Pair(ReadOnlySpan<int> counts, int groups, int a, int b)
    {
        var result = new int[Units(counts, groups) * 2];
        Pair(counts, groups, a, b, result);
        return result;
    }

    /// <inheritdoc cref="Pair(ReadOnlySpan{int}, int, int, int)"/>
    public static void Pair(ReadOnlySpan<int> counts, int groups, int a, int b, Span<int> destination)
    {
        var units = Units(counts, groups);
        CheckGroup(a, groups, nameof(a));
        CheckGroup(b, groups, nameof(b));
        Preconditions.Check(a != b, nameof(b), "a pair needs two different groups");
        Preconditions.Check(destination.Length == units * 2, nameof(destination), "destination must be units × 2");
        for (var u = 0; u < units; u++)
        {
            destination[2 * u] = counts[u * groups + a];
            destination[2 * u + 1] = counts[u * groups + b];
        }
    }

    /// <summary>Group <paramref name="group"/> (column 0) against all other students (column 1); unit totals are
    /// unchanged.</summary>
    public static int[] OneVersusRest(ReadOnlySpan<int> counts, int groups, int group)
    {
        var units = Units(counts, groups);
        CheckGroup(group, groups, nameof(group));
        var result = new int[units * 2];
        for (var u = 0; u < units; u++)
        {
            var x = counts[u * groups + group];
            result[2 * u] = x;
            result[2 * u + 1] = UnitTotal(counts, groups, u) - x;
        }
        return result;
    }

    /// <summary>Sums units into the nesting units they belong to (schools into districts).</summary>
    /// <param name="parentOfUnit">For each unit, its nesting unit in [0, <paramref name="parents"/>).</param>
    /// <returns>A <paramref name="parents"/> × groups count matrix.</returns>
    public static int[] Aggregate(ReadOnlySpan<int> counts, int groups, ReadOnlySpan<int> parentOfUnit, int parents)
    {
        var units = Units(counts, groups);
        Preconditions.Check(parentOfUnit.Length == units, nameof(parentOfUnit), "one nesting unit per unit");
        var result = new int[parents * groups];
        for (var u = 0; u < units; u++)
        {
            var s = parentOfUnit[u];
            Preconditions.Check((uint)s < (uint)parents, nameof(parentOfUnit), $"unit {u}: nesting unit {s} is outside [0, {parents})");
            for (var g = 0; g < groups; g++) result[s * groups + g] += counts[u * groups + g];
        }
        return result;
    }

    /// <summary>The group × unit matrix: units become groups and groups units (the R package's swapped roles).</summary>
    public static int[] Transpose(ReadOnlySpan<int> counts, int groups)
    {
        var units = Units(counts, groups);
        var result = new int[counts.Length];
        for (var u = 0; u < units; u++)
            for (var g = 0; g < groups; g++)
                result[g * units + u] = counts[u * groups + g];
        return result;
    }

    internal static void CheckGroup(int group, int groups, string name)
    {
        if ((uint)group >= (uint)groups) throw new ArgumentOutOfRangeException(name, group, $"must lie in [0, {groups})");
    }
}
