namespace Simulation.Core.Boundaries.Chains;

/// <summary>
/// Everything one chain produced, compactly: its initial assignment, a change log of every unit moved at every
/// accepted step, the metrics of every step's plan and the chain's statistics.
/// </summary>
/// <remarks>The plan at step s is the initial assignment with every change of steps ≤ s applied in order
/// (<see cref="AssignmentAt"/>). <c>Metrics</c> holds <c>(Steps + 1) × PlanMetrics.Count</c> values, step-major.</remarks>
public sealed record ChainRecord(
    int Chain,
    long Steps,
    int[] InitialAssignment,
    long[] ChangeStep,
    int[] ChangeUnit,
    int[] ChangeFrom,
    int[] ChangeTo,
    double[] Metrics,
    ChainStatistics Statistics)
{
    public double Metric(long step, int metric) => Metrics[step * PlanMetrics.Count + metric];

    /// <summary>The assignment at <paramref name="step"/>, replayed from the change log.</summary>
    public int[] AssignmentAt(long step)
    {
        var zoneOf = (int[])InitialAssignment.Clone();
        for (var i = 0; i < ChangeStep.Length && ChangeStep[i] <= step; i++) zoneOf[ChangeUnit[i]] = ChangeTo[i];
        return zoneOf;
    }
}

/// <summary>Builds a <see cref="ChainRecord"/> from a chain's steps.</summary>
public sealed class ChainRecorder : IChainObserver
{
    private readonly List<long> _step = [];
    private readonly List<int> _unit = [];
    private readonly List<int> _from = [];
    private readonly List<int> _to = [];
    private readonly double[] _metrics;
    private int[] _initial = [];

    public ChainRecorder(long steps) => _metrics = new double[checked((steps + 1) * PlanMetrics.Count)];

    public void OnStep(long step, Plan plan, StepOutcome outcome)
    {
        if (outcome == StepOutcome.Initial) _initial = plan.Assignment.ToArray();
        else if (outcome == StepOutcome.Accepted)
            for (var i = 0; i < plan.MovedUnits.Count; i++)
            {
                _step.Add(step);
                _unit.Add(plan.MovedUnits[i]);
                _from.Add(plan.FromZones[i]);
                _to.Add(plan.ZoneOf(plan.MovedUnits[i]));
            }
        PlanMetrics.Write(plan, _metrics.AsSpan(checked((int)(step * PlanMetrics.Count)), PlanMetrics.Count));
    }

    public ChainRecord ToRecord(int chain, long steps, ChainStatistics statistics) =>
        new(chain, steps, _initial, [.. _step], [.. _unit], [.. _from], [.. _to], _metrics, statistics);
}

/// <summary>Runs one chain of an ensemble: the single core call behind an ensemble grain.</summary>
public static class EnsembleChain
{
    /// <summary>Chain <paramref name="chain"/> of <paramref name="spec"/> from <paramref name="initial"/>, drawing
    /// from <c>RandomStream.For(spec.Seed, chain, Stage.Ensemble)</c>: the result depends only on these inputs.</summary>
    /// <exception cref="InvalidPlanException">The initial plan breaks constraints.</exception>
    public static ChainRecord Run(EnsembleSpec spec, Plan initial, int chain)
    {
        var markov = spec.Build(initial);
        var random = Randomness.RandomStream.For(spec.Seed, chain, Randomness.Stage.Ensemble);
        var recorder = new ChainRecorder(spec.Steps);
        var stats = new ChainStatistics(markov.Constraints.Select(c => c.Name).ToArray());
        markov.Run(ref random, recorder, stats);
        return recorder.ToRecord(chain, spec.Steps, stats);
    }
}
