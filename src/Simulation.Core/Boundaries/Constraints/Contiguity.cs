namespace Simulation.Core.Boundaries.Constraints;

/// <summary>Every zone is non-empty and connected in the unit adjacency graph.</summary>
/// <remarks>A child is checked by a breadth-first search of each changed zone only (O(zone size)). Keeps scratch
/// buffers: one instance per chain.</remarks>
public sealed class Contiguity(UnitGraph graph) : IPlanConstraint
{
    private readonly int[] _stamp = new int[graph.UnitCount];
    private readonly int[] _queue = new int[graph.UnitCount];
    private int _generation;

    public string Name => "contiguity";

    public bool IsSatisfiedBy(Plan plan)
    {
        for (var z = 0; z < graph.ZoneCount; z++)
            if (!IsConnected(plan, z)) return false;
        return true;
    }

    public bool IsSatisfiedByChild(Plan child)
    {
        foreach (var z in child.ChangedZones)
            if (!IsConnected(child, z)) return false;
        return true;
    }

    /// <summary>True when zone <paramref name="zone"/> has units and all of them are reachable from one another.</summary>
    public bool IsConnected(Plan plan, int zone)
    {
        var size = plan.ZoneUnits(zone);
        if (size == 0) return false;
        var start = graph.AnchorUnit[zone];
        if (plan.ZoneOf(start) != zone)
        {
            start = -1;
            for (var u = 0; u < graph.UnitCount && start < 0; u++)
                if (plan.ZoneOf(u) == zone) start = u;
        }
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_stamp);
            _generation = 1;
        }
        int head = 0, tail = 0;
        _queue[tail++] = start;
        _stamp[start] = _generation;
        while (head < tail)
        {
            var u = _queue[head++];
            foreach (var v in graph.NeighborsOf(u))
                if (_stamp[v] != _generation && plan.ZoneOf(v) == zone)
                {
                    _stamp[v] = _generation;
                    _queue[tail++] = v;
                }
        }
        return tail == size;
    }
}
