using Simulation.Core.Boundaries.Acceptance;
using Simulation.Core.Boundaries.Constraints;
using Simulation.Core.Boundaries.Proposals;
using Simulation.Core.Randomness;

namespace Simulation.Core.Boundaries.Chains;

/// <summary>What happened at one step of a chain.</summary>
public enum StepOutcome
{
    /// <summary>Step 0: the initial plan.</summary>
    Initial,

    /// <summary>A valid proposal was accepted; the step's plan is new.</summary>
    Accepted,

    /// <summary>A valid proposal was rejected; the step repeats the previous plan.</summary>
    Rejected,
}

/// <summary>Receives every step of a chain, in order.</summary>
public interface IChainObserver
{
    void OnStep(long step, Plan plan, StepOutcome outcome);
}

/// <summary>
/// A Markov chain over boundary plans, GerryChain's five parts joined by one loop: a proposal, constraints, an
/// acceptance rule, an initial plan and a number of steps.
/// </summary>
/// <remarks>
/// <para><b>Step semantics</b> (as GerryChain's <c>MarkovChain</c>): step 0 is the initial plan. Each later step
/// draws proposals until one satisfies every constraint; proposals that fail (null) or break a constraint are
/// retried and do not count as steps. The valid proposal is then accepted (the step's plan is the proposal) or
/// rejected (the step repeats the previous plan). A chain of N steps therefore reports N + 1 plans.</para>
/// <para>The initial plan is checked against every constraint in full; if it breaks any, the constructor throws
/// <see cref="InvalidPlanException"/> naming all of them. Later plans are checked incrementally
/// (<see cref="IPlanConstraint.IsSatisfiedByChild"/>).</para>
/// <para>All randomness comes from the stream passed to <see cref="Run"/>: the same parts and stream give the same
/// plans. After <see cref="MaxAttemptsPerStep"/> proposals in a row without a valid one, the chain throws
/// <see cref="ChainStuckException"/>.</para>
/// <para>Thread safety: a chain and its parts are used by one thread at a time.</para>
/// </remarks>
public sealed class MarkovChain
{
    public const int MaxAttemptsPerStep = 1_000_000;

    public MarkovChain(IProposal proposal, IReadOnlyList<IPlanConstraint> constraints, IAcceptance acceptance,
        Plan initial, long steps)
    {
        Proposal = Preconditions.NotNull(proposal, nameof(proposal));
        Constraints = [.. Preconditions.NotNull(constraints, nameof(constraints))];
        Acceptance = Preconditions.NotNull(acceptance, nameof(acceptance));
        Initial = Preconditions.NotNull(initial, nameof(initial));
        Preconditions.Check(steps >= 0, nameof(steps), "steps must be ≥ 0");
        Steps = steps;
        var failed = FailedConstraints(Constraints, initial);
        if (failed.Count > 0) throw new InvalidPlanException(failed);
    }

    public IProposal Proposal { get; }
    public IPlanConstraint[] Constraints { get; }
    public IAcceptance Acceptance { get; }
    public Plan Initial { get; }
    public long Steps { get; }

    /// <summary>The names of the constraints <paramref name="plan"/> breaks, in order (empty when valid).</summary>
    public static IReadOnlyList<string> FailedConstraints(IEnumerable<IPlanConstraint> constraints, Plan plan) =>
        constraints.Where(c => !c.IsSatisfiedBy(plan)).Select(c => c.Name).ToArray();

    /// <summary>Runs every step, reporting each to <paramref name="observer"/>; returns the last plan.</summary>
    public Plan Run(ref RandomStream random, IChainObserver? observer, ChainStatistics? statistics = null)
    {
        var stats = statistics ?? new ChainStatistics(Constraints.Select(c => c.Name).ToArray());
        var current = Initial;
        observer?.OnStep(0, current, StepOutcome.Initial);
        for (long step = 1; step <= Steps; step++)
        {
            var proposed = NextValid(current, step, ref random, stats);
            var accepted = Acceptance.Accept(current, proposed, ref random);
            stats.Steps++;
            if (accepted)
            {
                stats.Accepted++;
                current = proposed;
            }
            else stats.Rejected++;
            observer?.OnStep(step, current, accepted ? StepOutcome.Accepted : StepOutcome.Rejected);
        }
        return current;
    }

    private Plan NextValid(Plan current, long step, ref RandomStream random, ChainStatistics stats)
    {
        for (var attempt = 1; attempt <= MaxAttemptsPerStep; attempt++)
        {
            stats.Proposals++;
            var proposed = Proposal.Propose(current, ref random);
            if (proposed is null)
            {
                stats.ProposalFailures++;
                continue;
            }
            var valid = true;
            for (var c = 0; c < Constraints.Length && valid; c++)
                if (!Constraints[c].IsSatisfiedByChild(proposed))
                {
                    stats.Invalid[c]++;
                    valid = false;
                }
            if (valid) return proposed;
        }
        throw new ChainStuckException((int)Math.Min(step, int.MaxValue), MaxAttemptsPerStep);
    }
}
