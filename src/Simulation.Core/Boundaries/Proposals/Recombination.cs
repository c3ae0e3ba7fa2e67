using Simulation.Core.Boundaries.Constraints;
using Simulation.Core.Randomness;

namespace Simulation.Core.Boundaries.Proposals;

/// <summary>
/// ReCom (DeFord, Duchin and Solomon 2021): merges two adjacent zones, draws a uniform random spanning tree of the
/// merged units with Wilson's algorithm, and cuts one tree edge so that each side fits its school's capacity band,
/// with each school's anchor unit on its own side.
/// </summary>
/// <remarks>
/// <para>The pair of zones is that of a uniformly drawn cut edge. The tree is rooted at the first zone's anchor;
/// the cuttable edges are those on the tree path between the two anchors (any other cut would put both schools on
/// one side). Among the cuttable edges whose sides fit <see cref="Band"/>, one is drawn uniformly. When none fits,
/// a new tree is drawn, up to <see cref="MaxTrees"/> times; then the proposal fails (returns null).</para>
/// <para>Both sides of a tree cut are connected, so recombination keeps contiguity by construction.</para>
/// <para>Keeps scratch buffers: one instance per chain.</para>
/// </remarks>
public sealed class Recombination : IProposal
{
    private readonly int[] _next;
    private readonly bool[] _inTree;
    private readonly long[] _subtree;
    private readonly int[] _depth;
    private readonly List<int> _units = [];
    private readonly List<int> _order = [];
    private readonly List<int> _cuts = [];
    private readonly List<int> _movedUnits = [];
    private readonly List<int> _movedZones = [];

    public Recombination(UnitGraph graph, CapacityBand band, int maxTrees = 8)
    {
        Graph = Preconditions.NotNull(graph, nameof(graph));
        Band = Preconditions.NotNull(band, nameof(band));
        Preconditions.Check(maxTrees >= 1, nameof(maxTrees), "at least one tree");
        MaxTrees = maxTrees;
        _next = new int[graph.UnitCount];
        _inTree = new bool[graph.UnitCount];
        _subtree = new long[graph.UnitCount];
        _depth = new int[graph.UnitCount];
    }

    public UnitGraph Graph { get; }
    public CapacityBand Band { get; }
    public int MaxTrees { get; }

    public string Name => "recom";

    public Plan? Propose(Plan plan, ref RandomStream random)
    {
        var e = CutEdgeSampler.Draw(plan, ref random);
        if (e < 0) return null;
        int za = plan.ZoneOf(Graph.EdgeFrom[e]), zb = plan.ZoneOf(Graph.EdgeTo[e]);
        _units.Clear();
        long total = 0;
        for (var u = 0; u < Graph.UnitCount; u++)
            if (plan.ZoneOf(u) == za || plan.ZoneOf(u) == zb)
            {
                _units.Add(u);
                total += Graph.UnitStudents[u];
            }
        int rootA = Graph.AnchorUnit[za], anchorB = Graph.AnchorUnit[zb];
        if (plan.ZoneOf(rootA) != za || plan.ZoneOf(anchorB) != zb) return null;

        for (var attempt = 0; attempt < MaxTrees; attempt++)
        {
            DrawTree(plan, za, zb, rootA, ref random);
            SubtreeStudents(rootA);
            _cuts.Clear();
            for (var x = anchorB; x != rootA; x = _next[x])
                if (Band.Allows(Graph, zb, _subtree[x]) && Band.Allows(Graph, za, total - _subtree[x]))
                    _cuts.Add(x);
            if (_cuts.Count == 0) continue;
            var cut = _cuts[random.NextInt(_cuts.Count)];
            _movedUnits.Clear();
            _movedZones.Clear();
            foreach (var u in _units)
            {
                var side = InSubtree(u, cut, rootA) ? zb : za;
                if (plan.ZoneOf(u) != side)
                {
                    _movedUnits.Add(u);
                    _movedZones.Add(side);
                }
            }
            return plan.Move(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_movedUnits),
                System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_movedZones));
        }
        return null;
    }

    /// <summary>Wilson's algorithm: loop-erased random walks from each unit until they hit the tree; the last exit
    /// from each unit (<c>_next</c>) is its parent. Gives a uniform spanning tree of the merged zones.</summary>
    private void DrawTree(Plan plan, int za, int zb, int root, ref RandomStream random)
    {
        foreach (var u in _units) _inTree[u] = false;
        _inTree[root] = true;
        _next[root] = -1;
        foreach (var start in _units)
        {
            var u = start;
            while (!_inTree[u])
            {
                var neighbors = Graph.NeighborsOf(u);
                var count = 0;
                foreach (var v in neighbors)
                    if (plan.ZoneOf(v) == za || plan.ZoneOf(v) == zb) count++;
                var pick = random.NextInt(count);
                foreach (var v in neighbors)
                    if ((plan.ZoneOf(v) == za || plan.ZoneOf(v) == zb) && pick-- == 0)
                    {
                        _next[u] = v;
                        break;
                    }
                u = _next[u];
            }
            for (u = start; !_inTree[u]; u = _next[u]) _inTree[u] = true;
        }
    }

    /// <summary>Students in the subtree below each unit (the unit included), summing children into parents in
    /// order of decreasing depth.</summary>
    private void SubtreeStudents(int root)
    {
        _order.Clear();
        foreach (var u in _units)
        {
            _depth[u] = -1;
            _subtree[u] = Graph.UnitStudents[u];
            _order.Add(u);
        }
        _depth[root] = 0;
        foreach (var u in _units) Depth(u);
        _order.Sort((a, b) => _depth[b].CompareTo(_depth[a]));
        foreach (var u in _order)
            if (u != root) _subtree[_next[u]] += _subtree[u];
    }

    private int Depth(int u)
    {
        var d = 0;
        var x = u;
        while (_depth[x] < 0)
        {
            x = _next[x];
            d++;
        }
        var total = _depth[x] + d;
        for (x = u; _depth[x] < 0; x = _next[x]) _depth[x] = total--;
        return _depth[u];
    }

    private bool InSubtree(int u, int cut, int root)
    {
        for (var x = u; x >= 0; x = x == root ? -1 : _next[x])
            if (x == cut) return true;
        return false;
    }
}
