using Simulation.Core.Randomness;

namespace Simulation.Core.Boundaries.Acceptance;

/// <summary>
/// Metropolis acceptance on an <see cref="Boundaries.Acceptance.Energy"/>: a proposal that does not raise the energy
/// is accepted; one that raises it by ΔE is accepted with probability exp(−β ΔE).
/// </summary>
/// <remarks>One uniform draw is made only when ΔE &gt; 0. With β = 0 every proposal is accepted. The rule has no
/// Hastings correction for asymmetric proposals (see <see cref="Proposals.SingleFlip"/>).</remarks>
public sealed class Metropolis : IAcceptance
{
    public Metropolis(Energy energy, double beta)
    {
        Energy = Preconditions.NotNull(energy, nameof(energy));
        Preconditions.Check(double.IsFinite(beta) && beta >= 0, nameof(beta), "β must be finite and ≥ 0");
        Beta = beta;
    }

    public Energy Energy { get; }

    /// <summary>Inverse temperature; the annealer raises it step by step.</summary>
    public double Beta { get; set; }

    public string Name => "metropolis";

    public bool Accept(Plan current, Plan proposed, ref RandomStream random)
    {
        var delta = Energy.Of(proposed) - Energy.Of(current);
        if (delta <= 0) return true;
        return random.NextDouble() < Math.Exp(-Beta * delta);
    }
}
