using Simulation.Core.Boundaries;
using Simulation.Core.Metrics;
using Simulation.Core.Randomness;
using Simulation.Testing;

namespace Simulation.Core.Tests.Boundaries;

public class PlanTests
{
    // 4×4 grid, two zones split down the middle. Column c holds (ed, not_ed) = (4 − c, c):
    //   A A B B      A: columns 0-1 → ed 4+3 per row, not 0+1 per row → 28 ed, 4 not
    //   A A B B      B: columns 2-3 → ed 2+1 per row, not 2+3 per row → 12 ed, 20 not
    //   A A B B
    //   A A B B
    private static readonly string[] Halves = ["AABB", "AABB", "AABB", "AABB"];
    private static UnitGraph HalvesGraph() => BoundaryGrids.Grid(Halves, (_, c) => 4 - c, (_, c) => c);

    [Fact]
    public void Current_HalvesGrid_HandWorkedValues()
    {
        var plan = Plan.Current(HalvesGraph());
        Assert.Equal(4, plan.CutEdges);
        Assert.Equal(32, plan.ZoneStudents(0));
        Assert.Equal(28, plan.ZoneCount(0, 0));
        Assert.Equal(20, plan.ZoneCount(1, 1));
        // D = ½ (|28/40 − 4/24| + |12/40 − 20/24|) = ½ (0.7 − 1/6 + 5/6 − 0.3) = 16/30.
        Assert.Equal(16.0 / 30, plan.Dissimilarity, 14);
        Assert.Equal(TheilIndex.H([28, 4, 12, 20], 2), plan.TheilH, 14);
        Assert.Equal(0, plan.StudentsMoved);
        // Anchors are (0,0) and (0,2); travel is Manhattan km to the anchor, per student (4 students per unit).
        long metres = 0;
        for (var r = 0; r < 4; r++)
            for (var c = 0; c < 4; c++)
                metres += 4L * 1000 * (r + (c < 2 ? c : c - 2));
        Assert.Equal(metres, plan.TravelMetres);
    }

    [Fact]
    public void Flip_OneUnit_UpdatesEveryValueAndLeavesParentUnchanged()
    {
        var parent = Plan.Current(HalvesGraph());
        var unit = parent.Graph.IndexOfUnit("1,1");
        var child = parent.Flip(unit, 1);
        // A A B B
        // A B B B   (1,1) joins B: cut edges (0,1)-(1,1), (1,0)-(1,1), (2,1)-(1,1) replace (1,1)-(1,2): 4 − 1 + 3 = 6.
        Assert.Equal(6, child.CutEdges);
        Assert.Equal(4, parent.CutEdges);
        Assert.Equal(0, parent.ZoneOf(unit));
        Assert.Equal(1, child.ZoneOf(unit));
        Assert.Equal(4, child.StudentsMoved);
        Assert.Equal([unit], child.MovedUnits);
        Assert.Equal([0], child.FromZones);
        Assert.Equal([0, 1], child.ChangedZones);
        Assert.Equal(DissimilarityIndex.Compute([25, 3, 15, 21], 2), child.Dissimilarity, 14);
        AssertSame(child.Recompute(), child);
    }

    [Fact]
    public void Flip_AwayAndBack_IsNoMove()
    {
        var parent = Plan.Current(HalvesGraph());
        var child = parent.Move([5, 5], [1, 0]);
        Assert.Empty(child.MovedUnits);
        Assert.Equal(0, child.StudentsMoved);
        Assert.Equal(parent.Dissimilarity, child.Dissimilarity, 15);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void Flips_ThousandsOfRandomMoves_IncrementalEqualsRecomputation(ulong seed)
    {
        // Unconstrained random moves (including ones that break contiguity and multi-unit moves) on a 6×6 grid
        // with four zones: every derived value must track a from-scratch recomputation.
        var graph = BoundaryGrids.RandomStudents(["AAABBB", "AAABBB", "AAABBB", "CCCDDD", "CCCDDD", "CCCDDD"], seed);
        var random = RandomStream.For(seed, 1, Stage.Ensemble);
        var plan = Plan.Current(graph);
        for (var i = 0; i < 5000; i++)
        {
            var n = 1 + random.NextInt(3);
            var units = new int[n];
            var zones = new int[n];
            for (var j = 0; j < n; j++)
            {
                units[j] = random.NextInt(graph.UnitCount);
                zones[j] = random.NextInt(graph.ZoneCount);
            }
            plan = plan.Move(units, zones);
            if (i % 250 == 0) AssertSame(plan.Recompute(), plan);
        }
        AssertSame(plan.Recompute(), plan);
    }

    internal static void AssertSame(Plan expected, Plan actual)
    {
        Assert.Equal(expected.Assignment.ToArray(), actual.Assignment.ToArray());
        for (var z = 0; z < expected.Graph.ZoneCount; z++)
        {
            Assert.Equal(expected.ZoneStudents(z), actual.ZoneStudents(z));
            Assert.Equal(expected.ZoneUnits(z), actual.ZoneUnits(z));
            Assert.Equal(expected.ZoneTravelMetres(z), actual.ZoneTravelMetres(z));
            for (var k = 0; k < expected.Graph.GroupCount; k++) Assert.Equal(expected.ZoneCount(z, k), actual.ZoneCount(z, k));
        }
        Assert.Equal(expected.CutEdges, actual.CutEdges);
        Assert.Equal(expected.StudentsMoved, actual.StudentsMoved);
        Assert.Equal(expected.UnitsMoved, actual.UnitsMoved);
        Assert.Equal(expected.TravelMetres, actual.TravelMetres);
        Assert.True(Math.Abs(expected.Dissimilarity - actual.Dissimilarity) < 1e-12, $"D {expected.Dissimilarity} vs {actual.Dissimilarity}");
        Assert.True(Math.Abs(expected.TheilH - actual.TheilH) < 1e-12, $"H {expected.TheilH} vs {actual.TheilH}");
        var counts = new int[expected.Graph.ZoneCount * 2];
        for (var z = 0; z < expected.Graph.ZoneCount; z++)
        {
            counts[2 * z] = expected.ZoneCount(z, 0);
            counts[2 * z + 1] = expected.ZoneCount(z, 1);
        }
        Assert.Equal(DissimilarityIndex.Compute(counts, 2), expected.Dissimilarity, 12);
        Assert.Equal(TheilIndex.H(counts, 2), expected.TheilH, 12);
    }
}
