using System.Globalization;
using System.Text;
using NetTopologySuite.Geometries;
using NetTopologySuite.Simplify;
using Simulation.Core.Model;

namespace Simulation.Report.Geography;

/// <summary>
/// The district drawn in SVG user units: each attendance zone as a path (simplified to below a pixel) and each school
/// as a point, from projected coordinates in metres (y flipped so north is up).
/// </summary>
/// <param name="Zones">Zone paths with the id of the school the zone is zoned to.</param>
/// <param name="Schools">School points by school id.</param>
public sealed record DistrictMap(double Width, double Height, IReadOnlyList<ZonePath> Zones, IReadOnlyDictionary<string, MapPoint> Schools)
{
    /// <summary>Width of the drawing in SVG units; the height follows the district's aspect ratio.</summary>
    public const double DefaultWidth = 640;

    /// <summary>
    /// Draws the zones of <paramref name="district"/>'s neighborhoods and its schools. Coordinates are the district's
    /// projected metres (<see cref="SchoolInfo.X"/>, <see cref="SchoolInfo.Y"/>); <paramref name="zonePolygons"/> maps
    /// neighborhood id → polygon in the same projection. Neighborhoods without a polygon are left out.
    /// </summary>
    public static DistrictMap Create(District district, IReadOnlyDictionary<string, Geometry> zonePolygons, double width = DefaultWidth)
    {
        var envelope = new Envelope();
        foreach (var g in zonePolygons.Values) envelope.ExpandToInclude(g.EnvelopeInternal);
        foreach (var s in district.Schools) envelope.ExpandToInclude(s.X, s.Y);
        if (envelope.IsNull || envelope.Width <= 0 || envelope.Height <= 0)
            envelope = new Envelope(envelope.MinX - 500, envelope.MaxX + 500, envelope.MinY - 500, envelope.MaxY + 500);
        const double margin = 8;
        var scale = (width - 2 * margin) / envelope.Width;
        var height = envelope.Height * scale + 2 * margin;
        double X(double x) => margin + (x - envelope.MinX) * scale;
        double Y(double y) => margin + (envelope.MaxY - y) * scale;

        var zones = new List<ZonePath>();
        foreach (var n in district.Neighborhoods)
        {
            if (!zonePolygons.TryGetValue(n.Id, out var polygon)) continue;
            var simplified = TopologyPreservingSimplifier.Simplify(polygon, 0.6 / scale);
            zones.Add(new ZonePath(n.Id, n.Name, district.Schools[n.ZonedSchool].Id, PathData(simplified, X, Y)));
        }
        var schools = district.Schools.ToDictionary(s => s.Id, s => new MapPoint(Math.Round(X(s.X), 1), Math.Round(Y(s.Y), 1)), StringComparer.Ordinal);
        return new DistrictMap(width, Math.Round(height, 1), zones, schools);
    }

    private static string PathData(Geometry geometry, Func<double, double> x, Func<double, double> y)
    {
        var text = new StringBuilder();
        for (var p = 0; p < geometry.NumGeometries; p++)
        {
            if (geometry.GetGeometryN(p) is not Polygon polygon) continue;
            Ring(polygon.ExteriorRing);
            foreach (var hole in polygon.InteriorRings) Ring(hole);
        }
        return text.ToString();

        void Ring(LineString ring)
        {
            var coordinates = ring.Coordinates;
            for (var i = 0; i < coordinates.Length - 1; i++)
            {
                text.Append(i == 0 ? 'M' : 'L');
                text.Append(x(coordinates[i].X).ToString("0.#", CultureInfo.InvariantCulture)).Append(' ');
                text.Append(y(coordinates[i].Y).ToString("0.#", CultureInfo.InvariantCulture));
            }
            text.Append('Z');
        }
    }
}

/// <summary>An attendance zone: its neighborhood, name, zoned school and SVG path data.</summary>
public sealed record ZonePath(string NeighborhoodId, string Name, string SchoolId, string PathData);

/// <summary>A point in SVG units.</summary>
public sealed record MapPoint(double X, double Y);
