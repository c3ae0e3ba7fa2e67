namespace Simulation.Core.Replications;

/// <summary>
/// What a compiled scenario fixes about each school before any replication: seats in the simulated grades and the
/// share of seats reserved for each group by its seat pools. Output tables join these to replication results.
/// </summary>
/// <param name="Seats">Per school: seats in the simulated grades.</param>
/// <param name="TargetShare">Per school and group (index <c>school * groups + group</c>): the share of the school's
/// seats in pools that admit only that group; NaN where the school reserves nothing for the group.</param>
/// <param name="HomeAreaTier">Per neighborhood: 0 = disadvantaged home area, 1 = other.</param>
public sealed record ScenarioLayout(int[] Seats, double[] TargetShare, int[] HomeAreaTier, double HomeAreaCutoff)
{
    /// <summary>The scenario's funding formula (a pure function of a replication's enrollment, so output tables can
    /// recompute each school's resources); null without one.</summary>
    public Equity.FundingFormula? Funding { get; init; }
}
