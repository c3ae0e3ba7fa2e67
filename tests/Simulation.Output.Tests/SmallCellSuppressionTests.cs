using Simulation.Output.Privacy;

namespace Simulation.Output.Tests;

public sealed class SmallCellSuppressionTests
{
    [Fact]
    public void Mask_OneSmallCell_HidesItsRowPartnerAndARectangleThroughTheSmallestOtherSchool()
    {
        // school × (ed, not_ed), threshold 5:
        //   A  50 20          A  50 20
        //   B  10 60    →     B   ·  ·    (column complement: smallest ed count, then its row partner)
        //   C   3 15          C   ·  ·    (primary 3, row partner 15)
        var hidden = SmallCellSuppression.Mask([50, 20, 10, 60, 3, 15], schools: 3, groups: 2, threshold: 5);

        Assert.Equal([false, false, true, true, true, true], hidden);
    }

    [Fact]
    public void Mask_NoSmallCell_HidesNothing()
    {
        Assert.All(SmallCellSuppression.Mask([5, 6, 7, 8], 2, 2, threshold: 5), Assert.False);
    }

    [Fact]
    public void Mask_ZeroCounts_AreSmallCells()
    {
        // A zero says "nobody of this group": it is hidden like any count under the threshold.
        var hidden = SmallCellSuppression.Mask([0, 40, 30, 30], 2, 2, threshold: 1);

        Assert.Equal([true, true, true, true], hidden);
    }

    [Fact]
    public void Mask_ThreeGroups_RowWithTwoSmallCellsNeedsNoRowComplement()
    {
        // A: 2, 3, 95 — two primaries in the row already; columns 0 and 1 each have one hidden cell, so the row
        // with the smallest count in each (B) gives complements, which close B's row as well.
        var hidden = SmallCellSuppression.Mask([2, 3, 95, 40, 41, 19, 60, 70, 80], 3, 3, threshold: 5);

        Assert.Equal([true, true, false, true, true, false, false, false, false], hidden);
    }

    [Fact]
    public void Mask_RandomTables_EveryRowAndColumnHasNoneOrAtLeastTwoHiddenCellsAndEverySmallCellIsHidden()
    {
        var random = new Random(12345);
        for (var trial = 0; trial < 500; trial++)
        {
            int schools = random.Next(1, 9), groups = random.Next(2, 5), threshold = random.Next(1, 12);
            var counts = Enumerable.Range(0, schools * groups).Select(_ => random.Next(0, 40)).ToArray();

            var hidden = SmallCellSuppression.Mask(counts, schools, groups, threshold);

            for (var i = 0; i < counts.Length; i++)
                if (counts[i] < threshold) Assert.True(hidden[i]);
            for (var s = 0; s < schools; s++)
                Assert.NotEqual(1, Enumerable.Range(0, groups).Count(g => hidden[s * groups + g]));
            if (schools > 1)
                for (var g = 0; g < groups; g++)
                    Assert.NotEqual(1, Enumerable.Range(0, schools).Count(s => hidden[s * groups + g]));
        }
    }
}
