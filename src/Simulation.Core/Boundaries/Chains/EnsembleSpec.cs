using Simulation.Core.Boundaries.Acceptance;
using Simulation.Core.Boundaries.Constraints;
using Simulation.Core.Boundaries.Proposals;

namespace Simulation.Core.Boundaries.Chains;

/// <summary>Which proposal a chain uses.</summary>
public enum ProposalKind
{
    /// <summary><see cref="SingleFlip"/>.</summary>
    Flip,

    /// <summary><see cref="Recombination"/>.</summary>
    Recom,
}

/// <summary>Which acceptance rule a chain uses.</summary>
public enum AcceptanceKind
{
    /// <summary><see cref="AlwaysAccept"/>.</summary>
    Always,

    /// <summary><see cref="Metropolis"/> on <see cref="EnsembleSpec.Energy"/> with <see cref="EnsembleSpec.Beta"/>.</summary>
    Metropolis,
}

/// <summary>
/// Everything that defines the chains of an ensemble apart from the geography: proposal, constraints, acceptance,
/// number of steps and seed. Pure data: <see cref="Build"/> makes the parts of one chain.
/// </summary>
/// <param name="CapacityMin">Lower end of every school's capacity band (students / seats), e.g. 0.85.</param>
/// <param name="CapacityMax">Upper end, e.g. 1.10.</param>
/// <param name="MaxTravelKm">Cap on each student's distance to the zoned school, or null.</param>
/// <param name="MaxTravelIncreaseKm">Cap on each student's distance increase over the current plan, or null.</param>
/// <param name="MaxStudentsMoved">Cap on students zoned differently from the current plan, or null.</param>
/// <param name="Beta">Inverse temperature of <see cref="AcceptanceKind.Metropolis"/>.</param>
public sealed record EnsembleSpec(
    ProposalKind Proposal,
    double CapacityMin,
    double CapacityMax,
    double? MaxTravelKm,
    double? MaxTravelIncreaseKm,
    int? MaxStudentsMoved,
    AcceptanceKind Acceptance,
    double Beta,
    Energy Energy,
    long Steps,
    ulong Seed)
{
    /// <summary>The constraints in checking order: schools in own zones, contiguity, capacity, then travel and
    /// students moved when capped. Cheap checks come first, so a proposal breaking several is counted under the
    /// cheapest.</summary>
    public IReadOnlyList<IPlanConstraint> Constraints(UnitGraph graph)
    {
        var list = new List<IPlanConstraint> { new SchoolsInOwnZones(), new CapacityBand(CapacityMin, CapacityMax) };
        if (MaxTravelKm is not null || MaxTravelIncreaseKm is not null) list.Add(new TravelCap(MaxTravelKm, MaxTravelIncreaseKm));
        if (MaxStudentsMoved is { } moved) list.Add(new StudentsMovedCap(moved));
        list.Add(new Contiguity(graph));
        return list;
    }

    public IProposal ProposalFor(UnitGraph graph) => Proposal switch
    {
        ProposalKind.Flip => new SingleFlip(),
        _ => new Recombination(graph, new CapacityBand(CapacityMin, CapacityMax)),
    };

    public IAcceptance AcceptanceRule() => Acceptance switch
    {
        AcceptanceKind.Always => new AlwaysAccept(),
        _ => new Metropolis(Energy, Beta),
    };

    /// <summary>A new chain (fresh parts, so chains never share scratch buffers) from <paramref name="initial"/>.</summary>
    /// <exception cref="InvalidPlanException">The initial plan breaks constraints; all are named.</exception>
    public MarkovChain Build(Plan initial) =>
        new(ProposalFor(initial.Graph), Constraints(initial.Graph), AcceptanceRule(), initial, Steps);
}
