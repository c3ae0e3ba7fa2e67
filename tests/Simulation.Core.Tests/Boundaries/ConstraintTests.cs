using Simulation.Core.Boundaries;
using Simulation.Core.Boundaries.Constraints;
using Simulation.Core.Randomness;
using Simulation.Testing;

namespace Simulation.Core.Tests.Boundaries;

public class ConstraintTests
{
    private static UnitGraph Uniform(string[] picture) => BoundaryGrids.Grid(picture, (_, _) => 1, (_, _) => 1);

    [Fact]
    public void Contiguity_SplitZone_Fails_CornerContactIsNotAdjacency()
    {
        // A B      zone A = {(0,0), (1,1)} touches itself only at a corner: not contiguous.
        // B A
        var graph = BoundaryGrids.Grid(["AB", "BA"], (_, _) => 1, (_, _) => 1, anchors: ["0,0", "0,1"]);
        var contiguity = new Contiguity(graph);
        var plan = Plan.Current(graph);
        Assert.False(contiguity.IsSatisfiedBy(plan));
        Assert.False(contiguity.IsConnected(plan, 0));
        Assert.False(contiguity.IsConnected(plan, 1));
    }

    [Fact]
    public void Contiguity_EmptyZone_Fails()
    {
        var graph = Uniform(["AB"]);
        var plan = Plan.Current(graph).Flip(1, 0);
        Assert.False(new Contiguity(graph).IsSatisfiedBy(plan));
    }

    [Fact]
    public void CapacityBand_Bounds_AreInclusive()
    {
        // A A B B: each zone 4 students and 4 seats. Moving one unit (2 students) gives 2/4 and 6/4.
        var graph = Uniform(["AABB"]);
        var plan = Plan.Current(graph);
        Assert.True(new CapacityBand(1, 1).IsSatisfiedBy(plan));
        var moved = plan.Flip(1, 1);
        Assert.True(new CapacityBand(0.5, 1.5).IsSatisfiedBy(moved));
        Assert.False(new CapacityBand(0.51, 1.5).IsSatisfiedBy(moved));
        Assert.False(new CapacityBand(0.5, 1.49).IsSatisfiedBy(moved));
    }

    [Fact]
    public void TravelCap_AbsoluteAndIncrease()
    {
        // A A B B, anchors (0,0) and (0,2): unit (0,1) is 1 km from A and 1 km from B; (0,0)… Move (0,1) to B: still
        // 1 km (increase 0). Move (0,0)'s neighbour (0,1) then (0,0)? (0,0) is an anchor; use (0,3) → A: 3 km, +2 km.
        var graph = Uniform(["AABB"]);
        var plan = Plan.Current(graph);
        Assert.True(new TravelCap(1, null).IsSatisfiedBy(plan));
        Assert.True(new TravelCap(null, 0).IsSatisfiedByChild(plan.Flip(1, 1)));
        var far = plan.Flip(3, 0);
        Assert.False(new TravelCap(2.5, null).IsSatisfiedByChild(far));
        Assert.True(new TravelCap(3, null).IsSatisfiedByChild(far));
        Assert.False(new TravelCap(null, 1.9).IsSatisfiedByChild(far));
        Assert.True(new TravelCap(null, 2).IsSatisfiedBy(far));
    }

    [Fact]
    public void StudentsMovedCap_CountsStudentsNotUnits()
    {
        var graph = BoundaryGrids.Grid(["AABB"], (_, c) => c + 1, (_, _) => 0 + 1);
        var plan = Plan.Current(graph).Flip(1, 1); // unit (0,1): 2 + 1 students
        Assert.Equal(3, plan.StudentsMoved);
        Assert.True(new StudentsMovedCap(3).IsSatisfiedBy(plan));
        Assert.False(new StudentsMovedCap(2).IsSatisfiedBy(plan));
    }

    [Fact]
    public void SchoolsInOwnZones_MovingAnAnchor_Fails()
    {
        var graph = Uniform(["AABB"]);
        var plan = Plan.Current(graph);
        var rule = new SchoolsInOwnZones();
        Assert.False(rule.IsSatisfiedByChild(plan.Flip(2, 0)));
        Assert.False(rule.IsSatisfiedBy(plan.Flip(2, 0)));
        Assert.True(rule.IsSatisfiedByChild(plan.Flip(1, 1)));
    }

    [Theory]
    [InlineData(11UL)]
    [InlineData(12UL)]
    public void IncrementalChecks_RandomFlipsFromValidPlans_AgreeWithFullChecks(ulong seed)
    {
        var graph = BoundaryGrids.RandomStudents(["AAABBB", "AAABBB", "AAABBB", "CCCDDD", "CCCDDD", "CCCDDD"], seed);
        IPlanConstraint[] rules =
        [
            new Contiguity(graph), new CapacityBand(0.6, 1.4), new TravelCap(4, 2), new StudentsMovedCap(150),
            new SchoolsInOwnZones(),
        ];
        var random = RandomStream.For(seed, 2, Stage.Ensemble);
        var plan = Plan.Current(graph);
        var disagreements = 0;
        var failures = new int[rules.Length];
        for (var i = 0; i < 4000; i++)
        {
            var child = plan.Flip(random.NextInt(graph.UnitCount), random.NextInt(graph.ZoneCount));
            var valid = true;
            for (var r = 0; r < rules.Length; r++)
            {
                var incremental = rules[r].IsSatisfiedByChild(child);
                if (incremental != rules[r].IsSatisfiedBy(child)) disagreements++;
                if (!incremental) failures[r]++;
                valid &= incremental;
            }
            if (valid) plan = child;
        }
        Assert.Equal(0, disagreements);
        Assert.All(failures, f => Assert.True(f > 0, "every rule should reject some random flips"));
        Assert.NotEqual(0, plan.UnitsMoved);
    }
}
