using NetTopologySuite.Geometries;
using Simulation.Input.Districts;

namespace Simulation.Input.Tests.Districts;

/// <summary>The hand-checked figures of <see cref="TinyDistrictFolder"/>.</summary>
public sealed partial class DistrictLoaderTests
{
    private static DistrictSource LoadTiny(TinyDistrictFolder? tiny = null)
    {
        using var folder = new TempFolder();
        return DistrictLoader.Load((tiny ?? new TinyDistrictFolder()).WriteTo(folder));
    }

    [Fact]
    public void Load_TinyDistrict_OrdersSchoolsZonedThenChoice()
    {
        var district = LoadTiny().District;

        Assert.Equal(["1", "2", "3"], district.Schools.Select(s => s.Id));
        Assert.Equal([false, false, true], district.Schools.Select(s => s.IsChoice));
        Assert.Equal(["1", "2"], district.Neighborhoods.Select(n => n.Id));
        Assert.Equal(["Zone One", "Zone Two"], district.Neighborhoods.Select(n => n.Name));
        Assert.Equal([0, 1], district.Neighborhoods.Select(n => n.ZonedSchool));
        Assert.Equal(("tiny", "Tiny ISD"), (district.Id, district.Name));
        Assert.Equal(["K", "1"], district.GradeNames);
        Assert.Equal(["ed", "not_ed"], district.GroupNames);
    }

    [Fact]
    public void Load_TinyDistrict_CalibratesCohortsAndSeats()
    {
        var district = LoadTiny().District;

        // zone 1 (school 1): K 10 ED + 15, grade 1 9 ED + 16; zone 2 (school 2): 20 + 0 in each grade
        Assert.Equal([10, 15, 9, 16, 20, 0, 20, 0], district.CohortCounts);
        // seats: zoned = their cohorts; choice campus 3 = 15 / 15
        Assert.Equal([25, 25, 20, 20, 15, 15], district.SeatsByGrade);
        Assert.Equal(90, district.StudentCount);
    }

    [Fact]
    public void Load_TinyDistrict_CopiesSchoolFacts()
    {
        var schools = LoadTiny().District.Schools;

        Assert.Equal(("ONE EL", "B", 3.0, 100, 0.37), (schools[0].Name, schools[0].Rating, schools[0].RatingScore,
            schools[0].RealEnrollment, schools[0].RealEdShare));
        Assert.Equal(("Not Rated", 2.0), (schools[1].Rating, schools[1].RatingScore));
        Assert.Equal(("A", 4.0, 30.0 / 90), (schools[2].Rating, schools[2].RatingScore, schools[2].RealEdShare));
    }

    [Fact]
    public void Load_TinyDistrict_WeightsTractRatesByPopulationAndArea()
    {
        var source = LoadTiny();

        Assert.Equal(0.44, source.District.Neighborhoods[0].ChildPovertyRate, 12);
        Assert.Equal(0.6, source.District.Neighborhoods[1].ChildPovertyRate, 12);
        Assert.Empty(source.ChildPovertyFallbacks);
    }

    [Fact]
    public void Load_ZoneWithoutUsableTracts_FallsBackToZoneRate()
    {
        // zone 2 keeps only the rate-less tract T3 → its own acs_child_poverty_rate 0.5
        var tiny = new TinyDistrictFolder();
        tiny.OverlapCsv = tiny.OverlapCsv.Replace("T2,2,0.5\n", "");

        var source = LoadTiny(tiny);

        Assert.Equal(0.5, source.District.Neighborhoods[1].ChildPovertyRate, 12);
        Assert.Equal(["2"], source.ChildPovertyFallbacks);
        Assert.Equal(0.44, source.District.Neighborhoods[0].ChildPovertyRate, 12);
    }

    [Fact]
    public void Load_TinyDistrict_PlacesPointsAtZoneCentroidsAndMeasuresKm()
    {
        var source = LoadTiny();
        var district = source.District;
        var (x0, y0) = source.Projection.Forward(-96.79, 32.79); // centre of zone 1 = school 1's location

        Assert.Equal(14, source.Projection.Zone);
        // The centroid of the projected square is within centimetres of the projected centre.
        Assert.Equal(x0, district.Neighborhoods[0].X, 0.5);
        Assert.Equal(y0, district.Neighborhoods[0].Y, 0.5);
        Assert.Equal(0, district.DistanceKm[district.DistanceIndex(0, 0)], 0.001);
        // zone 1's centre to school 2, 0.02° of longitude east: 0.02 × 111.32 km × cos(32.79°) ≈ 1.872 km
        Assert.Equal(1.872, district.DistanceKm[district.DistanceIndex(0, 1)], 0.005);
        Assert.True(source.ZonePolygons["1"].Contains(new Point(district.Neighborhoods[0].X, district.Neighborhoods[0].Y)));
    }

    [Fact]
    public void Load_CentroidOutsideZone_UsesInteriorPoint()
    {
        // An L-shaped zone whose centroid lies in the notch, outside the polygon.
        var tiny = new TinyDistrictFolder();
        var lShape = TinyDistrictFolder.Polygon((-96.80, 32.78), (-96.78, 32.78), (-96.78, 32.782), (-96.798, 32.782),
            (-96.798, 32.80), (-96.80, 32.80), (-96.80, 32.78));
        tiny.ZonesGeoJson = TinyDistrictFolder.Collection(
            TinyDistrictFolder.Feature(lShape, """{"sln": 1, "name": "Zone One"}"""),
            TinyDistrictFolder.Feature(TinyDistrictFolder.Square(-96.78, 32.78, 0.02), """{"sln": 2, "name": "Zone Two"}"""));

        var source = LoadTiny(tiny);

        var zone = source.ZonePolygons["1"];
        Assert.False(zone.Contains(zone.Centroid));
        var n = source.District.Neighborhoods[0];
        Assert.True(zone.Contains(new Point(n.X, n.Y)));
    }

    [Fact]
    public void Load_TinyDistrict_RecordsEveryFileWithItsHash()
    {
        var source = LoadTiny();

        Assert.Equal(["district.yaml", "schools.csv", "zones.geojson", "tracts.geojson", "overlap.csv", "summary.csv"],
            source.Files.Select(f => Path.GetFileName(f.Path)));
        Assert.All(source.Files, f => Assert.Matches("^[0-9a-f]{64}$", f.Sha256));
        Assert.Equal(560, source.Summary["enrollment"]);
    }

    [Fact]
    public void Load_SelfTouchingRing_IsRepairedWithoutChangingArea()
    {
        // Zone 1 drawn as one ring that visits (-96.79, 32.80) twice, looping inward through a triangle between the two
        // visits: an "inverted hole", invalid in OGC terms, as simplified GIS layers produce. The repair makes the
        // triangle a proper hole; the area (square minus triangle) is unchanged.
        //   (0,2)---(1,2)---(2,2)
        //     |     /  \      |
        //     | (.5,1)-(1.5,1)|      units of 0.01°
        //   (0,0)-----------(2,0)
        var tiny = new TinyDistrictFolder();
        static (double, double) At(double x, double y) => (-96.80 + x * 0.01, 32.78 + y * 0.01);
        var touching = TinyDistrictFolder.Polygon(At(0, 0), At(2, 0), At(2, 2), At(1, 2), At(1.5, 1), At(0.5, 1), At(1, 2),
            At(0, 2), At(0, 0));
        tiny.ZonesGeoJson = TinyDistrictFolder.Collection(
            TinyDistrictFolder.Feature(touching, """{"sln": 1, "name": "Zone One"}"""),
            TinyDistrictFolder.Feature(TinyDistrictFolder.Square(-96.78, 32.78, 0.02), """{"sln": 2, "name": "Zone Two"}"""));

        var source = LoadTiny(tiny);

        Assert.Equal(["1"], source.RepairedZones);
        var zone = Assert.IsType<Polygon>(source.ZonePolygons["1"]);
        Assert.True(zone.IsValid);
        Assert.Equal(1, zone.NumInteriorRings);
    }
}
