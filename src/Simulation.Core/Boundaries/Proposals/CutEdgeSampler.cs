using Simulation.Core.Randomness;

namespace Simulation.Core.Boundaries.Proposals;

/// <summary>Draws a cut edge (units in different zones) uniformly at random.</summary>
internal static class CutEdgeSampler
{
    /// <summary>Rejection sampling over all edges: each draw is uniform over edges, so the first cut edge drawn is
    /// uniform over cut edges. Expected draws: edges / cut edges. Returns -1 when no edge is cut.</summary>
    public static int Draw(Plan plan, ref RandomStream random)
    {
        var g = plan.Graph;
        if (plan.CutEdges == 0) return -1;
        while (true)
        {
            var e = random.NextInt(g.EdgeCount);
            if (plan.ZoneOf(g.EdgeFrom[e]) != plan.ZoneOf(g.EdgeTo[e])) return e;
        }
    }
}
