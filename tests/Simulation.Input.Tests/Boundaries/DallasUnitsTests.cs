using NetTopologySuite.Geometries;
using Simulation.Core.Boundaries;
using Simulation.Core.Boundaries.Acceptance;
using Simulation.Core.Boundaries.Chains;
using Simulation.Core.Boundaries.Constraints;
using Simulation.Core.Metrics;
using Simulation.Input.Boundaries;
using Simulation.Input.Districts;
using Simulation.Testing;

namespace Simulation.Input.Tests.Boundaries;

/// <summary>Boundary units built from the bundled Dallas ISD data.</summary>
public sealed class DallasUnitsTests
{
    internal static readonly Lazy<BoundaryGeography> Geography = new(() =>
        BoundaryUnits.Build(DistrictLoader.Load(RepositoryPaths.District("dallas-isd"))));

    private static UnitGraph Graph => Geography.Value.Graph;

    [Fact]
    public void Units_AreFinerThanZonesAndNestInThem()
    {
        var g = Graph;
        Assert.Equal(135, g.ZoneCount);
        Assert.True(g.UnitCount > 3 * g.ZoneCount, $"{g.UnitCount} units");
        for (var z = 0; z < g.ZoneCount; z++) Assert.Contains(z, g.CurrentZone);
        // Slivers were merged: a unit under the minimum area is the only unit of its zone.
        for (var u = 0; u < g.UnitCount; u++)
            if (Geography.Value.UnitPolygons[u].Area < BoundaryUnits.MinUnitAreaSquareMetres)
                Assert.Equal(1, g.CurrentZone.Count(z => z == g.CurrentZone[u]));
        // Units cover their zones: areas add up to the zone polygons' (within 0.1%, slivers of simplified tracts).
        var source = Geography.Value.Source;
        for (var z = 0; z < g.ZoneCount; z++)
        {
            var zoneArea = source.ZonePolygons[g.ZoneIds[z]].Area;
            var unitArea = Enumerable.Range(0, g.UnitCount).Where(u => g.CurrentZone[u] == z).Sum(u => Geography.Value.UnitPolygons[u].Area);
            Assert.True(unitArea >= zoneArea * 0.999, $"zone {g.ZoneIds[z]}: units {unitArea:F0} m² < zone {zoneArea:F0} m²");
        }
    }

    [Fact]
    public void Students_ZoneTotalsEqualTheDistrictsCohorts()
    {
        var g = Graph;
        var district = Geography.Value.Source.District;
        var plan = Plan.Current(g);
        var counts = new int[g.ZoneCount * 2];
        for (var z = 0; z < g.ZoneCount; z++)
            for (var k = 0; k < 2; k++)
            {
                var expected = 0;
                for (var grade = 0; grade < district.GradeCount; grade++) expected += district.CohortCounts[district.CohortIndex(z, grade, k)];
                Assert.Equal(expected, plan.ZoneCount(z, k));
                counts[2 * z + k] = expected;
            }
        Assert.Equal(district.StudentCount, g.TotalStudents);
        Assert.Equal(DissimilarityIndex.Compute(counts, 2), plan.Dissimilarity, 12);
        // Capacity is the zoned school's calibrated enrollment, so every zone starts at exactly 100%.
        for (var z = 0; z < g.ZoneCount; z++) Assert.Equal(1.0, plan.CapacityUse(z), 12);
    }

    [Fact]
    public void Graph_IsConnected_CurrentPlanSatisfiesTheDefaultConstraints()
    {
        var g = Graph;
        var seen = new bool[g.UnitCount];
        var stack = new Stack<int>([0]);
        seen[0] = true;
        while (stack.Count > 0)
            foreach (var v in g.NeighborsOf(stack.Pop()))
                if (!seen[v])
                {
                    seen[v] = true;
                    stack.Push(v);
                }
        Assert.All(seen, Assert.True);
        var spec = new EnsembleSpec(ProposalKind.Flip, 0.85, 1.10, null, 3, 2000, AcceptanceKind.Always, 0, new Energy(), 1, 1);
        Assert.Empty(MarkovChain.FailedConstraints(spec.Constraints(g), Plan.Current(g)));
    }

    [Fact]
    public void Anchors_HoldTheirSchoolsOrTheNearestUnitOfTheZone()
    {
        var geography = Geography.Value;
        var g = geography.Graph;
        var district = geography.Source.District;
        var inside = 0;
        for (var z = 0; z < g.ZoneCount; z++)
        {
            var school = district.Schools[district.Neighborhoods[z].ZonedSchool];
            var point = new Point(school.X, school.Y);
            var anchor = g.AnchorUnit[z];
            Assert.Equal(z, g.CurrentZone[anchor]);
            var distance = geography.UnitPolygons[anchor].Distance(point);
            for (var u = 0; u < g.UnitCount; u++)
                if (g.CurrentZone[u] == z) Assert.True(distance <= geography.UnitPolygons[u].Distance(point) + 1e-6);
            if (distance == 0) inside++;
        }
        Assert.True(inside > 120, $"{inside} of 135 schools lie inside their anchor unit");
    }

    [Fact]
    public void FlipChain_OnDallas_StaysValidAndTracksRecomputation()
    {
        var g = Graph;
        var spec = new EnsembleSpec(ProposalKind.Flip, 0.85, 1.10, null, null, null, AcceptanceKind.Always, 0, new Energy(), 3000, 2026);
        var record = EnsembleChain.Run(spec, Plan.Current(g), 0);
        var final = Plan.FromAssignment(g, record.AssignmentAt(3000));
        Assert.Empty(MarkovChain.FailedConstraints(spec.Constraints(g), final));
        Assert.Equal(final.Dissimilarity, record.Metric(3000, 0), 10);
        Assert.Equal(final.StudentsMoved, record.Metric(3000, PlanMetrics.IndexOf("students_moved")));
        Assert.True(record.Statistics.Accepted == 3000);
        Assert.True(final.UnitsMoved > 10);
        Assert.Equal(record.Metrics, EnsembleChain.Run(spec, Plan.Current(g), 0).Metrics);
    }

    [Fact]
    public void RecomChain_OnDallas_KeepsEveryConstraint()
    {
        var g = Graph;
        var spec = new EnsembleSpec(ProposalKind.Recom, 0.85, 1.10, null, 3, null, AcceptanceKind.Always, 0, new Energy(), 300, 5);
        var record = EnsembleChain.Run(spec, Plan.Current(g), 0);
        var final = Plan.FromAssignment(g, record.AssignmentAt(300));
        Assert.Empty(MarkovChain.FailedConstraints(spec.Constraints(g), final));
        Assert.Equal(final.Dissimilarity, record.Metric(300, 0), 10);
        Assert.True(final.UnitsMoved > 20, $"{final.UnitsMoved} units moved");
        // Recombination never breaks contiguity or moves a school: those counters stay at zero.
        var names = record.Statistics.ConstraintNames;
        Assert.Equal(0, record.Statistics.Invalid[Array.IndexOf(names, "contiguity")]);
        Assert.Equal(0, record.Statistics.Invalid[Array.IndexOf(names, "schools_in_own_zones")]);
    }

    [Fact]
    public void SharedLength_EdgeCountsCornerDoesNot()
    {
        var f = new GeometryFactory();
        Geometry Square(double x, double y) => f.CreatePolygon([new(x, y), new(x + 100, y), new(x + 100, y + 100), new(x, y + 100), new(x, y)]);
        Assert.Equal(100, BoundaryUnits.SharedLength(Square(0, 0), Square(100, 0)), 9);
        Assert.Equal(0, BoundaryUnits.SharedLength(Square(0, 0), Square(100, 100)));
        Assert.Equal(50, BoundaryUnits.SharedLength(Square(0, 0), Square(100, 50)), 9);
        Assert.Equal(0, BoundaryUnits.SharedLength(Square(0, 0), Square(300, 0)));
    }
}
