namespace Simulation.Core.Boundaries.Constraints;

/// <summary>Every school stays inside its own zone: each zone's anchor unit (<see cref="UnitGraph.AnchorUnit"/>)
/// keeps its zone. Always part of an ensemble; a plan without it could zone a school's own block elsewhere.</summary>
public sealed class SchoolsInOwnZones : IPlanConstraint
{
    public string Name => "schools_in_own_zones";

    public bool IsSatisfiedBy(Plan plan)
    {
        var g = plan.Graph;
        for (var z = 0; z < g.ZoneCount; z++)
            if (plan.ZoneOf(g.AnchorUnit[z]) != z) return false;
        return true;
    }

    public bool IsSatisfiedByChild(Plan child)
    {
        foreach (var u in child.MovedUnits)
            if (child.Graph.IsAnchor[u]) return false;
        return true;
    }
}
