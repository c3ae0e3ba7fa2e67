using System.Text.Json;
using NetTopologySuite.Geometries;
using Simulation.Core.Model;
using Simulation.Input.Districts;
using Simulation.Testing;

namespace Simulation.Input.Tests.Districts;

/// <summary>The bundled Dallas ISD district, checked against figures recomputed here from the raw files.</summary>
public sealed class DallasDistrictTests
{
    private static readonly Lazy<DistrictSource> Source = new(() => DistrictLoader.Load(RepositoryPaths.District("dallas-isd")));

    private static District Dallas => Source.Value.District;

    private static string DataFile(string name) => Path.Combine(RepositoryPaths.District("dallas-isd"), name);

    /// <summary>schools.csv by sln, read with a plain split (the file has no quoted fields).</summary>
    private static readonly Lazy<Dictionary<string, Dictionary<string, string>>> Schools = new(() =>
    {
        var lines = File.ReadAllLines(DataFile("schools.csv"));
        var header = lines[0].Split(',');
        return lines.Skip(1).Where(l => l.Length > 0)
            .Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second))
            .ToDictionary(r => r["sln"]);
    });

    private static readonly Lazy<JsonElement[]> ZoneProperties = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(DataFile("elementary_zones.geojson")));
        return doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").Clone()).ToArray();
    });

    private static readonly string[] Ladder = ["EE", "PK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"];

    /// <summary>The README's rule, written out again: K–5 total and ED total of one campus.</summary>
    private static (int Total, int Ed, int[] ByGrade) Expected(string sln)
    {
        var row = Schools.Value[sln];
        int low = Array.IndexOf(Ladder, row["grade_low"]), high = Array.IndexOf(Ladder, row["grade_high"]);
        double Weight(int rung) => Ladder[rung] == "EE" ? 0.5 : 1;
        var span = Enumerable.Range(low, high - low + 1).ToArray();
        var served = span.Where(r => r is >= 2 and <= 7).ToArray();
        int enrollment = int.Parse(row["enrollment"]), ed = int.Parse(row["econ_disadv"]);
        var total = (int)Math.Round(enrollment * served.Sum(Weight) / span.Sum(Weight), MidpointRounding.AwayFromZero);
        var edTotal = (int)Math.Round((decimal)ed * total / enrollment, MidpointRounding.AwayFromZero);
        // Equal weights: every served grade gets total / n, the lowest grades one more each for the remainder.
        var byGrade = new int[6];
        for (var i = 0; i < served.Length; i++)
            byGrade[served[i] - 2] = total / served.Length + (i < total % served.Length ? 1 : 0);
        return (total, edTotal, byGrade);
    }

    private static int Sum(int neighborhood, int group) =>
        Enumerable.Range(0, Dallas.GradeCount).Sum(g => Dallas.CohortCounts[Dallas.CohortIndex(neighborhood, g, group)]);

    [Fact]
    public void Load_Dallas_HasOneNeighborhoodPerZoneInFileOrder()
    {
        var zoneSlns = ZoneProperties.Value.Select(p => p.GetProperty("sln").GetInt32().ToString()).ToArray();

        Assert.Equal(135, Dallas.NeighborhoodCount);
        Assert.Equal(zoneSlns, Dallas.Neighborhoods.Select(n => n.Id));
        Assert.Equal(zoneSlns, Dallas.Schools.Take(135).Select(s => s.Id));
        Assert.All(Dallas.Neighborhoods.Select((n, i) => (n, i)), p => Assert.Equal(p.i, p.n.ZonedSchool));
        Assert.Equal(["K", "1", "2", "3", "4", "5"], Dallas.GradeNames);
        Assert.Equal(["ed", "not_ed"], Dallas.GroupNames);
    }

    [Fact]
    public void Load_Dallas_ChoiceCampusesFollowZonedSchoolsInDefinitionOrder()
    {
        Assert.Equal(148, Dallas.SchoolCount);
        Assert.Equal(["128", "134", "160", "186", "212", "220", "270", "306", "322", "340", "361", "385", "386"],
            Dallas.Schools.Skip(135).Select(s => s.Id));
        Assert.All(Dallas.Schools.Skip(135), s => Assert.True(s.IsChoice));
        Assert.All(Dallas.Schools.Take(135), s => Assert.False(s.IsChoice));
    }

    [Fact]
    public void Load_Dallas_EachZoneTotalFollowsTheRoundingRule()
    {
        for (var n = 0; n < Dallas.NeighborhoodCount; n++)
        {
            var (total, ed, byGrade) = Expected(Dallas.Neighborhoods[n].Id);
            Assert.Equal(total, Sum(n, 0) + Sum(n, 1));
            Assert.Equal(ed, Sum(n, 0));
            for (var g = 0; g < 6; g++)
                Assert.Equal(byGrade[g], Dallas.CohortCounts[Dallas.CohortIndex(n, g, 0)] + Dallas.CohortCounts[Dallas.CohortIndex(n, g, 1)]);
        }
    }

    [Fact]
    public void Load_Dallas_DistrictTotalsMatchTheDocumentedCalibration()
    {
        var zones = Dallas.Neighborhoods.Select(n => Expected(n.Id)).ToArray();
        var edTotal = Enumerable.Range(0, Dallas.NeighborhoodCount).Sum(n => Sum(n, 0));

        Assert.Equal(zones.Sum(z => z.Total), Dallas.StudentCount);
        Assert.Equal(zones.Sum(z => z.Ed), edTotal);
        // The figures scenarios/districts/dallas-isd/README.md reports.
        Assert.Equal(54_956, Dallas.StudentCount);
        Assert.Equal(48_766, edTotal);
    }

    [Fact]
    public void Load_Dallas_ZonedSeatsEqualTheirZonesStudents()
    {
        for (var s = 0; s < 135; s++)
            for (var g = 0; g < Dallas.GradeCount; g++)
                Assert.Equal(Dallas.CohortCounts[Dallas.CohortIndex(s, g, 0)] + Dallas.CohortCounts[Dallas.CohortIndex(s, g, 1)],
                    Dallas.SeatsByGrade[Dallas.SeatIndex(s, g)]);
    }

    [Fact]
    public void Load_Dallas_ChoiceSeatsFollowTheRuleAndServedGrades()
    {
        for (var s = 135; s < Dallas.SchoolCount; s++)
        {
            var expected = Expected(Dallas.Schools[s].Id);
            var seats = Enumerable.Range(0, 6).Select(g => Dallas.SeatsByGrade[Dallas.SeatIndex(s, g)]).ToArray();
            Assert.Equal(expected.ByGrade, seats);
            Assert.True(seats.Any(x => x > 0), $"campus {Dallas.Schools[s].Id} has no seats");
        }
        Assert.Equal(3_541, Enumerable.Range(135, 13).Sum(Dallas.Seats));
        // Spans: Trinity Heights 01-08 has no K seats; Prestonwood PK-02 none in 3-5; Dallas Hybrid 04-06 only 4-5.
        Assert.Equal(0, Dallas.SeatsByGrade[Dallas.SeatIndex(Dallas.IndexOfSchool("186"), 0)]);
        Assert.Equal(0, Dallas.SeatsByGrade[Dallas.SeatIndex(Dallas.IndexOfSchool("322"), 3)]);
        Assert.Equal([0, 0, 0, 0, 23, 22], Enumerable.Range(0, 6).Select(g => Dallas.SeatsByGrade[Dallas.SeatIndex(Dallas.IndexOfSchool("340"), g)]));
    }

    [Fact]
    public void Load_Dallas_ChildPovertyMatchesTheZoneFilesAreaWeightedRates()
    {
        // Upstream's acs_child_poverty_rate was computed the same way (to 4 decimals): an independent check of the
        // tract weighting.
        Assert.Empty(Source.Value.ChildPovertyFallbacks);
        var properties = ZoneProperties.Value;
        for (var n = 0; n < Dallas.NeighborhoodCount; n++)
            Assert.Equal(properties[n].GetProperty("acs_child_poverty_rate").GetDouble(), Dallas.Neighborhoods[n].ChildPovertyRate, 0.0006);
    }

    [Fact]
    public void Load_Dallas_DistancesArePlausible()
    {
        Assert.Equal(14, Source.Value.Projection.Zone);
        Assert.All(Dallas.DistanceKm, d => Assert.InRange(d, 0, 60));
        for (var n = 0; n < Dallas.NeighborhoodCount; n++)
        {
            var zoned = Dallas.Neighborhoods[n].ZonedSchool;
            Assert.InRange(Dallas.DistanceKm[Dallas.DistanceIndex(n, zoned)], 0, 6);
            // The zoned school is among the three nearest zoned schools of its own zone's point.
            var rank = Enumerable.Range(0, 135).Count(s =>
                Dallas.DistanceKm[Dallas.DistanceIndex(n, s)] < Dallas.DistanceKm[Dallas.DistanceIndex(n, zoned)]);
            Assert.True(rank < 3, $"zone {Dallas.Neighborhoods[n].Id}: {rank} zoned schools are nearer than its own");
        }
        var nearestIsZoned = Enumerable.Range(0, Dallas.NeighborhoodCount).Count(n =>
            Enumerable.Range(0, 135).MinBy(s => Dallas.DistanceKm[Dallas.DistanceIndex(n, s)]) == n);
        Assert.True(nearestIsZoned >= 120, $"only {nearestIsZoned} of 135 zones are nearest to their own school");
    }

    [Fact]
    public void Load_Dallas_PointsLieInsideTheirZones()
    {
        foreach (var n in Dallas.Neighborhoods)
        {
            var zone = Source.Value.ZonePolygons[n.Id];
            Assert.True(zone.Contains(new Point(n.X, n.Y)), $"zone {n.Id}'s point is outside it");
            var school = Dallas.Schools[n.ZonedSchool];
            // Every zoned school sits within 100 m of its own zone (projected campus points and zone polygons agree).
            Assert.True(zone.Distance(new Point(school.X, school.Y)) < 100, $"school {school.Id} is far from its zone");
        }
    }

    [Fact]
    public void Load_Dallas_RepairsTheTwoSelfTouchingZones() =>
        Assert.Equal(["108", "129"], Source.Value.RepairedZones);

    [Fact]
    public void Load_Dallas_ScoresRatingsAndKeepsRealFigures()
    {
        var solarGirls = Dallas.Schools[Dallas.IndexOfSchool("306")];
        Assert.Equal(("B", 3.0, 671, 302.0 / 671), (solarGirls.Rating, solarGirls.RatingScore, solarGirls.RealEnrollment, solarGirls.RealEdShare));
        Assert.All(Dallas.Schools, s => Assert.Equal(s.Rating switch
        {
            "A" => 4.0, "B" => 3.0, "C" => 2.0, "D" => 1.0, "F" => 0.0, _ => 2.0,
        }, s.RatingScore));
        Assert.Contains(Dallas.Schools, s => s.Rating.StartsWith("Not Rated", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_Dallas_SummaryMatchesSchoolsFile()
    {
        var summary = Source.Value.Summary;

        Assert.Equal(Schools.Value.Values.Sum(r => int.Parse(r["enrollment"])), summary["enrollment"]);
        Assert.Equal(Schools.Value.Values.Sum(r => int.Parse(r["econ_disadv"])), summary["econ_disadv"]);
        Assert.Equal(6, Source.Value.Files.Count);
    }
}
