using Simulation.Input.Districts;

namespace Simulation.Input.Tests.Districts;

/// <summary>Broken district folders: each error must name the file, the row/feature/line and the field.</summary>
public sealed partial class DistrictLoaderTests
{
    private static InputException LoadError(Action<TinyDistrictFolder> breakIt)
    {
        var tiny = new TinyDistrictFolder();
        breakIt(tiny);
        using var folder = new TempFolder();
        var path = tiny.WriteTo(folder);
        return Assert.Throws<InputException>(() => DistrictLoader.Load(path));
    }

    private static void AssertError(InputException error, string file, string? location, string? field, string reason)
    {
        Assert.Equal(file, Path.GetFileName(error.File));
        Assert.Equal(location, error.Location);
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Reason);
        Assert.StartsWith(error.File + ": ", error.Message);
    }

    [Fact]
    public void Load_MissingFolder_SaysDistrictYamlNotFound()
    {
        var error = Assert.Throws<InputException>(() => DistrictLoader.Load("no/such/district"));

        Assert.Equal(Path.Combine("no/such/district", "district.yaml") + ": file not found", error.Message);
    }

    [Fact]
    public void Load_MissingDataFile_NamesIt() =>
        AssertError(LoadError(t => t.DistrictYaml = t.DistrictYaml.Replace("schools: schools.csv", "schools: gone.csv")),
            "gone.csv", null, null, "file not found");

    [Fact]
    public void Load_MissingColumn_NamesHeaderRow() =>
        AssertError(LoadError(t => t.SchoolsCsv = t.SchoolsCsv.Replace(",econ_disadv,", ",econ,")),
            "schools.csv", "row 1", "econ_disadv", "missing column");

    [Fact]
    public void Load_MalformedEnrollment_NamesRowAndField()
    {
        var error = LoadError(t => t.SchoolsCsv = t.SchoolsCsv.Replace("EE,01,70,70", "EE,01,7o,70"));

        AssertError(error, "schools.csv", "row 3", "enrollment", "not an integer ('7o')");
        Assert.EndsWith("schools.csv: row 3, field 'enrollment': not an integer ('7o')", error.Message);
    }

    [Fact]
    public void Load_MoreDisadvantagedThanEnrolled_NamesRow() =>
        AssertError(LoadError(t => t.SchoolsCsv = t.SchoolsCsv.Replace("PK,02,100,37", "PK,02,100,137")),
            "schools.csv", "row 2", "econ_disadv", "between 0 and the enrollment (100)");

    [Fact]
    public void Load_DuplicateCampusId_NamesSecondRow() =>
        AssertError(LoadError(t => t.SchoolsCsv = t.SchoolsCsv.Replace("4,FOUR MIDDLE", "2,FOUR MIDDLE")),
            "schools.csv", "row 5", "sln", "duplicate id 2 (first at row 3)");

    [Fact]
    public void Load_UnknownRating_ListsKnownLabels() =>
        AssertError(LoadError(t => t.SchoolsCsv = t.SchoolsCsv.Replace(",A,0", ",A+,0")),
            "schools.csv", "row 4", "rating", "rating 'A+' has no score");

    [Fact]
    public void Load_UnknownGradeCode_NamesRowAndField() =>
        AssertError(LoadError(t => t.SchoolsCsv = t.SchoolsCsv.Replace("KG,05", "K,05")),
            "schools.csv", "row 4", "grade_low", "grade 'K' is not listed");

    [Fact]
    public void Load_ZoneForUnknownCampus_NamesFeatureAndSln() =>
        AssertError(LoadError(t => t.ZonesGeoJson = t.ZonesGeoJson.Replace("\"sln\": 2", "\"sln\": 9")),
            "zones.geojson", "feature 2 (sln=9)", "sln", "no campus with this id");

    [Fact]
    public void Load_DuplicateZone_NamesSecondFeature() =>
        AssertError(LoadError(t => t.ZonesGeoJson = t.ZonesGeoJson.Replace("\"sln\": 2", "\"sln\": 1")),
            "zones.geojson", "feature 2 (sln=1)", "sln", "duplicate zone id (first at feature 1)");

    [Fact]
    public void Load_ZoneForCampusWithoutZoneFlag_Fails() =>
        AssertError(LoadError(t => t.SchoolsCsv = t.SchoolsCsv.Replace("Not Rated,1", "Not Rated,0")),
            "zones.geojson", "feature 2 (sln=2)", "sln", "has no zone (has_elem_zone = 0)");

    [Fact]
    public void Load_ZonedCampusMissingFromZones_NamesSchoolsRow() =>
        AssertError(LoadError(t => t.SchoolsCsv = t.SchoolsCsv.Replace("06,08,300,200,C,0", "06,08,300,200,C,1")),
            "schools.csv", "row 5", "has_elem_zone", "campus 4 has no zone");

    [Fact]
    public void Load_EmptyZoneGeometry_NamesFeatureAndSln() =>
        AssertError(LoadError(t => t.ZonesGeoJson = TinyDistrictFolder.Collection(
                TinyDistrictFolder.Feature(TinyDistrictFolder.Square(-96.80, 32.78, 0.02), """{"sln": 1, "name": "Zone One"}"""),
                """{"type": "Feature", "properties": {"sln": 2, "name": "Zone Two"}, "geometry": null}""")),
            "zones.geojson", "feature 2 (sln=2)", "geometry", "the geometry is empty");

    [Fact]
    public void Load_BowTieZone_IsRejectedAsInvalid()
    {
        // A ring that crosses itself: repairing it would change the area, so the loader refuses.
        var bowTie = TinyDistrictFolder.Polygon((-96.78, 32.78), (-96.76, 32.80), (-96.76, 32.78), (-96.78, 32.80), (-96.78, 32.78));

        var error = LoadError(t => t.ZonesGeoJson = TinyDistrictFolder.Collection(
            TinyDistrictFolder.Feature(TinyDistrictFolder.Square(-96.80, 32.78, 0.02), """{"sln": 1, "name": "Zone One"}"""),
            TinyDistrictFolder.Feature(bowTie, """{"sln": 2, "name": "Zone Two"}""")));

        AssertError(error, "zones.geojson", "feature 2 (sln=2)", "geometry", "invalid geometry");
    }

    [Fact]
    public void Load_UnknownKeyInDefinition_NamesLineAndPath() =>
        AssertError(LoadError(t => t.DistrictYaml = t.DistrictYaml.Replace("  summary: summary.csv", "  summry: summary.csv")),
            "district.yaml", "line 8", "files.summry", "unknown key");

    [Fact]
    public void Load_BadGradeWeight_NamesLineAndPath() =>
        AssertError(LoadError(t => t.DistrictYaml = t.DistrictYaml.Replace("EE: 0.5", "EE: half")),
            "district.yaml", "line 13", "calibration.grade_weights.EE", "expected a number, got 'half'");

    [Fact]
    public void Load_ChoiceCampusWithZone_NamesDefinitionLine() =>
        AssertError(LoadError(t => t.DistrictYaml = t.DistrictYaml.Replace("sln: \"3\"", "sln: \"1\"")),
            "district.yaml", "line 18", "choice_campuses.0.sln", "has an attendance zone");

    [Fact]
    public void Load_ChoiceCampusNotInSchools_NamesDefinitionLine() =>
        AssertError(LoadError(t => t.DistrictYaml = t.DistrictYaml.Replace("sln: \"3\"", "sln: \"33\"")),
            "district.yaml", "line 18", "choice_campuses.0.sln", "no campus with id 33");

    [Fact]
    public void Load_ChoiceCampusWithoutSimulatedGrades_Fails() =>
        AssertError(LoadError(t => t.DistrictYaml = t.DistrictYaml
                .Replace("- {sln: \"3\", note: \"the choice campus\"}", "- {sln: \"3\", note: \"x\"}\n  - {sln: \"4\", note: \"middle\"}")
                .Replace("excluded_campuses:\n  - {sln: \"4\", reason: \"middle school\"}", "")),
            "district.yaml", "line 19", "choice_campuses.1.sln", "would have no seats in the simulated grades");

    [Fact]
    public void Load_UncuratedCampusWithoutZone_AsksToListIt() =>
        AssertError(LoadError(t => t.SchoolsCsv += "5,FIVE ACADEMY,32.83,-96.77,KG,02,40,20,B,0\n"),
            "district.yaml", null, "choice_campuses", "campus 5 (FIVE ACADEMY");

    [Fact]
    public void Load_CampusListedTwice_NamesLine() =>
        AssertError(LoadError(t => t.DistrictYaml = t.DistrictYaml.Replace("sln: \"4\"", "sln: \"3\"")),
            "district.yaml", "line 20", "excluded_campuses", "already listed under choice_campuses");

    [Fact]
    public void Load_OverlapWithUnknownTract_NamesRow() =>
        AssertError(LoadError(t => t.OverlapCsv = t.OverlapCsv.Replace("T3,2", "T4,2")),
            "overlap.csv", "row 5", "geoid", "tract T4 is not in");

    [Fact]
    public void Load_OverlapWithUnknownZone_NamesRow() =>
        AssertError(LoadError(t => t.OverlapCsv = t.OverlapCsv.Replace("T3,2", "T3,7")),
            "overlap.csv", "row 5", "elem_zone_sln", "zone 7 is not in the zone file");

    [Fact]
    public void Load_DuplicateTract_NamesFeature() =>
        AssertError(LoadError(t => t.TractsGeoJson = t.TractsGeoJson.Replace("\"T3\"", "\"T1\"")),
            "tracts.geojson", "feature 3 (geoid=T1)", "geoid", "duplicate tract id");

    [Fact]
    public void Load_ThreeGroups_IsRejected() =>
        AssertError(LoadError(t => t.DistrictYaml = t.DistrictYaml.Replace("[ed, not_ed]", "[ed, not_ed, other]")),
            "district.yaml", "line 10", "groups", "exactly two groups");
}
