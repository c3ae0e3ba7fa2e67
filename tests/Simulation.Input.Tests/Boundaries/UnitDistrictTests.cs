using Simulation.Core.Boundaries;
using Simulation.Core.Model;
using Simulation.Core.Replications;
using Simulation.Core.Scenarios;
using Simulation.Input.Boundaries;
using Simulation.Input.Scenarios;
using Simulation.Testing;

namespace Simulation.Input.Tests.Boundaries;

/// <summary>The Dallas district at the level of boundary units, and runs zoned by a plan on it.</summary>
public sealed class UnitDistrictTests
{
    private static readonly Lazy<District> Units = new(() => UnitDistrict.Create(DallasUnitsTests.Geography.Value).District);
    private static BoundaryGeography Geography => DallasUnitsTests.Geography.Value;
    private static District Zones => Geography.Source.District;

    [Fact]
    public void Students_KeepBothMargins_ZoneByGradeAndUnitTotals()
    {
        var units = Units.Value;
        var graph = Geography.Graph;
        Assert.Equal(graph.UnitCount, units.NeighborhoodCount);
        Assert.Equal(Zones.StudentCount, units.StudentCount);
        var byZone = new int[Zones.CohortCount];
        for (var u = 0; u < units.NeighborhoodCount; u++)
            for (var k = 0; k < units.GroupCount; k++)
            {
                var unitTotal = 0;
                for (var g = 0; g < units.GradeCount; g++)
                {
                    var count = units.CohortCounts[units.CohortIndex(u, g, k)];
                    unitTotal += count;
                    byZone[Zones.CohortIndex(graph.CurrentZone[u], g, k)] += count;
                }
                Assert.Equal(graph.Students[u * graph.GroupCount + k], unitTotal);
            }
        Assert.Equal(Zones.CohortCounts, byZone);
    }

    [Fact]
    public void Neighborhoods_AreUnitsOfTheirCurrentZone()
    {
        var units = Units.Value;
        var graph = Geography.Graph;
        for (var u = 0; u < units.NeighborhoodCount; u++)
        {
            var zone = Zones.Neighborhoods[graph.CurrentZone[u]];
            Assert.Equal(graph.UnitIds[u], units.Neighborhoods[u].Id);
            Assert.Equal(zone.ZonedSchool, units.Neighborhoods[u].ZonedSchool);
            Assert.Equal(zone.ChildPovertyRate, units.Neighborhoods[u].ChildPovertyRate);
            // The unit's point lies in its polygon, and distances are measured from it.
            var point = Geography.UnitPolygons[u].Factory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(units.Neighborhoods[u].X, units.Neighborhoods[u].Y));
            Assert.True(Geography.UnitPolygons[u].Covers(point), units.Neighborhoods[u].Id);
            var s = zone.ZonedSchool;
            Assert.Equal(graph.Travel(u, graph.CurrentZone[u]) / 1000.0, units.DistanceKm[units.DistanceIndex(u, s)], 3);
        }
        Assert.Equal(Zones.SeatsByGrade, units.SeatsByGrade);
        Assert.Equal(Zones.Schools.Select(s => s.Id), units.Schools.Select(s => s.Id));
    }

    private static ScenarioSpec NobodyApplies(BoundarySpec? plan) => new("no-choice", 1, 1, [],
        new ChoiceSpec(1, TieBreaking.Single, new Dictionary<string, double> { ["ed"] = 0, ["not_ed"] = 0 },
            new Dictionary<string, UtilitySpec> { ["ed"] = new(-0.3, 0.4), ["not_ed"] = new(-0.2, 0.7) }),
        new HomeAreaSpec(null), [], [], Boundaries: plan);

    private static string[] SchoolsOf(int[] assignment) =>
        assignment.Select(z => Zones.Schools[Zones.Neighborhoods[z].ZonedSchool].Id).ToArray();

    [Fact]
    public void CurrentPlan_WithoutChoice_GivesTheZoneLevelEnrollmentExactly()
    {
        var zoneLevel = new ReplicationRunner(CompiledScenario.Compile(Zones, NobodyApplies(null))).Run(0);
        var current = new BoundarySpec(BoundarySpec.Current, SchoolsOf(Geography.Graph.CurrentZone));
        var unitLevel = new ReplicationRunner(CompiledScenario.Compile(Units.Value, NobodyApplies(current))).Run(0);

        Assert.Equal(zoneLevel.Enrollment, unitLevel.Enrollment);
        Assert.Equal(zoneLevel.Metrics[MetricCatalog.Dissimilarity], unitLevel.Metrics[MetricCatalog.Dissimilarity]);
        Assert.Equal(zoneLevel.Metrics[MetricCatalog.TheilH], unitLevel.Metrics[MetricCatalog.TheilH]);
    }

    [Theory]
    [InlineData("optimized-travel-0.05.csv")]
    [InlineData("ensemble-chain-0-step-20000.csv")]
    public void BundledPlan_WithoutChoice_MatchesTheEnsemblesPlanMetrics(string file)
    {
        var path = Path.Combine(RepositoryPaths.Scenarios, "boundaries", "plans", file);
        var (assignment, _) = PlanFile.Load(path, Geography);
        var plan = Plan.FromAssignment(Geography.Graph, assignment);
        var result = new ReplicationRunner(CompiledScenario.Compile(Units.Value, NobodyApplies(new BoundarySpec(file, SchoolsOf(assignment))))).Run(0);

        // The run (district model, replication runner, integration metrics) and the boundary core (incremental plan
        // bookkeeping) agree on every school's students and on the segregation of the plan.
        for (var z = 0; z < Geography.Graph.ZoneCount; z++)
            for (var k = 0; k < 2; k++)
                Assert.Equal(plan.ZoneCount(z, k), result.Enrollment[Zones.Neighborhoods[z].ZonedSchool * 2 + k]);
        Assert.Equal(plan.Dissimilarity, result.Metrics[MetricCatalog.Dissimilarity], 12);
        Assert.Equal(plan.TheilH, result.Metrics[MetricCatalog.TheilH], 12);
        Assert.True(plan.StudentsMoved > 0);
    }
}
