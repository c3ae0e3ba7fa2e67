namespace Simulation.Core.Boundaries;

/// <summary>
/// The geography a boundary plan is drawn on: geographic units (finer than zones) with their students by group,
/// the zones (one per zoned school) with their capacities, the travel distance from every unit to every zone's
/// school, the unit adjacency graph and the current plan.
/// </summary>
/// <remarks>
/// <para>Indices are dense: unit <c>u</c> in <c>[0, UnitCount)</c>, zone <c>z</c> in <c>[0, ZoneCount)</c>, group
/// <c>k</c> in <c>[0, GroupCount)</c>. Group 0 is the group whose dissimilarity from the rest is measured (Dallas:
/// economically disadvantaged).</para>
/// <para>Travel is stored in whole metres so that travel sums are exact integers: an incrementally updated total
/// equals a recomputation bit for bit.</para>
/// <para>Every zone has an anchor unit (the unit holding its school); a plan keeps each school inside its own zone
/// by never moving an anchor (<see cref="Constraints.SchoolsInOwnZones"/>).</para>
/// <para>Edges are undirected, listed once with <c>EdgeFrom[e] &lt; EdgeTo[e]</c>; adjacency is also kept in
/// compressed rows (<see cref="NeighborOffsets"/>, <see cref="Neighbors"/>). Thread safety: immutable.</para>
/// </remarks>
public sealed class UnitGraph
{
    public UnitGraph(
        IReadOnlyList<string> unitIds,
        IReadOnlyList<string> zoneIds,
        int groupCount,
        int[] students,
        int[] capacity,
        int[] anchorUnit,
        int[] travelMetres,
        IReadOnlyList<(int A, int B)> edges,
        int[] currentZone)
    {
        UnitIds = [.. Preconditions.NotNull(unitIds, nameof(unitIds))];
        ZoneIds = [.. Preconditions.NotNull(zoneIds, nameof(zoneIds))];
        Preconditions.Check(UnitIds.Length > 0, nameof(unitIds), "a graph needs at least one unit");
        Preconditions.Check(ZoneIds.Length > 0, nameof(zoneIds), "a graph needs at least one zone");
        Preconditions.Check(groupCount is >= 2 and <= 8, nameof(groupCount), "2 to 8 groups");
        GroupCount = groupCount;
        Preconditions.Check(students.Length == UnitCount * groupCount, nameof(students), "students must have units × groups entries");
        Preconditions.Check(capacity.Length == ZoneCount, nameof(capacity), "one capacity per zone");
        Preconditions.Check(anchorUnit.Length == ZoneCount, nameof(anchorUnit), "one anchor unit per zone");
        Preconditions.Check(travelMetres.Length == UnitCount * ZoneCount, nameof(travelMetres), "travel must have units × zones entries");
        Preconditions.Check(currentZone.Length == UnitCount, nameof(currentZone), "one current zone per unit");
        foreach (var s in students) Preconditions.NonNegative(s, nameof(students));
        foreach (var c in capacity) Preconditions.Check(c > 0, nameof(capacity), "capacities must be > 0");
        foreach (var t in travelMetres) Preconditions.NonNegative(t, nameof(travelMetres));
        foreach (var z in currentZone) Preconditions.Check(z >= 0 && z < ZoneCount, nameof(currentZone), "current zone out of range");
        var anchored = new HashSet<int>();
        for (var z = 0; z < ZoneCount; z++)
        {
            var a = anchorUnit[z];
            Preconditions.Check(a >= 0 && a < UnitCount && anchored.Add(a), nameof(anchorUnit),
                $"zone {ZoneIds[z]} needs its own anchor unit");
            Preconditions.Check(currentZone[a] == z, nameof(anchorUnit), $"the anchor of zone {ZoneIds[z]} lies in another zone");
        }
        Students = students;
        Capacity = capacity;
        AnchorUnit = anchorUnit;
        TravelMetres = travelMetres;
        CurrentZone = currentZone;

        var unique = new SortedSet<(int, int)>();
        foreach (var (a, b) in edges)
        {
            Preconditions.Check(a >= 0 && a < UnitCount && b >= 0 && b < UnitCount && a != b, nameof(edges), "edge endpoints out of range");
            unique.Add(a < b ? (a, b) : (b, a));
        }
        EdgeFrom = unique.Select(e => e.Item1).ToArray();
        EdgeTo = unique.Select(e => e.Item2).ToArray();
        var degree = new int[UnitCount + 1];
        foreach (var (a, b) in unique)
        {
            degree[a + 1]++;
            degree[b + 1]++;
        }
        for (var u = 0; u < UnitCount; u++) degree[u + 1] += degree[u];
        NeighborOffsets = degree;
        Neighbors = new int[degree[UnitCount]];
        var fill = (int[])degree.Clone();
        foreach (var (a, b) in unique)
        {
            Neighbors[fill[a]++] = b;
            Neighbors[fill[b]++] = a;
        }

        UnitStudents = new int[UnitCount];
        GroupTotals = new long[groupCount];
        for (var u = 0; u < UnitCount; u++)
            for (var k = 0; k < groupCount; k++)
            {
                UnitStudents[u] += students[u * groupCount + k];
                GroupTotals[k] += students[u * groupCount + k];
            }
        foreach (var t in GroupTotals) TotalStudents += t;
        IsAnchor = new bool[UnitCount];
        foreach (var a in anchorUnit) IsAnchor[a] = true;
    }

    public string[] UnitIds { get; }
    public string[] ZoneIds { get; }
    public int GroupCount { get; }
    public int UnitCount => UnitIds.Length;
    public int ZoneCount => ZoneIds.Length;
    public int EdgeCount => EdgeFrom.Length;

    /// <summary>Students of each unit and group, at <c>u * GroupCount + k</c>.</summary>
    public int[] Students { get; }

    /// <summary>Students of each unit over all groups.</summary>
    public int[] UnitStudents { get; }

    /// <summary>Students of each group in the district.</summary>
    public long[] GroupTotals { get; }

    public long TotalStudents { get; }

    /// <summary>Seats of each zone's school.</summary>
    public int[] Capacity { get; }

    /// <summary>The unit holding each zone's school.</summary>
    public int[] AnchorUnit { get; }

    public bool[] IsAnchor { get; }

    /// <summary>Metres from each unit to each zone's school, at <c>u * ZoneCount + z</c>.</summary>
    public int[] TravelMetres { get; }

    /// <summary>The zone of each unit under the current (adopted) plan.</summary>
    public int[] CurrentZone { get; }

    public int[] EdgeFrom { get; }
    public int[] EdgeTo { get; }

    /// <summary>Neighbors of unit <c>u</c> are <c>Neighbors[NeighborOffsets[u] .. NeighborOffsets[u + 1]]</c>.</summary>
    public int[] NeighborOffsets { get; }

    public int[] Neighbors { get; }

    public ReadOnlySpan<int> NeighborsOf(int unit) =>
        Neighbors.AsSpan(NeighborOffsets[unit], NeighborOffsets[unit + 1] - NeighborOffsets[unit]);

    public int Travel(int unit, int zone) => TravelMetres[unit * ZoneCount + zone];

    public int IndexOfUnit(string id) => Array.IndexOf(UnitIds, id);

    public int IndexOfZone(string id) => Array.IndexOf(ZoneIds, id);
}
