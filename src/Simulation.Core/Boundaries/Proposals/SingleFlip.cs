using Simulation.Core.Randomness;

namespace Simulation.Core.Boundaries.Proposals;

/// <summary>
/// Moves one boundary unit to a neighboring zone: draws a cut edge uniformly, then one of its two units with
/// probability ½, and moves that unit into the other unit's zone (GerryChain's <c>propose_random_flip</c>).
/// </summary>
/// <remarks>A unit on k cut edges into a zone is k times as likely to move there. Proposal probabilities are not
/// symmetric (the number of cut edges changes), so <see cref="Acceptance.Metropolis"/> on this proposal samples
/// exp(−βE) only approximately; see docs/boundaries.md.</remarks>
public sealed class SingleFlip : IProposal
{
    public string Name => "flip";

    public Plan? Propose(Plan plan, ref RandomStream random)
    {
        var e = CutEdgeSampler.Draw(plan, ref random);
        if (e < 0) return null;
        int a = plan.Graph.EdgeFrom[e], b = plan.Graph.EdgeTo[e];
        return (random.NextUInt64() & 1) == 0 ? plan.Flip(a, plan.ZoneOf(b)) : plan.Flip(b, plan.ZoneOf(a));
    }
}
