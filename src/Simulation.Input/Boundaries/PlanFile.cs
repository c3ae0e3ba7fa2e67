using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.OverlayNG;
using Simulation.Core.Boundaries;
using Simulation.Input.Files;
using Simulation.Input.Geography;

namespace Simulation.Input.Boundaries;

/// <summary>
/// Reads a boundary plan: a <c>unit_id,zone_id</c> CSV (the table redistricting tools such as Districtr export) or
/// a GeoJSON FeatureCollection of zone polygons whose units are apportioned by area.
/// </summary>
/// <remarks>
/// <para><b>CSV</b>: a header with <c>unit_id</c> and <c>zone_id</c> (other columns ignored); every unit exactly
/// once; zone ids are the zoned campus ids (Dallas: SLN).</para>
/// <para><b>GeoJSON</b> (<c>.geojson</c> or <c>.json</c>): one feature per zone in longitude/latitude with a
/// <c>zone_id</c> property (or <c>sln</c>); each unit goes to the zone polygon that covers the largest part of its
/// area (ties: the zone listed first). A unit no polygon touches is an error.</para>
/// <para>Errors name the file, the row or feature, and the field.</para>
/// </remarks>
public static class PlanFile
{
    /// <exception cref="InputException">Unreadable file, unknown unit or zone, a unit missing or listed twice.</exception>
    public static (int[] Assignment, InputFile File) Load(string path, BoundaryGeography geography)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".geojson" or ".json")
        {
            var (layer, file) = GeoJsonLayer.Load(path, "zone_id");
            return (FromPolygons(layer, geography), file);
        }
        var (table, csvFile) = CsvTable.Load(path);
        return (FromTable(table, geography.Graph), csvFile);
    }

    public static int[] FromTable(CsvTable table, UnitGraph graph)
    {
        int unitColumn = table.Column("unit_id"), zoneColumn = table.Column("zone_id");
        var assignment = Enumerable.Repeat(-1, graph.UnitCount).ToArray();
        var units = Index(graph.UnitIds);
        var zones = Index(graph.ZoneIds);
        var rowOf = new int[graph.UnitCount];
        for (var r = 0; r < table.RowCount; r++)
        {
            var unitId = table.RequiredText(r, unitColumn);
            var zoneId = table.RequiredText(r, zoneColumn);
            if (!units.TryGetValue(unitId, out var u)) throw table.Error(r, unitColumn, $"no unit '{unitId}' in the district's boundary units");
            if (!zones.TryGetValue(zoneId, out var z)) throw table.Error(r, zoneColumn, $"no zone '{zoneId}' (zones are the zoned campus ids)");
            if (assignment[u] >= 0) throw table.Error(r, unitColumn, $"unit '{unitId}' is listed twice (first at {table.Location(rowOf[u])})");
            assignment[u] = z;
            rowOf[u] = r;
        }
        var missing = Enumerable.Range(0, graph.UnitCount).Where(u => assignment[u] < 0).ToArray();
        if (missing.Length > 0)
            throw new InputException(table.File, null, "unit_id",
                $"{missing.Length} unit(s) have no zone, e.g. '{graph.UnitIds[missing[0]]}'; list every unit once");
        return assignment;
    }

    public static int[] FromPolygons(GeoJsonLayer layer, BoundaryGeography geography)
    {
        var graph = geography.Graph;
        var zones = Index(graph.ZoneIds);
        var index = new STRtree<int>();
        var shapes = new Geometry[layer.Count];
        var zoneOf = new int[layer.Count];
        var seen = new Dictionary<int, int>();
        for (var f = 0; f < layer.Count; f++)
        {
            var attribute = layer.Features[f].Attributes?.Exists("zone_id") == true ? "zone_id" : "sln";
            var id = layer.Text(f, attribute);
            if (!zones.TryGetValue(id, out var z)) throw layer.Error(f, attribute, $"no zone '{id}' (zones are the zoned campus ids)");
            if (!seen.TryAdd(z, f)) throw layer.Error(f, attribute, $"zone '{id}' appears twice (first at feature {seen[z] + 1})");
            var shape = layer.Area(f).Project(geography.Source.Projection);
            if (!shape.IsValid) shape = NetTopologySuite.Geometries.Utilities.GeometryFixer.Fix(shape);
            shapes[f] = shape;
            zoneOf[f] = z;
            index.Insert(shape.EnvelopeInternal, f);
        }
        index.Build();
        var assignment = new int[graph.UnitCount];
        for (var u = 0; u < graph.UnitCount; u++)
        {
            var unit = geography.UnitPolygons[u];
            int best = -1;
            var bestArea = 0.0;
            foreach (var f in index.Query(unit.EnvelopeInternal).Order())
            {
                var area = OverlayNGRobust.Overlay(unit, shapes[f], NetTopologySuite.Operation.Overlay.SpatialFunction.Intersection).Area;
                if (area > bestArea)
                {
                    bestArea = area;
                    best = f;
                }
            }
            if (best < 0) throw new InputException(layer.File, null, "geometry", $"no zone polygon covers unit '{graph.UnitIds[u]}'");
            assignment[u] = zoneOf[best];
        }
        return assignment;
    }

    /// <summary>Writes a plan as <c>unit_id,zone_id</c> CSV text (units in graph order).</summary>
    public static string ToCsv(UnitGraph graph, ReadOnlySpan<int> assignment)
    {
        var text = new System.Text.StringBuilder("unit_id,zone_id\n");
        for (var u = 0; u < graph.UnitCount; u++) text.Append(graph.UnitIds[u]).Append(',').Append(graph.ZoneIds[assignment[u]]).Append('\n');
        return text.ToString();
    }

    private static Dictionary<string, int> Index(IReadOnlyList<string> ids)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++) map[ids[i]] = i;
        return map;
    }
}
