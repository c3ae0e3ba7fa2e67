using Simulation.Core.Boundaries;
using Simulation.Core.Boundaries.Constraints;
using Simulation.Core.Boundaries.Proposals;
using Simulation.Core.Randomness;
using Simulation.Testing;

namespace Simulation.Core.Tests.Boundaries;

public class RecombinationTests
{
    [Fact]
    public void TwoByTwo_UniformTreeGivesEachBalancedSplitHalfTheTime()
    {
        // A x     anchors A = (0,0), B = (1,1); x and y are free. The merged region is a 4-cycle with 4 spanning
        // y B     trees. Each zone holds 2 students (capacity 2) and the band is exactly 1, so each side gets two units: the tree
        //         missing A–x or y–B gives {A, y | x, B}, the tree missing A–y or x–B gives {A, x | y, B}:
        //         each with probability ½ under a uniform spanning tree (Wilson's algorithm).
        var graph = BoundaryGrids.Grid(["AA", "BB"], (_, _) => 1, (_, _) => 0, anchors: ["0,0", "1,1"]);
        var recom = new Recombination(graph, new CapacityBand(1, 1));
        var start = Plan.Current(graph);
        var random = RandomStream.For(3, 0, Stage.Ensemble);
        var withX = 0;
        const int draws = 20000;
        for (var i = 0; i < draws; i++)
        {
            var child = recom.Propose(start, ref random) ?? throw new InvalidOperationException("no split");
            Assert.Equal(0, child.ZoneOf(0));
            Assert.Equal(1, child.ZoneOf(3));
            Assert.NotEqual(child.ZoneOf(1), child.ZoneOf(2));
            if (child.ZoneOf(1) == 0) withX++;
        }
        Assert.InRange(withX / (double)draws, 0.485, 0.515);
    }

    [Theory]
    [InlineData(21UL)]
    [InlineData(22UL)]
    public void Proposals_AreContiguousBalancedKeepSchoolsAndTrackRecomputation(ulong seed)
    {
        var graph = BoundaryGrids.RandomStudents(["AAABBB", "AAABBB", "AAABBB", "CCCDDD", "CCCDDD", "CCCDDD"], seed);
        var band = new CapacityBand(0.7, 1.3);
        var recom = new Recombination(graph, band);
        var contiguity = new Contiguity(graph);
        var schools = new SchoolsInOwnZones();
        var random = RandomStream.For(seed, 0, Stage.Ensemble);
        var plan = Plan.Current(graph);
        var made = 0;
        for (var i = 0; i < 500; i++)
        {
            var child = recom.Propose(plan, ref random);
            if (child is null) continue;
            made++;
            Assert.True(contiguity.IsSatisfiedBy(child));
            Assert.True(band.IsSatisfiedBy(child));
            Assert.True(schools.IsSatisfiedBy(child));
            Assert.True(child.ChangedZones.Count is 0 or 2);
            PlanTests.AssertSame(child.Recompute(), child);
            plan = child;
        }
        Assert.True(made > 100, $"{made} recombinations");
        Assert.NotEqual(0, plan.UnitsMoved);
    }
}
