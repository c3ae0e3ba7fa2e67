using NetTopologySuite.Geometries;
using Simulation.Core.Model;
using Simulation.Input.Districts;

namespace Simulation.Input.Boundaries;

/// <summary>
/// The district re-expressed at the level of boundary units, so that a run can zone students by a plan drawn on
/// units finer than the attendance zones: every unit (zone × tract piece) becomes a neighborhood.
/// </summary>
/// <remarks>
/// <para><b>Neighborhoods.</b> One per unit of <see cref="BoundaryGeography.Graph"/>, in unit order, with the unit's
/// id, its representative point (centroid, or an interior point when the centroid falls outside) and, as zoned school,
/// the school of the unit's current zone. A unit keeps its current zone's child poverty rate, so home-area tiers (a
/// property of where a family lives) are the same under every plan and equal to the zone-level district's.</para>
/// <para><b>Students.</b> The zone-level district's students of each zone × grade × group are split over the zone's
/// units so that both margins hold exactly: each unit's total of a group is the unit graph's (the same numbers the
/// ensembles use), and each zone's count of a grade and group is the zone-level district's. Units are filled in
/// order, each unit's total apportioned over grades in proportion to the grade counts the zone still has left
/// (largest remainder, never more than is left), and the zone's last unit takes the rest.</para>
/// <para><b>Schools, seats and distances.</b> Schools and seats are the zone-level district's; distances run from
/// each unit's point to each school (km, straight line on the district's projection), so travel is measured from
/// finer places than the zone centroid.</para>
/// <para>Under the current plan every school's zoned students are the zone-level district's exactly; travel and
/// walk-zone membership differ only because the points are finer.</para>
/// </remarks>
public static class UnitDistrict
{
    /// <summary>The unit-level district of <paramref name="geography"/>, as a source whose zone polygons are the
    /// unit polygons (keyed by unit id) and whose files are the zone-level source's.</summary>
    public static DistrictSource Create(BoundaryGeography geography)
    {
        var source = geography.Source;
        var zoneLevel = source.District;
        var graph = geography.Graph;
        int units = graph.UnitCount, grades = zoneLevel.GradeCount, groups = zoneLevel.GroupCount;

        var neighborhoods = new NeighborhoodInfo[units];
        for (var u = 0; u < units; u++)
        {
            var zone = zoneLevel.Neighborhoods[graph.CurrentZone[u]];
            var point = BoundaryUnits.Representative(geography.UnitPolygons[u]);
            var tract = geography.UnitTracts[u];
            neighborhoods[u] = new NeighborhoodInfo(graph.UnitIds[u], tract.Length > 0 ? $"{zone.Name} (tract {tract})" : zone.Name,
                point.X, point.Y, zone.ZonedSchool, zone.ChildPovertyRate);
        }

        var cohorts = new int[units * grades * groups];
        for (var z = 0; z < zoneLevel.NeighborhoodCount; z++)
        {
            var members = Enumerable.Range(0, units).Where(u => graph.CurrentZone[u] == z).ToArray();
            for (var k = 0; k < groups; k++)
            {
                var left = new double[grades];
                for (var g = 0; g < grades; g++) left[g] = zoneLevel.CohortCounts[zoneLevel.CohortIndex(z, g, k)];
                var leftTotal = (int)left.Sum();
                var unitTotal = members.Sum(u => graph.Students[u * groups + k]);
                if (unitTotal != leftTotal)
                    throw new InvalidOperationException($"zone {zoneLevel.Neighborhoods[z].Id}: units hold {unitTotal} students of group {k}, the zone {leftTotal}");
                foreach (var u in members)
                {
                    var total = graph.Students[u * groups + k];
                    if (total == 0) continue;
                    var parts = LargestRemainder.Apportion(total, left);
                    for (var g = 0; g < grades; g++)
                    {
                        cohorts[(u * grades + g) * groups + k] = parts[g];
                        left[g] -= parts[g];
                    }
                }
            }
        }

        var district = new District(zoneLevel.Id, zoneLevel.Name, zoneLevel.GradeNames, zoneLevel.GroupNames, zoneLevel.Schools,
            neighborhoods, cohorts, (int[])zoneLevel.SeatsByGrade.Clone(), DistrictLoader.DistancesKm(neighborhoods, zoneLevel.Schools));
        var polygons = new Dictionary<string, Geometry>(StringComparer.Ordinal);
        for (var u = 0; u < units; u++) polygons[graph.UnitIds[u]] = geography.UnitPolygons[u];
        return source with { District = district, ZonePolygons = polygons };
    }
}
