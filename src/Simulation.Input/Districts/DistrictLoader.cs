using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Operation.Valid;
using Simulation.Core.Model;
using Simulation.Input.Files;
using Simulation.Input.Geography;

namespace Simulation.Input.Districts;

/// <summary>
/// Loads a district folder (a <c>district.yaml</c> and the data files it names) into the core's
/// <see cref="District"/>.
/// </summary>
/// <remarks>
/// <para>Neighborhoods are the attendance zones of the zone file, in file order; each neighborhood's zoned school
/// is the campus with the zone's id. Its representative point is the zone's centroid in projected coordinates, or
/// an interior point when the centroid falls outside the zone.</para>
/// <para>Schools are the zoned campuses in zone-file order, then the definition's choice campuses in its order.
/// Coordinates are projected with the UTM zone of the mean longitude of the zones' envelope centres; distances are
/// straight lines on that projection, in km.</para>
/// <para>Students per neighborhood × grade × group and seats per school × grade follow
/// <see cref="EnrollmentCalibration"/>; child poverty rates follow <see cref="ZoneChildPoverty"/>.</para>
/// <para>Nothing here is specific to one district: all names come from <c>district.yaml</c>.</para>
/// </remarks>
public static class DistrictLoader
{
    /// <exception cref="InputException">Any problem with the definition or the data, naming file, row or feature,
    /// and field.</exception>
    public static DistrictSource Load(string folder)
    {
        var (definition, definitionFile) = DistrictDefinitionReader.Load(folder);
        var definitionPath = Path.Combine(folder, DistrictDefinitionReader.FileName);
        var files = new List<InputFile> { definitionFile };
        string DataPath(string name) => Path.Combine(folder, name);

        var (schoolsTable, schoolsFile) = CsvTable.Load(DataPath(definition.Files.Schools));
        files.Add(schoolsFile);
        var campuses = CampusTable.Read(schoolsTable, definition);

        var (zones, zonesFile) = GeoJsonLayer.Load(DataPath(definition.Files.Zones), "sln");
        files.Add(zonesFile);
        var zoneCampuses = ReadZones(zones, campuses, schoolsTable);

        var choiceCampuses = CheckCuration(definitionPath, definition, campuses, schoolsTable);

        var projection = ProjectionFor(zones);
        var polygons = new Dictionary<string, Geometry>(StringComparer.Ordinal);
        var repaired = new List<string>();
        var neighborhoodPoints = new Point[zones.Count];
        for (var z = 0; z < zones.Count; z++)
        {
            var polygon = ValidArea(zones, z, projection, repaired);
            polygons[zoneCampuses[z].Id] = polygon;
            var point = polygon.Centroid;
            neighborhoodPoints[z] = polygon.Contains(point) ? point : polygon.InteriorPoint;
        }

        var (tracts, tractsFile) = GeoJsonLayer.Load(DataPath(definition.Files.Tracts), "geoid");
        files.Add(tractsFile);
        var (overlap, overlapFile) = CsvTable.Load(DataPath(definition.Files.TractZoneOverlap));
        files.Add(overlapFile);
        var poverty = ZoneChildPoverty.Estimate(tracts, overlap, zoneCampuses.Select(c => c.Id).ToArray(),
            z => zones.OptionalNumber(z, "acs_child_poverty_rate"));

        var summary = new Dictionary<string, int>(StringComparer.Ordinal);
        if (definition.Files.Summary is { } summaryName)
        {
            var (summaryTable, summaryFile) = CsvTable.Load(DataPath(summaryName));
            files.Add(summaryFile);
            int measure = summaryTable.Column("measure"), count = summaryTable.Column("count");
            for (var r = 0; r < summaryTable.RowCount; r++)
                if (!summary.TryAdd(summaryTable.RequiredText(r, measure), summaryTable.Int(r, count)))
                    throw summaryTable.Error(r, measure, "duplicate measure");
        }

        var schools = zoneCampuses.Concat(choiceCampuses).ToArray();
        var schoolInfos = schools.Select(c => SchoolInfoOf(c, projection, schoolsTable)).ToArray();
        var neighborhoods = new NeighborhoodInfo[zones.Count];
        for (var z = 0; z < zones.Count; z++)
            neighborhoods[z] = new NeighborhoodInfo(zoneCampuses[z].Id, zones.Text(z, "name"),
                neighborhoodPoints[z].X, neighborhoodPoints[z].Y, z, poverty.Rates[zoneCampuses[z].Id]);

        var grades = definition.GradeCodes.Select(definition.Ladder.IndexOf).ToArray();
        int gradeCount = grades.Length, groupCount = definition.Groups.Count;
        var cohorts = new int[zones.Count * gradeCount * groupCount];
        var seats = new int[schools.Length * gradeCount];
        for (var s = 0; s < schools.Length; s++)
        {
            var c = schools[s];
            var estimate = EnrollmentCalibration.Calibrate(definition.Ladder, grades, c.SpanLow, c.SpanHigh,
                c.Enrollment, c.Disadvantaged);
            for (var g = 0; g < gradeCount; g++)
            {
                seats[s * gradeCount + g] = estimate.Students[g];
                if (c.HasZone)
                {
                    cohorts[(s * gradeCount + g) * groupCount] = estimate.Disadvantaged[g];
                    cohorts[(s * gradeCount + g) * groupCount + 1] = estimate.Students[g] - estimate.Disadvantaged[g];
                }
            }
        }

        var district = new District(definition.Id, definition.Name, definition.Grades, definition.Groups, schoolInfos,
            neighborhoods, cohorts, seats, DistancesKm(neighborhoods, schoolInfos));
        return new DistrictSource(district, definition, folder, files, projection, polygons, poverty.Fallbacks, repaired, summary);
    }

    /// <summary>The campus of each zone, in zone-file order, checking that every zoned campus has exactly one zone.</summary>
    private static Campus[] ReadZones(GeoJsonLayer zones, IReadOnlyDictionary<string, Campus> campuses, CsvTable schools)
    {
        if (zones.Count == 0) throw new InputException(zones.File, null, null, "the zone file has no features");
        var result = new Campus[zones.Count];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var z = 0; z < zones.Count; z++)
        {
            var id = zones.Id(z);
            if (!seen.TryAdd(id, z)) throw zones.Error(z, "sln", $"duplicate zone id (first at feature {seen[id] + 1})");
            if (!campuses.TryGetValue(id, out var campus))
                throw zones.Error(z, "sln", $"no campus with this id in {schools.File}");
            if (!campus.HasZone)
                throw zones.Error(z, "sln", $"{schools.File} {schools.Location(campus.Row)} says this campus has no zone (has_elem_zone = 0)");
            result[z] = campus;
        }
        foreach (var campus in campuses.Values)
            if (campus.HasZone && !seen.ContainsKey(campus.Id))
                throw schools.Error(campus.Row, schools.Column("has_elem_zone"), $"campus {campus.Id} has no zone in {zones.File}");
        return result;
    }

    /// <summary>Checks the curated lists against the schools file and returns the choice campuses in definition order.</summary>
    private static Campus[] CheckCuration(string definitionPath, DistrictDefinition definition,
        IReadOnlyDictionary<string, Campus> campuses, CsvTable schools)
    {
        var grades = definition.GradeCodes.Select(definition.Ladder.IndexOf).ToArray();
        bool ServesSimulatedGrades(Campus c) => grades.Any(g => g >= c.SpanLow && g <= c.SpanHigh);

        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (list, entries) in new[]
                 { ("choice_campuses", definition.ChoiceCampuses), ("excluded_campuses", definition.ExcludedCampuses) })
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                if (!campuses.ContainsKey(entry.Id))
                    throw new InputException(definitionPath, $"line {entry.Line}", $"{list}.{i}.sln",
                        $"no campus with id {entry.Id} in {schools.File}");
                listed.Add(entry.Id);
            }

        var choice = new Campus[definition.ChoiceCampuses.Count];
        for (var i = 0; i < choice.Length; i++)
        {
            var entry = definition.ChoiceCampuses[i];
            var campus = campuses[entry.Id];
            InputException Fail(string reason) =>
                new(definitionPath, $"line {entry.Line}", $"choice_campuses.{i}.sln", reason);
            if (campus.HasZone) throw Fail($"campus {entry.Id} has an attendance zone; a choice campus has none");
            var estimate = EnrollmentCalibration.Calibrate(definition.Ladder, grades, campus.SpanLow, campus.SpanHigh,
                campus.Enrollment, campus.Disadvantaged);
            if (estimate.Total == 0)
                throw Fail($"campus {entry.Id} ({campus.Name}) would have no seats in the simulated grades " +
                     $"(grades {definition.Ladder.Codes[campus.SpanLow]}–{definition.Ladder.Codes[campus.SpanHigh]}, enrollment {campus.Enrollment})");
            if (campus.Longitude is null)
                throw Fail($"campus {entry.Id} has no coordinates in {schools.File} {schools.Location(campus.Row)}");
            choice[i] = campus;
        }

        foreach (var campus in campuses.Values.OrderBy(c => c.Row))
            if (!campus.HasZone && ServesSimulatedGrades(campus) && !listed.Contains(campus.Id))
                throw new InputException(definitionPath, null, "choice_campuses",
                    $"campus {campus.Id} ({campus.Name}, {schools.File} {schools.Location(campus.Row)}) serves simulated " +
                    "grades but has no zone; list it under choice_campuses or excluded_campuses");
        return choice;
    }

    /// <summary>
    /// The projected zone polygon, repaired when it is invalid only in a way that does not change its area (a ring
    /// touching itself at a point, as in simplified GIS layers).
    /// </summary>
    /// <remarks>NetTopologySuite's <see cref="GeometryFixer"/> does the repair; if it changes the area by more than
    /// <see cref="RepairAreaTolerance"/> (e.g. a self-crossing "bow tie" ring), the zone is rejected.</remarks>
    private static Geometry ValidArea(GeoJsonLayer zones, int z, UtmProjection projection, List<string> repaired)
    {
        var polygon = zones.Area(z).Project(projection);
        var validation = new IsValidOp(polygon);
        if (validation.IsValid) return polygon;
        var fixedPolygon = GeometryFixer.Fix(polygon);
        var change = fixedPolygon.Area > 0 ? Math.Abs(fixedPolygon.Area - polygon.Area) / fixedPolygon.Area : 1;
        if (fixedPolygon.IsEmpty || fixedPolygon is not (Polygon or MultiPolygon) || change > RepairAreaTolerance)
            throw zones.Error(z, "geometry", $"invalid geometry: {validation.ValidationError}");
        repaired.Add(zones.Id(z));
        return fixedPolygon;
    }

    /// <summary>Largest relative change of area a geometry repair may make (0.1%).</summary>
    private const double RepairAreaTolerance = 1e-3;

    /// <summary>UTM zone of the mean longitude (and hemisphere of the mean latitude) of the zones' envelope centres.</summary>
    private static UtmProjection ProjectionFor(GeoJsonLayer zones)
    {
        double lon = 0, lat = 0;
        for (var z = 0; z < zones.Count; z++)
        {
            var centre = zones.Area(z).EnvelopeInternal.Centre;
            if (centre.X is < -180 or > 180 || centre.Y is < -90 or > 90)
                throw zones.Error(z, "geometry", "coordinates must be longitude/latitude in degrees");
            lon += centre.X;
            lat += centre.Y;
        }
        return UtmProjection.ForArea(lon / zones.Count, lat / zones.Count);
    }

    private static SchoolInfo SchoolInfoOf(Campus campus, UtmProjection projection, CsvTable schools)
    {
        if (campus.Longitude is not { } lon || campus.Latitude is not { } lat)
            throw schools.Error(campus.Row, schools.Column("lon"), "coordinates are required for a simulated campus");
        var (x, y) = projection.Forward(lon, lat);
        var edShare = campus.Enrollment == 0 ? 0 : (double)campus.Disadvantaged / campus.Enrollment;
        return new SchoolInfo(campus.Id, campus.Name, x, y, campus.Rating, campus.RatingScore, !campus.HasZone,
            campus.Enrollment, edShare, Share(campus.EnglishLearners, campus.Enrollment), Share(campus.SpecialEducation, campus.Enrollment));
    }

    /// <summary>A count's share of the enrollment: NaN when the count is unknown, 0 for an empty campus.</summary>
    private static double Share(int? count, int enrollment) =>
        count is not { } c ? double.NaN : enrollment == 0 ? 0 : (double)c / enrollment;

    /// <summary>Straight-line km from each neighborhood's point to each school (projected metres), in the order of
    /// <see cref="District.DistanceIndex"/>.</summary>
    internal static double[] DistancesKm(IReadOnlyList<NeighborhoodInfo> neighborhoods, IReadOnlyList<SchoolInfo> schools)
    {
        var distances = new double[neighborhoods.Count * schools.Count];
        for (var n = 0; n < neighborhoods.Count; n++)
            for (var s = 0; s < schools.Count; s++)
                distances[n * schools.Count + s] =
                    Math.Sqrt(Square(neighborhoods[n].X - schools[s].X) + Square(neighborhoods[n].Y - schools[s].Y)) / 1000;
        return distances;
    }

    private static double Square(double x) => x * x;
}
