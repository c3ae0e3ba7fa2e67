using Simulation.Input.Scenarios;

namespace Simulation.Input.Tests.Scenarios;

/// <summary>Scenarios checked against the district they name (<see cref="TinyDistrictFolder"/>).</summary>
public sealed partial class ScenarioFileTests
{
    private static ScenarioInput LoadWithTiny(string scenario)
    {
        using var folder = new TempFolder();
        new TinyDistrictFolder().WriteTo(folder, "scenarios/districts/tiny");
        var path = folder.Write("scenarios/s.yaml", scenario);
        return ScenarioInput.Load(path);
    }

    private static InputException DistrictError(string scenario) =>
        Assert.Throws<InputException>(() => LoadWithTiny(scenario));

    [Fact]
    public void Load_ScenarioAndDistrict_LoadsBothFromTheScenarioFolder()
    {
        var input = LoadWithTiny(Complete);

        Assert.Equal("tiny", input.District.District.Id);
        Assert.Single(input.Scenario.Scenarios);
        Assert.EndsWith(Path.Combine("scenarios", "districts/tiny"), input.District.Folder);
    }

    [Theory]
    // Each row: a change that breaks agreement with the tiny district, the field and line named, part of the reason.
    [InlineData("    not_ed: 0.20\n", "", "choice.apply", 13, "group 'not_ed' is missing")]
    [InlineData("    not_ed: 0.20\n", "    not_ed: 0.20\n    other: 0.1\n", "choice.apply.other", 16, "'other' is not a group of district tiny")]
    [InlineData("    not_ed: {distance_per_km", "    nonED: {distance_per_km", "choice.utility.nonED", 18, "not a group of district tiny")]
    [InlineData("schools: [\"3\"]", "schools: [\"1\"]", "campuses.fifty_fifty.schools.0", 21, "is a zoned school, not a choice campus")]
    [InlineData("schools: [\"3\"]", "schools: [\"4\"]", "campuses.fifty_fifty.schools.0", 21, "campus 4 is not a school of district tiny")]
    [InlineData("grades: [K]", "grades: [K, \"2\"]", "grades.1", 4, "grade '2' is not a grade of district tiny (K, 1)")]
    [InlineData("eligible: ed,", "eligible: rich,", "campuses.fifty_fifty.pools.ed.eligible", 23, "group 'rich' is not a group")]
    public void Load_ScenarioDisagreeingWithDistrict_NamesFieldAndLine(string find, string replace, string field, int line,
        string reason)
    {
        Assert.Contains(find, Complete);

        AssertLocated(DistrictError(Complete.Replace(find, replace)), field, line, reason);
    }

    [Fact]
    public void Load_SweptValueDisagreeingWithDistrict_NamesTheSweepLine()
    {
        var text = Complete + "sweep:\n  campuses.fifty_fifty.schools.0: [\"3\", \"2\"]\n";

        var error = DistrictError(text);

        Assert.Equal(("line 26", "campuses.fifty_fifty.schools.0"), (error.Location, error.Field));
        Assert.Contains("campus 2 (TWO EL) is a zoned school", error.Message);
    }

    [Fact]
    public void Load_MissingDistrictFolder_NamesItsDefinitionFile()
    {
        using var folder = new TempFolder();
        var path = folder.Write("s.yaml", Complete.Replace("districts/tiny", "districts/nowhere"));

        var error = Assert.Throws<InputException>(() => ScenarioInput.Load(path));

        Assert.Equal(Path.Combine(folder.Path, "districts/nowhere", "district.yaml") + ": file not found", error.Message);
    }
}
