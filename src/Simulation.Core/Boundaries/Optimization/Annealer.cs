using Simulation.Core.Boundaries.Acceptance;
using Simulation.Core.Boundaries.Chains;
using Simulation.Core.Randomness;

namespace Simulation.Core.Boundaries.Optimization;

/// <summary>The result of one annealing run: the lowest-energy plan seen and its energy.</summary>
public sealed record AnnealingResult(Plan Best, double BestEnergy, Plan Last, ChainStatistics Statistics);

/// <summary>
/// Simulated annealing over boundary plans: the ensemble's proposal and constraints with Metropolis acceptance on
/// an <see cref="Energy"/> whose inverse temperature rises geometrically from <c>betaStart</c> to <c>betaEnd</c>
/// over the steps. Returns the best plan seen, which satisfies every constraint of the specification.
/// </summary>
/// <remarks>Each run is one chain of <see cref="MarkovChain"/> (same step semantics) with the temperature changed
/// between steps; draws come from the stream passed in.</remarks>
public static class Annealer
{
    public static AnnealingResult Run(EnsembleSpec spec, Energy energy, long steps, double betaStart, double betaEnd,
        Plan initial, ref RandomStream random)
    {
        Preconditions.Check(steps >= 1, nameof(steps), "at least one step");
        Preconditions.Check(betaStart > 0 && betaEnd >= betaStart, nameof(betaEnd), "need 0 < betaStart ≤ betaEnd");
        var metropolis = new Metropolis(energy, betaStart);
        var chain = new MarkovChain(spec.ProposalFor(initial.Graph), spec.Constraints(initial.Graph), metropolis, initial, steps);
        var tracker = new BestTracker(energy, metropolis, betaStart, Math.Pow(betaEnd / betaStart, 1.0 / steps), initial);
        var stats = new ChainStatistics(chain.Constraints.Select(c => c.Name).ToArray());
        var last = chain.Run(ref random, tracker, stats);
        return new AnnealingResult(tracker.Best, tracker.BestEnergy, last, stats);
    }

    private sealed class BestTracker(Energy energy, Metropolis metropolis, double betaStart, double ratio, Plan initial) : IChainObserver
    {
        public Plan Best { get; private set; } = initial;
        public double BestEnergy { get; private set; } = energy.Of(initial);

        public void OnStep(long step, Plan plan, StepOutcome outcome)
        {
            metropolis.Beta = betaStart * Math.Pow(ratio, step);
            if (outcome != StepOutcome.Accepted) return;
            var e = energy.Of(plan);
            if (e < BestEnergy)
            {
                BestEnergy = e;
                Best = plan;
            }
        }
    }
}
