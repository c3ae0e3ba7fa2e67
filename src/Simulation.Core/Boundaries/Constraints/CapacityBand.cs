namespace Simulation.Core.Boundaries.Constraints;

/// <summary>Every zone's students lie within [<c>Min</c>, <c>Max</c>] times its school's seats (e.g. 0.85–1.10).</summary>
public sealed class CapacityBand : IPlanConstraint
{
    public CapacityBand(double min, double max)
    {
        Preconditions.Check(double.IsFinite(min) && double.IsFinite(max) && min >= 0 && max >= min, nameof(max),
            "need 0 ≤ min ≤ max");
        Min = min;
        Max = max;
    }

    public double Min { get; }
    public double Max { get; }

    public string Name => "capacity";

    public bool IsSatisfiedBy(Plan plan)
    {
        for (var z = 0; z < plan.Graph.ZoneCount; z++)
            if (!Holds(plan, z)) return false;
        return true;
    }

    public bool IsSatisfiedByChild(Plan child)
    {
        foreach (var z in child.ChangedZones)
            if (!Holds(child, z)) return false;
        return true;
    }

    /// <summary>Whether <paramref name="students"/> fit the band of zone <paramref name="zone"/>.</summary>
    public bool Allows(UnitGraph graph, int zone, long students)
    {
        var seats = (double)graph.Capacity[zone];
        return students >= Min * seats && students <= Max * seats;
    }

    private bool Holds(Plan plan, int z) => Allows(plan.Graph, z, plan.ZoneStudents(z));
}
