using Simulation.Core.Mechanisms;

namespace Simulation.Core.Scenarios;

/// <summary>
/// Which combinations of mechanism, tie-breaking, seat pools and priorities a scenario may use: the same rules as
/// <c>schoolsim match</c>. Top trading cycles and serial dictatorship fill each campus's total seats, so they cannot
/// honour reserves or run pool lotteries; a serial dictatorship orders students by one lottery number, so it has no
/// priorities and no per-campus lotteries.
/// </summary>
public static class MechanismRules
{
    /// <summary>The first rule <paramref name="spec"/> breaks, as the offending field's dotted path and a message; null
    /// when it breaks none.</summary>
    public static (string Path, string Message)? Violation(ScenarioSpec spec)
    {
        Preconditions.NotNull(spec, nameof(spec));
        var kind = spec.Choice.Mechanism;
        var name = AssignmentMechanisms.NameOf(kind);
        if (!AssignmentMechanisms.UsesPriorities(kind) && spec.Choice.TieBreaking != TieBreaking.Single)
            return ("choice.tie_breaking", $"mechanism '{name}' orders students by one lottery number: use 'single'");
        if (!AssignmentMechanisms.UsesSeatPools(kind) && spec.Choice.TieBreaking == TieBreaking.Pool)
            return ("choice.tie_breaking", $"mechanism '{name}' has no seat pools, so no pool lotteries: use 'single' or 'multiple'");
        foreach (var set in spec.CampusSets)
        {
            if (!AssignmentMechanisms.UsesPriorities(kind) && set.Priorities is { Count: > 0 })
                return ($"campuses.{set.Name}.priorities", $"mechanism '{name}' has no priorities: leave them out");
            if (!AssignmentMechanisms.UsesPriorities(kind) && set.Ranking == AdmissionRanking.Score)
                return ($"campuses.{set.Name}.ranking", $"mechanism '{name}' orders students by one lottery number, not by score");
            if (!AssignmentMechanisms.UsesPriorities(kind) && set.Tickets is { Count: > 0 })
                return ($"campuses.{set.Name}.tickets", $"mechanism '{name}' orders students by one unweighted lottery number: leave the tickets out");
            if (AssignmentMechanisms.UsesSeatPools(kind)) continue;
            if (set.ControlledChoice is not null)
                return ($"campuses.{set.Name}.controlled_choice", $"mechanism '{name}' fills each campus's total seats and cannot keep a band: use da, boston or school-lotteries");
            foreach (var pool in set.Pools)
                if (pool.Eligible != Eligibility.Any)
                    return ($"campuses.{set.Name}.pools.{pool.Name}.eligible",
                        $"mechanism '{name}' fills each campus's total seats and cannot keep reserves: give every pool 'eligible: any', or use da, boston or school-lotteries");
        }
        return null;
    }
}
