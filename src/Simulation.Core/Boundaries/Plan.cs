namespace Simulation.Core.Boundaries;

/// <summary>
/// An immutable boundary plan: the zone of every unit of a <see cref="UnitGraph"/>, with its derived values
/// (enrollment by zone and group, travel, cut edges, students moved, dissimilarity, Theil's H).
/// </summary>
/// <remarks>
/// <para><see cref="Flip(int, int)"/> and <see cref="Move"/> return a child plan; the parent is unchanged. A child
/// copies the parent's arrays (a few thousand numbers) and updates the derived values from the moved units alone:
/// zone totals and travel change by the moved units' students, cut edges by the moved units' edges, and the indices
/// by the changed zones' terms. Counts and travel (in whole metres) are integers, so they equal a recomputation
/// exactly; the two indices are running sums of per-zone terms and agree with <see cref="Recompute"/> to rounding
/// (tests check 1e-12 after thousands of flips).</para>
/// <para>A child records what changed (<see cref="MovedUnits"/>, <see cref="FromZones"/>, <see cref="ChangedZones"/>)
/// but not its parent, so a long chain does not keep every plan alive.</para>
/// <para>Dissimilarity is group 0 against all other groups: D = ½ Σ_z |x_z/X − y_z/Y| (0 when either side has no
/// students). Theil's H is the multigroup
/// information index H = 1 − Σ_z t_z E_z / (T E), with E the entropy of the district's group shares (natural log)
/// and E_z that of zone z. Both match <c>Metrics.DissimilarityIndex</c> and <c>Metrics.TheilIndex</c>.</para>
/// <para>Thread safety: immutable; share freely.</para>
/// </remarks>
public sealed class Plan
{
    private readonly int[] _zoneOf;
    private readonly int[] _zoneCounts;
    private readonly int[] _zoneStudents;
    private readonly int[] _zoneUnits;
    private readonly long[] _zoneTravel;
    private readonly double _districtEntropy;

    private Plan(UnitGraph graph, int[] zoneOf, int[] zoneCounts, int[] zoneStudents, int[] zoneUnits, long[] zoneTravel,
        int cutEdges, int studentsMoved, int unitsMoved, double dissimilaritySum, double entropySum,
        int[] movedUnits, int[] fromZones, int[] changedZones)
    {
        Graph = graph;
        _zoneOf = zoneOf;
        _zoneCounts = zoneCounts;
        _zoneStudents = zoneStudents;
        _zoneUnits = zoneUnits;
        _zoneTravel = zoneTravel;
        CutEdges = cutEdges;
        StudentsMoved = studentsMoved;
        UnitsMoved = unitsMoved;
        DissimilaritySum = dissimilaritySum;
        EntropySum = entropySum;
        MovedUnits = movedUnits;
        FromZones = fromZones;
        ChangedZones = changedZones;
        _districtEntropy = DistrictEntropy(graph);
    }

    public UnitGraph Graph { get; }

    /// <summary>Units whose zone differs from the parent's (empty for a plan built from an assignment).</summary>
    public IReadOnlyList<int> MovedUnits { get; }

    /// <summary>The parent's zone of each of <see cref="MovedUnits"/>.</summary>
    public IReadOnlyList<int> FromZones { get; }

    /// <summary>Zones that gained or lost units relative to the parent, ascending.</summary>
    public IReadOnlyList<int> ChangedZones { get; }

    /// <summary>True for a plan built from an assignment rather than from a parent.</summary>
    public bool IsRoot => ChangedZones.Count == 0 && MovedUnits.Count == 0;

    /// <summary>Edges whose two units lie in different zones.</summary>
    public int CutEdges { get; }

    /// <summary>Students whose zone differs from the current plan's (<see cref="UnitGraph.CurrentZone"/>).</summary>
    public int StudentsMoved { get; }

    /// <summary>Units whose zone differs from the current plan's.</summary>
    public int UnitsMoved { get; }

    private double DissimilaritySum { get; }
    private double EntropySum { get; }

    /// <summary>Dissimilarity of group 0 against the rest over zones.</summary>
    public double Dissimilarity => 0.5 * DissimilaritySum;

    /// <summary>Theil's information index H over zones.</summary>
    public double TheilH => _districtEntropy > 0 ? 1 - EntropySum / (Graph.TotalStudents * _districtEntropy) : 0;

    /// <summary>Student-metres of travel from each unit to its zone's school, summed.</summary>
    public long TravelMetres
    {
        get
        {
            long sum = 0;
            foreach (var t in _zoneTravel) sum += t;
            return sum;
        }
    }

    /// <summary>Mean travel per student, km.</summary>
    public double MeanTravelKm => TravelMetres / 1000.0 / Graph.TotalStudents;

    public int ZoneOf(int unit) => _zoneOf[unit];

    /// <summary>The zone of every unit.</summary>
    public ReadOnlySpan<int> Assignment => _zoneOf;

    public int ZoneStudents(int zone) => _zoneStudents[zone];

    public int ZoneCount(int zone, int group) => _zoneCounts[zone * Graph.GroupCount + group];

    public int ZoneUnits(int zone) => _zoneUnits[zone];

    public long ZoneTravelMetres(int zone) => _zoneTravel[zone];

    /// <summary>Zone students over the school's seats.</summary>
    public double CapacityUse(int zone) => (double)_zoneStudents[zone] / Graph.Capacity[zone];

    /// <summary>The current (adopted) plan of the graph.</summary>
    public static Plan Current(UnitGraph graph) => FromAssignment(graph, graph.CurrentZone);

    /// <summary>A plan from the zone of every unit, with every derived value computed from scratch.</summary>
    public static Plan FromAssignment(UnitGraph graph, ReadOnlySpan<int> zoneOf)
    {
        Preconditions.NotNull(graph, nameof(graph));
        Preconditions.Check(zoneOf.Length == graph.UnitCount, nameof(zoneOf), "one zone per unit");
        foreach (var z in zoneOf) Preconditions.Check(z >= 0 && z < graph.ZoneCount, nameof(zoneOf), "zone out of range");
        int groups = graph.GroupCount, zones = graph.ZoneCount;
        var counts = new int[zones * groups];
        var students = new int[zones];
        var units = new int[zones];
        var travel = new long[zones];
        int moved = 0, unitsMoved = 0;
        for (var u = 0; u < graph.UnitCount; u++)
        {
            var z = zoneOf[u];
            for (var k = 0; k < groups; k++) counts[z * groups + k] += graph.Students[u * groups + k];
            students[z] += graph.UnitStudents[u];
            units[z]++;
            travel[z] += (long)graph.UnitStudents[u] * graph.Travel(u, z);
            if (z != graph.CurrentZone[u])
            {
                moved += graph.UnitStudents[u];
                unitsMoved++;
            }
        }
        var cut = 0;
        for (var e = 0; e < graph.EdgeCount; e++)
            if (zoneOf[graph.EdgeFrom[e]] != zoneOf[graph.EdgeTo[e]]) cut++;
        double dSum = 0, hSum = 0;
        for (var z = 0; z < zones; z++)
        {
            dSum += DissimilarityTerm(graph, counts, z);
            hSum += EntropyTerm(graph, counts, students, z);
        }
        return new Plan(graph, zoneOf.ToArray(), counts, students, units, travel, cut, moved, unitsMoved, dSum, hSum,
            [], [], []);
    }

    /// <summary>The same plan recomputed from its assignment: for checking the incremental values.</summary>
    public Plan Recompute() => FromAssignment(Graph, _zoneOf);

    /// <summary>A child plan with one unit moved to <paramref name="zone"/>.</summary>
    public Plan Flip(int unit, int zone) => Move([unit], [zone]);

    /// <summary>
    /// A child plan with <paramref name="units"/>[i] moved to <paramref name="zones"/>[i]. Units already in their
    /// target zone are left out of <see cref="MovedUnits"/>. Nothing is checked beyond index ranges: constraints
    /// (contiguity, capacity, …) judge the result.
    /// </summary>
    public Plan Move(ReadOnlySpan<int> units, ReadOnlySpan<int> zones)
    {
        Preconditions.Check(units.Length == zones.Length, nameof(zones), "one target zone per unit");
        var g = Graph;
        int groups = g.GroupCount;
        var zoneOf = (int[])_zoneOf.Clone();
        var counts = (int[])_zoneCounts.Clone();
        var students = (int[])_zoneStudents.Clone();
        var unitCounts = (int[])_zoneUnits.Clone();
        var travel = (long[])_zoneTravel.Clone();
        int cut = CutEdges, moved = StudentsMoved, unitsMoved = UnitsMoved;
        var movedUnits = new List<int>(units.Length);
        var fromZones = new List<int>(units.Length);
        Span<int> changedBuffer = units.Length <= 32 ? stackalloc int[2 * units.Length] : new int[2 * units.Length];
        var changedCount = 0;
        for (var i = 0; i < units.Length; i++)
        {
            int u = units[i], to = zones[i];
            Preconditions.Check((uint)u < (uint)g.UnitCount, nameof(units), "unit out of range");
            Preconditions.Check((uint)to < (uint)g.ZoneCount, nameof(zones), "zone out of range");
            var from = zoneOf[u];
            if (from == to) continue;
            var first = movedUnits.IndexOf(u);
            if (first < 0)
            {
                movedUnits.Add(u);
                fromZones.Add(from);
            }
            foreach (var v in g.NeighborsOf(u))
            {
                var zv = zoneOf[v];
                cut += (zv != to ? 1 : 0) - (zv != from ? 1 : 0);
            }
            var n = g.UnitStudents[u];
            for (var k = 0; k < groups; k++)
            {
                var c = g.Students[u * groups + k];
                counts[from * groups + k] -= c;
                counts[to * groups + k] += c;
            }
            students[from] -= n;
            students[to] += n;
            unitCounts[from]--;
            unitCounts[to]++;
            travel[from] -= (long)n * g.Travel(u, from);
            travel[to] += (long)n * g.Travel(u, to);
            var current = g.CurrentZone[u];
            if (from == current)
            {
                moved += n;
                unitsMoved++;
            }
            else if (to == current)
            {
                moved -= n;
                unitsMoved--;
            }
            zoneOf[u] = to;
            changedCount = AddZone(changedBuffer, changedCount, from);
            changedCount = AddZone(changedBuffer, changedCount, to);
        }
        // Units moved away and back again are no move at all.
        for (var i = movedUnits.Count - 1; i >= 0; i--)
            if (zoneOf[movedUnits[i]] == fromZones[i])
            {
                movedUnits.RemoveAt(i);
                fromZones.RemoveAt(i);
            }

        var changed = changedBuffer[..changedCount].ToArray();
        Array.Sort(changed);
        double dSum = DissimilaritySum, hSum = EntropySum;
        foreach (var z in changed)
        {
            dSum += DissimilarityTerm(g, counts, z) - DissimilarityTerm(g, _zoneCounts, z);
            hSum += EntropyTerm(g, counts, students, z) - EntropyTerm(g, _zoneCounts, _zoneStudents, z);
        }
        return new Plan(g, zoneOf, counts, students, unitCounts, travel, cut, moved, unitsMoved, dSum, hSum,
            [.. movedUnits], [.. fromZones], changed);
    }

    private static int AddZone(Span<int> buffer, int count, int zone)
    {
        for (var i = 0; i < count; i++)
            if (buffer[i] == zone) return count;
        buffer[count] = zone;
        return count + 1;
    }

    private static double DissimilarityTerm(UnitGraph g, int[] counts, int z)
    {
        var x = counts[z * g.GroupCount];
        long y = 0;
        for (var k = 1; k < g.GroupCount; k++) y += counts[z * g.GroupCount + k];
        var rest = g.TotalStudents - g.GroupTotals[0];
        if (g.GroupTotals[0] == 0 || rest == 0) return 0;
        return Math.Abs((double)x / g.GroupTotals[0] - (double)y / rest);
    }

    /// <summary>t_z · E_z: the zone's students times the entropy of its group shares.</summary>
    private static double EntropyTerm(UnitGraph g, int[] counts, int[] students, int z)
    {
        var t = students[z];
        if (t == 0) return 0;
        var e = 0.0;
        for (var k = 0; k < g.GroupCount; k++)
        {
            var c = counts[z * g.GroupCount + k];
            if (c > 0) e -= c * Math.Log((double)c / t);
        }
        return e;
    }

    private static double DistrictEntropy(UnitGraph g)
    {
        var e = 0.0;
        foreach (var c in g.GroupTotals)
            if (c > 0)
            {
                var p = (double)c / g.TotalStudents;
                e -= p * Math.Log(p);
            }
        return e;
    }
}
