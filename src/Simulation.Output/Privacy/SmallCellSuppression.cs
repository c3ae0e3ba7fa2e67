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

        var changed = true;
        while (changed)
        {
            changed = false;
            for (var s = 0; s < schools; s++)
                changed |= Complement(counts, hidden, start: s * groups, stride: 1, length: groups);
            for (var g = 0; g < groups; g++)
                changed |= Complement(counts, hidden, start: g, stride: groups, length: schools);
        }
        return hidden;
    }

    /// <summary>If exactly one cell of the line is hidden, hides its smallest visible cell (the first on ties).</summary>
    private static bool Complement(ReadOnlySpan<int> counts, bool[] hidden, int start, int stride, int length)
    {
        var hiddenCount = 0;
        var smallest = -1;
        for (var k = 0; k < length; k++)
        {
            var i = start + k * stride;
            if (hidden[i]) hiddenCount++;
            else if (smallest < 0 || counts[i] < counts[smallest]) smallest = i;
        }
        if (hiddenCount != 1 || smallest < 0) return false;
        hidden[smallest] = true;
        return true;
    }
}
