namespace Simulation.Core.Metrics;

/// <summary>
/// Representativeness: the share of units, and of students, in units whose share of a group is within ±X
/// percentage points of the group's overall share.
/// </summary>
/// <remarks>
/// <para>A non-empty unit u is representative of group g for band X when <c>|p_ug − P_g| ≤ X / 100</c> (inclusive).
/// It is representative of all groups when that holds for every group. The unit share divides by the number of
/// non-empty units; the student share by T. Empty units are neither counted nor representative.</para>
/// <para>The test is made in exact arithmetic, <c>100·|c_ug T − t_u G_g| ≤ X t_u T</c> on integers, so a unit
/// exactly on the bound (20% against 10% with X = 10) is inside whatever the binary rounding of 0.2 − 0.1 — exact
/// as long as X is a whole number of points and <c>X t_u T &lt; 2^53</c>.</para>
/// <para>Degenerate inputs: no students gives NaN shares. The usual bands are 10 and 15 points
/// (<see cref="DefaultBands"/>).</para>
/// </remarks>
public static class Representativeness
{
    /// <summary>The default bands, in percentage points.</summary>
    public static IReadOnlyList<double> DefaultBands { get; } = [10, 15];

    /// <summary>Fills, per group, the share of units and of students in representative units; returns the same pair
    /// for units representative of every group.</summary>
    /// <param name="band">X, in percentage points, in [0, 100].</param>
    public static (double UnitShare, double StudentShare) Compute(
        ReadOnlySpan<int> counts, int groups, double band, Span<double> unitShares, Span<double> studentShares)
    {
        var units = CountMatrix.Units(counts, groups);
        Preconditions.Check(band is >= 0 and <= 100, nameof(band), "the band is in percentage points, within [0, 100]");
        Preconditions.Check(unitShares.Length == groups && studentShares.Length == groups, nameof(unitShares), "one share per group");
        Span<long> groupTotals = stackalloc long[groups];
        long total = 0;
        for (var i = 0; i < counts.Length; i += groups)
            for (var g = 0; g < groups; g++)
            {
                groupTotals[g] += counts[i + g];
                total += counts[i + g];
            }
        unitShares.Clear();
        studentShares.Clear();
        long nonEmpty = 0, allUnits = 0, allStudents = 0;
        for (var u = 0; u < units; u++)
        {
            var row = counts.Slice(u * groups, groups);
            long t = 0;
            foreach (var c in row) t += c;
            if (t == 0) continue;
            nonEmpty++;
            var limit = band * (double)(t * total);
            var all = true;
            for (var g = 0; g < groups; g++)
            {
                if (100.0 * Math.Abs(row[g] * total - t * groupTotals[g]) <= limit)
                {
                    unitShares[g]++;
                    studentShares[g] += t;
                }
                else all = false;
            }
            if (!all) continue;
            allUnits++;
            allStudents += t;
        }
        if (total == 0)
        {
            unitShares.Fill(double.NaN);
            studentShares.Fill(double.NaN);
            return (double.NaN, double.NaN);
        }
        for (var g = 0; g < groups; g++)
        {
            unitShares[g] /= nonEmpty;
            studentShares[g] /= total;
        }
        return ((double)allUnits / nonEmpty, (double)allStudents / total);
    }
}
