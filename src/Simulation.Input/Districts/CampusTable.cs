using Simulation.Input.Files;

namespace Simulation.Input.Districts;

/// <summary>One campus of the schools file, parsed and checked.</summary>
/// <param name="Row">0-based record index in the schools table, for messages.</param>
/// <param name="SpanLow">Ladder position of the lowest grade served.</param>
/// <param name="Longitude">Null when the file gives no coordinates.</param>
public sealed record Campus(
    string Id,
    string Name,
    int Row,
    double? Longitude,
    double? Latitude,
    int SpanLow,
    int SpanHigh,
    int Enrollment,
    int Disadvantaged,
    string Rating,
    double RatingScore,
    bool HasZone,
    int? EnglishLearners = null,
    int? SpecialEducation = null);

/// <summary>
/// Reads the schools file: one row per campus with columns <c>sln, name, lat, lon, grade_low, grade_high,
/// enrollment, econ_disadv, has_elem_zone</c> and the rating column the definition names; optionally <c>ell</c>
/// (English learners) and <c>special_ed</c> (special-education students), whole numbers between 0 and the enrollment
/// or blank, which funding formulas use.
/// </summary>
/// <remarks>Every row is checked, not only the campuses the model uses, so a damaged file fails loudly. Coordinates
/// may be blank (the loader requires them only for simulated campuses).</remarks>
public static class CampusTable
{
    public static IReadOnlyDictionary<string, Campus> Read(CsvTable table, DistrictDefinition definition)
    {
        int id = table.Column("sln"), name = table.Column("name"), lat = table.Column("lat"), lon = table.Column("lon"),
            low = table.Column("grade_low"), high = table.Column("grade_high"), enrollment = table.Column("enrollment"),
            disadvantaged = table.Column("econ_disadv"), rating = table.Column(definition.Ratings.Column),
            hasZone = table.Column("has_elem_zone");
        int? ell = table.HasColumn("ell") ? table.Column("ell") : null;
        int? specialEd = table.HasColumn("special_ed") ? table.Column("special_ed") : null;
        var campuses = new Dictionary<string, Campus>(StringComparer.Ordinal);
        for (var r = 0; r < table.RowCount; r++)
        {
            var campusId = table.RequiredText(r, id);
            var spanLow = Grade(table, r, low, definition.Ladder);
            var spanHigh = Grade(table, r, high, definition.Ladder);
            if (spanLow > spanHigh)
                throw table.Error(r, high, $"the highest grade '{table.Text(r, high)}' is below the lowest '{table.Text(r, low)}'");
            var students = table.Int(r, enrollment);
            if (students < 0) throw table.Error(r, enrollment, $"must be ≥ 0, got {students}");
            var ed = table.Int(r, disadvantaged);
            if (ed < 0 || ed > students)
                throw table.Error(r, disadvantaged, $"must lie between 0 and the enrollment ({students}), got {ed}");
            var label = table.RequiredText(r, rating);
            if (!definition.Ratings.Scores.TryGetValue(label, out var score))
                throw table.Error(r, rating,
                    $"rating '{label}' has no score in district.yaml ratings.scores ({string.Join(", ", definition.Ratings.Scores.Keys)})");
            var zoned = table.Text(r, hasZone) switch
            {
                "1" => true,
                "0" => false,
                var other => throw table.Error(r, hasZone, $"expected 0 or 1, got '{other}'"),
            };
            var latitude = table.OptionalDouble(r, lat);
            var longitude = table.OptionalDouble(r, lon);
            if (latitude is < -90 or > 90) throw table.Error(r, lat, $"latitude out of range ({latitude})");
            if (longitude is < -180 or > 180) throw table.Error(r, lon, $"longitude out of range ({longitude})");
            if (latitude.HasValue != longitude.HasValue)
                throw table.Error(r, latitude.HasValue ? lon : lat, "give both coordinates or neither");
            var campus = new Campus(campusId, table.RequiredText(r, name), r, longitude, latitude, spanLow, spanHigh,
                students, ed, label, score, zoned, OptionalCount(table, r, ell, students), OptionalCount(table, r, specialEd, students));
            if (!campuses.TryAdd(campusId, campus))
                throw table.Error(r, id, $"duplicate id {campusId} (first at {table.Location(campuses[campusId].Row)})");
        }
        return campuses;
    }

    private static int? OptionalCount(CsvTable table, int row, int? column, int enrollment)
    {
        if (column is not { } c || table.Text(row, c).Length == 0) return null;
        var count = table.Int(row, c);
        return count >= 0 && count <= enrollment
            ? count
            : throw table.Error(row, c, $"must lie between 0 and the enrollment ({enrollment}), got {count}");
    }

    private static int Grade(CsvTable table, int row, int column, GradeLadder ladder)
    {
        var code = table.RequiredText(row, column);
        var rung = ladder.IndexOf(code);
        return rung >= 0
            ? rung
            : throw table.Error(row, column,
                $"grade '{code}' is not listed in district.yaml calibration.grade_weights ({string.Join(", ", ladder.Codes)})");
    }
}
