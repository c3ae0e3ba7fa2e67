using Simulation.Input.Boundaries;
using Simulation.Input.Files;
using Simulation.Testing;

namespace Simulation.Input.Tests.Boundaries;

public sealed class PlanFileTests
{
    private static BoundaryGeography Geography => DallasUnitsTests.Geography.Value;

    private static CsvTable Csv(string text) => CsvTable.Parse("plan.csv", text);

    private static string CurrentCsv() => PlanFile.ToCsv(Geography.Graph, Geography.Graph.CurrentZone);

    [Fact]
    public void Csv_RoundTripOfTheCurrentPlan()
    {
        Assert.Equal(Geography.Graph.CurrentZone, PlanFile.FromTable(Csv(CurrentCsv()), Geography.Graph));
    }

    [Fact]
    public void GeoJson_TheZoneFileItself_ApportionsEveryUnitToItsOwnZone()
    {
        // The district's own zone polygons (property sln) as a plan: each unit lies inside its zone, so area
        // apportionment must give back the current plan exactly.
        var (assignment, _) = PlanFile.Load(Path.Combine(RepositoryPaths.District("dallas-isd"), "elementary_zones.geojson"), Geography);
        Assert.Equal(Geography.Graph.CurrentZone, assignment);
    }

    [Theory]
    [InlineData("nope", "235", "row 2, field 'unit_id'", "no unit 'nope'")]
    [InlineData(null, "999999", "row 2, field 'zone_id'", "no zone '999999'")]
    public void Csv_UnknownUnitOrZone_NamesRowAndField(string? unit, string zone, string where, string what)
    {
        var lines = CurrentCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        var first = lines[1].Split(',');
        lines[1] = $"{unit ?? first[0]},{zone}";
        var error = Assert.Throws<InputException>(() => PlanFile.FromTable(Csv(string.Join('\n', lines)), Geography.Graph));
        Assert.Contains("plan.csv: " + where, error.Message);
        Assert.Contains(what, error.Message);
    }

    [Fact]
    public void Csv_DuplicateAndMissingUnits_AreErrors()
    {
        var lines = CurrentCsv().Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        var duplicate = string.Join('\n', lines.Append(lines[1]));
        Assert.Contains("listed twice (first at row 2)", Assert.Throws<InputException>(() => PlanFile.FromTable(Csv(duplicate), Geography.Graph)).Message);
        var missing = string.Join('\n', lines.Take(lines.Count - 1));
        Assert.Contains("1 unit(s) have no zone", Assert.Throws<InputException>(() => PlanFile.FromTable(Csv(missing), Geography.Graph)).Message);
    }
}
