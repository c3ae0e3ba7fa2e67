namespace Simulation.Core.Boundaries.Constraints;

/// <summary>
/// A cap on each student's travel: the distance from their unit to their zone's school is at most
/// <c>MaxKm</c>, and at most <c>MaxIncreaseKm</c> more than under the current plan. Either cap may be absent.
/// </summary>
/// <remarks>Distances are the graph's straight-line metres. A child is checked on its moved units only.</remarks>
public sealed class TravelCap : IPlanConstraint
{
    private readonly int _maxMetres;
    private readonly int _maxIncreaseMetres;

    public TravelCap(double? maxKm, double? maxIncreaseKm)
    {
        Preconditions.Check(maxKm is null or >= 0 && maxIncreaseKm is null or >= 0, nameof(maxKm), "caps must be ≥ 0");
        MaxKm = maxKm;
        MaxIncreaseKm = maxIncreaseKm;
        _maxMetres = maxKm is { } m ? (int)Math.Min(int.MaxValue, Math.Floor(m * 1000)) : int.MaxValue;
        _maxIncreaseMetres = maxIncreaseKm is { } i ? (int)Math.Min(int.MaxValue, Math.Floor(i * 1000)) : int.MaxValue;
    }

    public double? MaxKm { get; }
    public double? MaxIncreaseKm { get; }

    public string Name => "travel";

    public bool IsSatisfiedBy(Plan plan)
    {
        for (var u = 0; u < plan.Graph.UnitCount; u++)
            if (!Holds(plan, u)) return false;
        return true;
    }

    public bool IsSatisfiedByChild(Plan child)
    {
        foreach (var u in child.MovedUnits)
            if (!Holds(child, u)) return false;
        return true;
    }

    private bool Holds(Plan plan, int u)
    {
        var g = plan.Graph;
        if (g.UnitStudents[u] == 0) return true;
        var t = g.Travel(u, plan.ZoneOf(u));
        return t <= _maxMetres && (long)t - g.Travel(u, g.CurrentZone[u]) <= _maxIncreaseMetres;
    }
}
