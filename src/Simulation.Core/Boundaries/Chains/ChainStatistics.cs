namespace Simulation.Core.Boundaries.Chains;

/// <summary>Counts of what a chain did: steps, proposals drawn, proposals that failed or broke a constraint, and
/// valid proposals accepted or rejected.</summary>
/// <remarks><c>Steps = Accepted + Rejected</c>; <c>Proposals = ProposalFailures + Σ Invalid + Steps</c>. A proposal
/// that breaks several constraints is counted under the first in the chain's constraint order.</remarks>
public sealed class ChainStatistics
{
    public ChainStatistics(IReadOnlyList<string> constraintNames)
    {
        ConstraintNames = [.. constraintNames];
        Invalid = new long[ConstraintNames.Length];
    }

    public string[] ConstraintNames { get; }
    public long Steps { get; internal set; }
    public long Proposals { get; internal set; }

    /// <summary>Proposals that produced no plan (e.g. no balanced recombination split).</summary>
    public long ProposalFailures { get; internal set; }

    /// <summary>Proposals rejected by each constraint, by <see cref="ConstraintNames"/>.</summary>
    public long[] Invalid { get; }

    public long Accepted { get; internal set; }
    public long Rejected { get; internal set; }

    /// <summary>Sets the counters of a chain run elsewhere (statistics that travelled as a message).</summary>
    public void Restore(long steps, long proposals, long proposalFailures, long accepted, long rejected)
    {
        Steps = steps;
        Proposals = proposals;
        ProposalFailures = proposalFailures;
        Accepted = accepted;
        Rejected = rejected;
    }

    /// <summary>Accepted / steps.</summary>
    public double AcceptanceRate => Steps == 0 ? double.NaN : (double)Accepted / Steps;
}
