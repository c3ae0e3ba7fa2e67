using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;
using NetTopologySuite.Precision;
using Simulation.Core.Boundaries;
using Simulation.Input.Districts;
using Simulation.Input.Files;
using Simulation.Input.Geography;

namespace Simulation.Input.Boundaries;

/// <summary>A district's boundary geography: the unit graph and each unit's polygon (projected metres).</summary>
/// <param name="UnitTracts">The census tract whose population each unit's students follow (empty for a unit made
/// only of area no tract covers).</param>
public sealed record BoundaryGeography(
    UnitGraph Graph,
    IReadOnlyList<Geometry> UnitPolygons,
    IReadOnlyList<string> UnitTracts,
    DistrictSource Source);

/// <summary>
/// Builds boundary units for a district: the pieces of each attendance zone cut by census tracts, with the zone's
/// students apportioned over its pieces, and their adjacency graph.
/// </summary>
/// <remarks>
/// <para><b>Pieces.</b> Each zone polygon is intersected with every tract it overlaps. Zone area no tract covers
/// (tract geometry is simplified upstream) joins the piece it shares the longest boundary with, so the pieces cover
/// the zone; where simplified tracts overlap, neighbouring pieces overlap by the same slivers. Pieces smaller than
/// <see cref="MinUnitAreaSquareMetres"/> join the same-zone piece they share the longest boundary with (or the
/// nearest one), so slivers from imperfectly matching tract and zone lines do not become units. Units are thus finer
/// than zones and nest in them: the current plan is reproduced exactly.</para>
/// <para><b>Students.</b> A zone's calibrated students of group 0 (Dallas: ED) are apportioned over its units by
/// <c>tract population × share of the tract's area in the unit × tract child poverty rate</c>, the other groups by
/// the same weight with <c>1 − rate</c> (largest remainder, so zone totals are kept exactly). A tract without a rate
/// uses the zone's rate; a zone whose units have no population weight is apportioned by area. This assumes children
/// are spread like the total population within a tract and that ED status follows child poverty.</para>
/// <para><b>Schools and travel.</b> A zone's anchor is the unit containing its school's point, or the zone's unit
/// nearest to it when the point lies outside the zone. Travel is the straight line from the unit's centroid (an
/// interior point when the centroid falls outside) to each zoned school, in whole metres.</para>
/// <para><b>Adjacency.</b> Two units are adjacent when the boundary they share is longer than
/// <see cref="AdjacencyToleranceMetres"/>; corner contacts (a shared point) are not adjacency. The shared length is
/// the length of the lines of their intersection plus half the perimeter of any overlapping area (simplified tract
/// lines make neighbouring pieces overlap slightly).</para>
/// <para>A zone drawn in several parts gets one bridging edge per extra part (<see cref="BridgeZoneParts"/>), so
/// the current plan is contiguous by construction; Dallas has one such zone.</para>
/// <para>Everything is derived from the district files on each load (a few CPU-seconds for Dallas, zones cut in
/// parallel), so no cache can go stale.</para>
/// </remarks>
public static class BoundaryUnits
{
    public const double AdjacencyToleranceMetres = 10;
    public const double MinUnitAreaSquareMetres = 50_000;

    /// <summary>Overlays snap-round to whole centimetres (NetTopologySuite's OverlayNG), which makes them robust on
    /// the imperfectly matching lines of independent GIS layers.</summary>
    private static readonly PrecisionModel Centimetres = new(100);

    /// <exception cref="InputException">A tract with a bad population, rate or geometry.</exception>
    public static BoundaryGeography Build(DistrictSource source)
    {
        var district = source.District;
        var tractsPath = Path.Combine(source.Folder, source.Definition.Files.Tracts);
        var (tracts, _) = GeoJsonLayer.Load(tractsPath, "geoid");
        var tractShapes = new Geometry[tracts.Count];
        var tractPop = new double[tracts.Count];
        var tractRate = new double?[tracts.Count];
        var tractIds = new string[tracts.Count];
        var index = new STRtree<int>();
        for (var t = 0; t < tracts.Count; t++)
        {
            tractIds[t] = tracts.Id(t);
            var shape = Reduce(tracts.Area(t).Project(source.Projection));
            tractShapes[t] = shape;
            tractPop[t] = tracts.Number(t, "pop");
            if (tractPop[t] < 0) throw tracts.Error(t, "pop", $"population must be ≥ 0, got {tractPop[t]}");
            tractRate[t] = tracts.OptionalNumber(t, "child_poverty_rate");
            if (tractRate[t] is < 0 or > 1) throw tracts.Error(t, "child_poverty_rate", $"expected a rate in [0, 1], got {tractRate[t]}");
            index.Insert(shape.EnvelopeInternal, t);
        }
        index.Build();

        var zoneCount = district.NeighborhoodCount;
        var zonePieces = new List<Piece>[zoneCount];
        // Zones are independent: cut them in parallel; the result does not depend on the order.
        Parallel.For(0, zoneCount, z =>
        {
            var info = district.Neighborhoods[z];
            var zone = Reduce(source.ZonePolygons[info.Id]);
            var pieces = new List<Piece>();
            var prepared = PreparedGeometryFactory.Prepare(zone);
            foreach (var t in index.Query(zone.EnvelopeInternal).Order())
            {
                if (!prepared.Intersects(tractShapes[t])) continue;
                var part = Polygonal(Overlay(zone, tractShapes[t], SpatialFunction.Intersection));
                if (part.IsEmpty || part.Area <= 0) continue;
                var share = tractShapes[t].Area > 0 ? part.Area / tractShapes[t].Area : 0;
                var rate = tractRate[t] ?? info.ChildPovertyRate;
                pieces.Add(new Piece(z, info.Id + ":" + tractIds[t], tractIds[t], part,
                    tractPop[t] * share * rate, tractPop[t] * share * (1 - rate)));
            }
            var covered = pieces.Count == 0 ? zone.Factory.CreatePolygon() : OverlayNGRobust.Union(zone.Factory.BuildGeometry(pieces.Select(p => p.Shape).ToArray()));
            var remaining = Polygonal(Overlay(zone, covered, SpatialFunction.Difference));
            if (pieces.Count == 0) pieces.Add(new Piece(z, info.Id + ":zone", "", remaining, 0, 0));
            else AbsorbGaps(pieces, remaining);
            MergeSmall(pieces);
            zonePieces[z] = pieces;
        });
        return Assemble(source, zonePieces.SelectMany(p => p).ToList());
    }

    /// <summary>Zone area no tract covers joins the piece it shares the longest boundary with (else the nearest).</summary>
    private static void AbsorbGaps(List<Piece> pieces, Geometry remaining)
    {
        var gapsOf = new Dictionary<int, List<Geometry>>();
        for (var i = 0; i < remaining.NumGeometries; i++)
        {
            var gap = remaining.GetGeometryN(i);
            if (gap.Area <= 0) continue;
            var target = Neighbour(gap, pieces, -1);
            if (!gapsOf.TryGetValue(target, out var list)) gapsOf[target] = list = [];
            list.Add(gap);
        }
        foreach (var (target, gaps) in gapsOf.OrderBy(p => p.Key))
        {
            var piece = pieces[target];
            var union = OverlayNGRobust.Union(piece.Shape.Factory.BuildGeometry([piece.Shape, .. gaps]));
            pieces[target] = piece with { Shape = Polygonal(union) };
        }
    }

    /// <summary>The piece (other than <paramref name="skip"/>) sharing the longest boundary with
    /// <paramref name="shape"/>, else the nearest one; ties go to the lower index.</summary>
    private static int Neighbour(Geometry shape, List<Piece> pieces, int skip)
    {
        int target = -1;
        double best = 0, nearest = double.PositiveInfinity;
        for (var j = 0; j < pieces.Count; j++)
        {
            if (j == skip) continue;
            var shared = SharedLength(shape, pieces[j].Shape);
            if (shared > best)
            {
                best = shared;
                target = j;
            }
        }
        if (target >= 0) return target;
        for (var j = 0; j < pieces.Count; j++)
        {
            if (j == skip) continue;
            var d = shape.Distance(pieces[j].Shape);
            if (d < nearest)
            {
                nearest = d;
                target = j;
            }
        }
        return target;
    }

    /// <summary>Merges pieces below the minimum area, smallest first, into the same-zone piece they share the longest
    /// boundary with (else the nearest).</summary>
    private static void MergeSmall(List<Piece> pieces)
    {
        while (pieces.Count > 1)
        {
            var small = -1;
            for (var i = 0; i < pieces.Count; i++)
                if (pieces[i].Shape.Area < MinUnitAreaSquareMetres &&
                    (small < 0 || pieces[i].Shape.Area < pieces[small].Shape.Area))
                    small = i;
            if (small < 0) return;
            var piece = pieces[small];
            var target = Neighbour(piece.Shape, pieces, small);
            var into = pieces[target];
            pieces[target] = into with
            {
                Shape = Polygonal(Overlay(into.Shape, piece.Shape, SpatialFunction.Union)),
                EdWeight = into.EdWeight + piece.EdWeight,
                OtherWeight = into.OtherWeight + piece.OtherWeight,
            };
            pieces.RemoveAt(small);
        }
    }

    private static BoundaryGeography Assemble(DistrictSource source, List<Piece> pieces)
    {
        var district = source.District;
        int zoneCount = district.NeighborhoodCount, groups = district.GroupCount, unitCount = pieces.Count;
        var students = new int[unitCount * groups];
        var currentZone = new int[unitCount];
        for (var z = 0; z < zoneCount; z++)
        {
            var members = Enumerable.Range(0, unitCount).Where(u => pieces[u].Zone == z).ToArray();
            foreach (var u in members) currentZone[u] = z;
            for (var k = 0; k < groups; k++)
            {
                var total = 0;
                for (var g = 0; g < district.GradeCount; g++) total += district.CohortCounts[district.CohortIndex(z, g, k)];
                var weights = members.Select(u => k == 0 ? pieces[u].EdWeight : pieces[u].OtherWeight).ToArray();
                if (weights.Sum() <= 0) weights = members.Select(u => pieces[u].Shape.Area).ToArray();
                var parts = LargestRemainder.Apportion(total, weights);
                for (var i = 0; i < members.Length; i++) students[members[i] * groups + k] = parts[i];
            }
        }

        var points = pieces.Select(p => Representative(p.Shape)).ToArray();
        var schoolOf = new int[zoneCount];
        var capacity = new int[zoneCount];
        for (var z = 0; z < zoneCount; z++)
        {
            schoolOf[z] = district.Neighborhoods[z].ZonedSchool;
            capacity[z] = Math.Max(1, district.Seats(schoolOf[z]));
        }
        var travel = new int[unitCount * zoneCount];
        for (var u = 0; u < unitCount; u++)
            for (var z = 0; z < zoneCount; z++)
            {
                var school = district.Schools[schoolOf[z]];
                travel[u * zoneCount + z] = (int)Math.Round(Math.Sqrt(Square(points[u].X - school.X) + Square(points[u].Y - school.Y)));
            }
        var anchors = new int[zoneCount];
        var factory = pieces[0].Shape.Factory;
        for (var z = 0; z < zoneCount; z++)
        {
            var school = district.Schools[schoolOf[z]];
            var point = factory.CreatePoint(new Coordinate(school.X, school.Y));
            int best = -1;
            var bestDistance = double.PositiveInfinity;
            for (var u = 0; u < unitCount; u++)
            {
                if (pieces[u].Zone != z) continue;
                var d = pieces[u].Shape.Distance(point);
                if (d < bestDistance)
                {
                    bestDistance = d;
                    best = u;
                }
            }
            anchors[z] = best;
        }

        var edges = new List<(int, int)>();
        var unitIndex = new STRtree<int>();
        for (var u = 0; u < unitCount; u++) unitIndex.Insert(pieces[u].Shape.EnvelopeInternal, u);
        unitIndex.Build();
        var neighbors = new List<int>[unitCount];
        Parallel.For(0, unitCount, u =>
        {
            var envelope = new Envelope(pieces[u].Shape.EnvelopeInternal);
            envelope.ExpandBy(1);
            neighbors[u] = unitIndex.Query(envelope)
                .Where(v => v > u && SharedLength(pieces[u].Shape, pieces[v].Shape) > AdjacencyToleranceMetres)
                .ToList();
        });
        for (var u = 0; u < unitCount; u++)
            foreach (var v in neighbors[u]) edges.Add((u, v));

        BridgeZoneParts(pieces, edges);

        var zoneIds = district.Neighborhoods.Select(n => n.Id).ToArray();
        var graph = new UnitGraph(pieces.Select(p => p.Id).ToArray(), zoneIds, groups, students, capacity, anchors,
            travel, edges, currentZone);
        return new BoundaryGeography(graph, pieces.Select(p => p.Shape).ToArray(), pieces.Select(p => p.Tract).ToArray(), source);
    }

    /// <summary>
    /// A zone drawn in several parts (an exclave) would make the current plan fail contiguity. Each extra part is
    /// joined to the rest of its zone by one edge between the closest pair of units — the usual fix for islands in
    /// redistricting graphs. Parts are joined in order of their smallest unit index, so the result is deterministic.
    /// </summary>
    private static void BridgeZoneParts(List<Piece> pieces, List<(int, int)> edges)
    {
        var parent = Enumerable.Range(0, pieces.Count).ToArray();
        int Find(int x)
        {
            while (parent[x] != x) x = parent[x] = parent[parent[x]];
            return x;
        }
        foreach (var (a, b) in edges)
            if (pieces[a].Zone == pieces[b].Zone) parent[Find(a)] = Find(b);
        foreach (var zone in pieces.Select(p => p.Zone).Distinct())
        {
            while (true)
            {
                var members = Enumerable.Range(0, pieces.Count).Where(u => pieces[u].Zone == zone).ToArray();
                var first = Find(members[0]);
                var inFirst = members.Where(u => Find(u) == first).ToArray();
                var others = members.Where(u => Find(u) != first).ToArray();
                if (others.Length == 0) break;
                (int A, int B, double D) best = (-1, -1, double.PositiveInfinity);
                foreach (var a in inFirst)
                    foreach (var b in others)
                    {
                        var d = pieces[a].Shape.Distance(pieces[b].Shape);
                        if (d < best.D) best = (a, b, d);
                    }
                edges.Add((Math.Min(best.A, best.B), Math.Max(best.A, best.B)));
                parent[Find(best.B)] = first;
            }
        }
    }

    /// <summary>Length of the boundary two polygons share: lines of their intersection plus half the perimeter of any
    /// overlap (noise along a common edge).</summary>
    public static double SharedLength(Geometry a, Geometry b)
    {
        if (!a.EnvelopeInternal.Intersects(b.EnvelopeInternal)) return 0;
        var common = Overlay(a, b, SpatialFunction.Intersection);
        var length = 0.0;
        for (var i = 0; i < common.NumGeometries; i++)
        {
            var part = common.GetGeometryN(i);
            length += part switch
            {
                LineString or MultiLineString => part.Length,
                Polygon or MultiPolygon => part.Length / 2,
                _ => 0,
            };
        }
        return length;
    }

    private static Geometry Overlay(Geometry a, Geometry b, SpatialFunction operation) =>
        OverlayNGRobust.Overlay(a, b, operation);

    private static Geometry Reduce(Geometry g)
    {
        var reduced = GeometryPrecisionReducer.Reduce(g, Centimetres);
        return reduced.IsValid ? reduced : GeometryFixer.Fix(reduced);
    }

    internal static Point Representative(Geometry shape)
    {
        var centroid = shape.Centroid;
        return shape.Contains(centroid) ? centroid : shape.InteriorPoint;
    }

    /// <summary>The polygons of a geometry (intersections can also return lines and points).</summary>
    private static Geometry Polygonal(Geometry g)
    {
        if (g is Polygon or MultiPolygon) return g;
        var polygons = PolygonExtracter.GetPolygons(g).Cast<Polygon>().Where(p => p.Area > 0).ToArray();
        return g.Factory.CreateMultiPolygon(polygons);
    }

    private static double Square(double x) => x * x;

    private sealed record Piece(int Zone, string Id, string Tract, Geometry Shape, double EdWeight, double OtherWeight);
}
