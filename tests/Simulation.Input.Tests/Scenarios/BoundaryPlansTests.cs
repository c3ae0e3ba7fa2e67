using Simulation.Core.Scenarios;
using Simulation.Input.Scenarios;
using Simulation.Input.Tests.Boundaries;
using Simulation.Testing;

namespace Simulation.Input.Tests.Scenarios;

/// <summary>Boundary plans as a sweep axis of a scenario file (<see cref="BoundaryPlans"/>).</summary>
public sealed class BoundaryPlansTests
{
    private static string Scenario(string plans) => $"""
        name: plans
        district: {RepositoryPaths.District("dallas-isd").Replace("\\", "/")}
        seed: 1
        replications: 2
        boundaries:
          plan: current
        choice:
          list_length: 1
          tie_breaking: single
          apply: {"{"}ed: 0.1, not_ed: 0.1{"}"}
          utility:
            ed: {"{"}distance_per_km: -0.3, rating: 0.4{"}"}
            not_ed: {"{"}distance_per_km: -0.2, rating: 0.7{"}"}
        campuses:
          open:
            schools: ["134"]
            pools:
              open: {"{"}share: 1.0, eligible: any{"}"}
        sweep:
          boundaries.plan: [{plans}]
        """;

    /// <summary>The current plan as a unit_id,zone_id CSV with one unit moved to <paramref name="zone"/>.</summary>
    private static string PlanCsv(int movedUnit, string zone)
    {
        var graph = DallasUnitsTests.Geography.Value.Graph;
        var rows = Enumerable.Range(0, graph.UnitCount)
            .Select(u => $"{graph.UnitIds[u]},{(u == movedUnit ? zone : graph.ZoneIds[graph.CurrentZone[u]])}");
        return "unit_id,zone_id\n" + string.Join("\n", rows) + "\n";
    }

    [Fact]
    public void Load_SweepOverPlans_ZonesTheUnitLevelDistrictByEachPlan()
    {
        var graph = DallasUnitsTests.Geography.Value.Graph;
        var target = graph.ZoneIds[(graph.CurrentZone[5] + 1) % graph.ZoneCount];
        using var folder = new TempFolder();
        folder.Write("plans/moved.csv", PlanCsv(5, target));
        var path = folder.Write("s.yaml", Scenario("current, plans/moved.csv"));

        var input = ScenarioInput.Load(path);

        Assert.Equal(graph.UnitCount, input.District.District.NeighborhoodCount);
        var current = input.Scenario.Scenarios[0].Spec.Boundaries!;
        var moved = input.Scenario.Scenarios[1].Spec.Boundaries!;
        Assert.Equal((BoundarySpec.Current, "plans/moved.csv"), (current.Plan, moved.Plan));
        Assert.Equal(input.District.District.Neighborhoods.Select(n => input.District.District.Schools[n.ZonedSchool].Id), current.ZonedSchools);
        var differing = Enumerable.Range(0, graph.UnitCount).Where(u => current.ZonedSchools[u] != moved.ZonedSchools[u]).ToArray();
        Assert.Equal([5], differing);
        Assert.Equal(target, moved.ZonedSchools[5]);
        Assert.Contains(input.District.Files, f => f.Path.EndsWith("moved.csv", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MissingPlanFile_NamesTheScenarioLineAndField()
    {
        using var folder = new TempFolder();
        var path = folder.Write("s.yaml", Scenario("current, plans/none.csv"));

        var e = Assert.Throws<InputException>(() => ScenarioInput.Load(path));

        Assert.Equal(path, e.File);
        Assert.Equal("boundaries.plan", e.Field);
        Assert.Equal("line 20", e.Location);
        Assert.Contains("not found", e.Reason);
    }

    [Fact]
    public void Load_PlanWithUnknownZone_NamesThePlanFileRowAndField()
    {
        using var folder = new TempFolder();
        var plan = folder.Write("plans/bad.csv", PlanCsv(3, "no-such-zone"));
        var path = folder.Write("s.yaml", Scenario("plans/bad.csv"));

        var e = Assert.Throws<InputException>(() => ScenarioInput.Load(path));

        Assert.Equal(Path.Combine(folder.Path, "plans/bad.csv"), e.File);
        Assert.Equal("row 5", e.Location);
        Assert.Equal("zone_id", e.Field);
        Assert.True(File.Exists(plan));
    }

    [Fact]
    public void Bind_BoundariesWithUnknownKey_IsRejected()
    {
        using var folder = new TempFolder();
        var path = folder.Write("s.yaml", Scenario("current").Replace("  plan: current", "  plan: current\n  plann: x"));

        var e = Assert.Throws<InputException>(() => ScenarioFile.Load(path));

        Assert.Equal("boundaries.plann", e.Field);
    }
}
