using Simulation.Core.Randomness;

namespace Simulation.Core.Boundaries.Proposals;

/// <summary>Proposes a child of a plan (the GerryChain "proposal": <c>Plan → Plan</c>).</summary>
/// <remarks>A proposal only draws a candidate; constraints judge it and the acceptance rule decides. Every draw
/// comes from the stream passed in. Implementations may keep scratch buffers: one instance per chain.</remarks>
public interface IProposal
{
    string Name { get; }

    /// <summary>A child plan, or null when this proposal cannot produce one from <paramref name="plan"/> (no cut
    /// edge; no balanced split found). The chain counts a null as a failed proposal and draws again.</summary>
    Plan? Propose(Plan plan, ref RandomStream random);
}
