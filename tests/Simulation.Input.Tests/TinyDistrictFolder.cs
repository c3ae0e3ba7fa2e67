using System.Globalization;

namespace Simulation.Input.Tests;

/// <summary>
/// A hand-made district folder whose loaded figures can be checked by hand; tests edit one file's text to break it.
/// <code>
///   lat 32.80 +---------------+---------------+
///             |  zone 1       |  zone 2       |      choice campus 3 (KG-05) at (-96.78, 32.81), north of both
///             |  school 1 ·   |  school 2 ·   |      excluded campus 4 (06-08)
///   lat 32.78 +---------------+---------------+
///          lon -96.80      -96.78          -96.76
///
///   tracts: T1 (pop 1000, child poverty 0.2) all in zone 1;
///           T2 (pop 3000, child poverty 0.6) half in zone 1, half in zone 2;
///           T3 (pop 500, no rate) all in zone 2 — left out of the average
///   → zone 1: (1000·0.2 + 1500·0.6) / 2500 = 0.44;  zone 2: 0.6
///
///   simulated grades K, 1 (codes KG, 01); ladder EE 0.5, PK … 05 1
///   school 1: PK-02, 100 students, 37 ED → T = round(100·2/4) = 50 → 25 / 25; D = round(18.5) = 19 → 10 / 9
///   school 2: EE-01,  70 students, 70 ED → T = round(70·2/3.5) = 40 → 20 / 20; D = 40 → 20 / 20
///   school 3: KG-05,  90 students, 30 ED → T = round(90·2/6) = 30 → seats 15 / 15
/// </code>
/// </summary>
public sealed class TinyDistrictFolder
{
    public string DistrictYaml { get; set; } = """
        id: tiny
        name: Tiny ISD
        files:
          schools: schools.csv
          zones: zones.geojson
          tracts: tracts.geojson
          tract_zone_overlap: overlap.csv
          summary: summary.csv
        grades: [K, "1"]
        groups: [ed, not_ed]
        calibration:
          grade_codes: {K: KG, "1": "01"}
          grade_weights: {EE: 0.5, PK: 1, KG: 1, "01": 1, "02": 1, "03": 1, "04": 1, "05": 1, "06": 1, "07": 1, "08": 1}
        ratings:
          column: rating
          scores: {A: 4, B: 3, C: 2, D: 1, F: 0, Not Rated: 2}
        choice_campuses:
          - {sln: "3", note: "the choice campus"}
        excluded_campuses:
          - {sln: "4", reason: "middle school"}
        """;

    public string SchoolsCsv { get; set; } = """
        sln,name,lat,lon,grade_low,grade_high,enrollment,econ_disadv,rating,has_elem_zone
        1,ONE EL,32.79,-96.79,PK,02,100,37,B,1
        2,TWO EL,32.79,-96.77,EE,01,70,70,Not Rated,1
        3,THREE ACADEMY,32.81,-96.78,KG,05,90,30,A,0
        4,FOUR MIDDLE,32.82,-96.75,06,08,300,200,C,0

        """;

    public string ZonesGeoJson { get; set; } = Collection(
        Feature(Square(-96.80, 32.78, 0.02), """{"sln": 1, "name": "Zone One", "acs_child_poverty_rate": 0.3}"""),
        Feature(Square(-96.78, 32.78, 0.02), """{"sln": 2, "name": "Zone Two", "acs_child_poverty_rate": 0.5}"""));

    public string TractsGeoJson { get; set; } = Collection(
        Feature(Square(-96.80, 32.78, 0.01), """{"geoid": "T1", "pop": 1000, "child_poverty_rate": 0.2}"""),
        Feature(Square(-96.79, 32.78, 0.02), """{"geoid": "T2", "pop": 3000, "child_poverty_rate": 0.6}"""),
        Feature(Square(-96.77, 32.79, 0.01), """{"geoid": "T3", "pop": 500, "child_poverty_rate": null}"""));

    public string OverlapCsv { get; set; } = """
        geoid,elem_zone_sln,frac_of_tract_area
        T1,1,1.0
        T2,1,0.5
        T2,2,0.5
        T3,2,1.0

        """;

    public string SummaryCsv { get; set; } = "measure,count\nenrollment,560\necon_disadv,337\n";

    /// <summary>Writes the five files and district.yaml into <paramref name="folder"/> and returns the folder.</summary>
    public string WriteTo(TempFolder folder, string subfolder = "tiny")
    {
        folder.Write($"{subfolder}/district.yaml", DistrictYaml);
        folder.Write($"{subfolder}/schools.csv", SchoolsCsv);
        folder.Write($"{subfolder}/zones.geojson", ZonesGeoJson);
        folder.Write($"{subfolder}/tracts.geojson", TractsGeoJson);
        folder.Write($"{subfolder}/overlap.csv", OverlapCsv);
        folder.Write($"{subfolder}/summary.csv", SummaryCsv);
        return Path.Combine(folder.Path, subfolder);
    }

    /// <summary>A FeatureCollection with the legacy <c>crs</c> member, as the Dallas files have.</summary>
    public static string Collection(params string[] features) =>
        """{"type": "FeatureCollection", "name": "test", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}, "features": [""" +
        string.Join(",\n", features) + "]}";

    public static string Feature(string geometry, string properties) =>
        $$"""{"type": "Feature", "properties": {{properties}}, "geometry": {{geometry}}}""";

    /// <summary>An axis-aligned square polygon with its south-west corner at (lon, lat).</summary>
    public static string Square(double lon, double lat, double size) =>
        Polygon((lon, lat), (lon + size, lat), (lon + size, lat + size), (lon, lat + size), (lon, lat));

    public static string Polygon(params (double Lon, double Lat)[] ring) =>
        """{"type": "Polygon", "coordinates": [[""" +
        string.Join(", ", ring.Select(p => string.Create(CultureInfo.InvariantCulture, $"[{p.Lon}, {p.Lat}]"))) + "]]}";
}
