using Simulation.Core.Scenarios;
using Simulation.Input.Boundaries;
using Simulation.Input.Districts;
using Simulation.Input.Files;

namespace Simulation.Input.Scenarios;

/// <summary>
/// Boundary plans as a scenario axis: a scenario file with a <c>boundaries</c> section runs on the unit-level district
/// (<see cref="UnitDistrict"/>) and each scenario's plan — <c>current</c> or a plan file (<see cref="PlanFile"/>: a
/// <c>unit_id,zone_id</c> CSV or zone polygons in GeoJSON), relative to the scenario file — is read into the
/// scenario's zoning.
/// </summary>
/// <remarks>Every scenario of such a file has a plan (the section cannot be swept away), so all scenarios of one run
/// share one district and differ only in zoning, and paired comparisons across plans stay on common random
/// numbers. Each plan file is read once and listed with its hash among the run's input files.</remarks>
public static class BoundaryPlans
{
    /// <exception cref="InputException">A missing or bad plan file, naming the file, row and field (or the scenario
    /// file's line when the plan file does not exist).</exception>
    public static (ScenarioFile Scenario, DistrictSource District) Apply(ScenarioFile scenario, DistrictSource zoneLevel)
    {
        if (scenario.Scenarios.All(s => s.Spec.Boundaries is null)) return (scenario, zoneLevel);
        var geography = BoundaryUnits.Build(zoneLevel);
        var units = UnitDistrict.Create(geography);
        var folder = Path.GetDirectoryName(scenario.Path) ?? "";
        var files = new List<InputFile>(zoneLevel.Files);
        var zoningOf = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var resolved = new List<ExpandedScenario>();
        foreach (var expanded in scenario.Scenarios)
        {
            var spec = expanded.Spec;
            var plan = spec.Boundaries?.Plan ?? throw new InputException(scenario.Path, null, "boundaries.plan",
                "every scenario of a file with boundary plans needs one");
            if (!zoningOf.TryGetValue(plan, out var zoning))
            {
                var assignment = plan == BoundarySpec.Current ? geography.Graph.CurrentZone : ReadPlan(scenario, expanded, folder, plan, geography, files);
                zoning = assignment.Select(z => zoneLevel.District.Schools[zoneLevel.District.Neighborhoods[z].ZonedSchool].Id).ToArray();
                zoningOf[plan] = zoning;
            }
            resolved.Add(expanded with { Spec = spec with { Boundaries = spec.Boundaries with { ZonedSchools = zoning } } });
        }
        return (scenario.WithScenarios(resolved), units with { Files = files });
    }

    private static int[] ReadPlan(ScenarioFile scenario, ExpandedScenario expanded, string folder, string plan,
        BoundaryGeography geography, List<InputFile> files)
    {
        var path = Path.Combine(folder, plan);
        if (!File.Exists(path))
        {
            var line = SweepGrid.Find(expanded.Document, "boundaries.plan")?.Line ?? 0;
            throw new InputException(scenario.Path, line > 0 ? $"line {line}" : null, "boundaries.plan",
                $"plan file '{path}' not found (plans are 'current' or a unit_id,zone_id CSV or GeoJSON file, relative to the scenario file)");
        }
        var (assignment, file) = PlanFile.Load(path, geography);
        files.Add(file);
        return assignment;
    }
}
