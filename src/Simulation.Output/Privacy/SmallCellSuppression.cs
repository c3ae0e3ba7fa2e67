using Simulation.Core;

namespace Simulation.Output.Privacy;

/// <summary>
/// Small-cell suppression of one replication's school × group enrollment table, for datasets meant for public
/// release (<c>schoolsim run --suppress-below N</c>; rules in docs/outputs.md).
/// </summary>
/// <remarks>
/// <para><b>Primary cells</b>: every count below the threshold, zero included (a published zero says "nobody of this
/// group", which is itself a small-cell disclosure).</para>
/// <para><b>Complementary cells</b>: the dataset also publishes each school's total (<c>enrolled</c>, row margins)
/// and each group's district total (<c>students_&lt;group&gt;</c> in the replications table, column margins). A row or
/// column with exactly one hidden cell gives that cell back by subtraction, so the smallest visible cell of such a row
/// or column is hidden too, until every row and every column has none or at least two hidden cells. Hiding only
/// adds cells, so this ends after at most (schools × groups) additions.</para>
/// <para>This prevents exact recovery by differencing against the published margins. It is not a full audit of
/// interval disclosure (the bounds an attacker can derive for a hidden cell from several equations at once); agencies
/// with such a requirement should check the output with a dedicated tool (e.g. τ-ARGUS).</para>
/// </remarks>
public static class SmallCellSuppression
{
    /// <summary>
    /// Marks the cells to hide in a school-major table of counts (<c>counts[school * groups + group]</c>).
    /// </summary>
    /// <param name="threshold">Counts strictly below this are primary cells; at least 1.</param>
    /// <returns>A mask parallel to <paramref name="counts"/>: true where the cell must be hidden.</returns>
    public static bool[] Mask(ReadOnlySpan<int> counts, int schools, int groups, int threshold)
    {
        Preconditions.Check(threshold >= 1, nameof(threshold), "the suppression threshold must be at least 1");
        Preconditions.Check(schools >= 0 && groups >= 1 && counts.Length == schools * groups, nameof(counts),
            "the table must have one count per school and group");
        var hidden = new bool[counts.Length];
        for (var i = 0; i < counts.Length; i++) hidden[i] = counts[i] < threshold;

        // One complement at a time, rows first: a column's complement is then taken, where possible, from a row that
        // already has a hidden cell, so the pattern closes as a rectangle instead of spreading over the table.
        while (true)
        {
            var fixedOne = false;
            for (var s = 0; s < schools && !fixedOne; s++)
                fixedOne = Complement(counts, hidden, schools, groups, start: s * groups, column: false);
            for (var g = 0; g < groups && !fixedOne; g++)
                fixedOne = Complement(counts, hidden, schools, groups, start: g, column: true);
            if (!fixedOne) return hidden;
        }
    }

    /// <summary>
    /// If exactly one cell of the line (a school's row, or a group's column) is hidden, hides one more. Preferred, in
    /// order: a cell whose crossing line also needs a complement (a column with exactly one hidden cell, for a row) or
    /// already has a hidden cell (a row, for a column), so one addition serves both; then the smallest count; then the
    /// first.
    /// </summary>
    private static bool Complement(ReadOnlySpan<int> counts, bool[] hidden, int schools, int groups, int start, bool column)
    {
        int stride = column ? groups : 1, length = column ? schools : groups;
        var hiddenCount = 0;
        var best = -1;
        var bestKey = (Fresh: int.MaxValue, Count: int.MaxValue);
        for (var k = 0; k < length; k++)
        {
            var i = start + k * stride;
            if (hidden[i])
            {
                hiddenCount++;
                continue;
            }
            var helps = column
                ? CountHidden(hidden, i / groups * groups, 1, groups) >= 1
                : CountHidden(hidden, i % groups, groups, schools) == 1;
            var key = (Fresh: helps ? 0 : 1, Count: counts[i]);
            if (best < 0 || key.CompareTo(bestKey) < 0)
            {
                best = i;
                bestKey = key;
            }
        }
        if (hiddenCount != 1 || best < 0) return false;
        hidden[best] = true;
        return true;
    }

    private static int CountHidden(bool[] hidden, int start, int stride, int length)
    {
        var count = 0;
        for (var k = 0; k < length; k++)
            if (hidden[start + k * stride]) count++;
        return count;
    }
}
