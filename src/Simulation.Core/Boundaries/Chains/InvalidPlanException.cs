namespace Simulation.Core.Boundaries.Chains;

/// <summary>A chain's initial plan breaks constraints; <see cref="FailedConstraints"/> names every one it breaks.</summary>
public sealed class InvalidPlanException(IReadOnlyList<string> failedConstraints)
    : Exception("the initial plan breaks constraint(s): " + string.Join(", ", failedConstraints))
{
    public IReadOnlyList<string> FailedConstraints { get; } = failedConstraints;
}

/// <summary>A chain drew <see cref="MarkovChain.MaxAttemptsPerStep"/> proposals in a row without a valid one.</summary>
public sealed class ChainStuckException(int step, int attempts)
    : Exception($"step {step}: no valid proposal in {attempts} attempts; the constraints leave the plan no room to move")
{
    public int Step { get; } = step;
}
