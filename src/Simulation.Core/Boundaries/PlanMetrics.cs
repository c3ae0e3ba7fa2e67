namespace Simulation.Core.Boundaries;

/// <summary>
/// The district-level metrics recorded for every plan of an ensemble, in a fixed order: the columns of the
/// <c>plan_metrics</c> table and the rows of the outlier analysis.
/// </summary>
/// <remarks>Every value except the two capacity extremes is maintained incrementally by <see cref="Plan"/>; the
/// capacity extremes scan the zones (O(zones)).</remarks>
public static class PlanMetrics
{
    public static readonly IReadOnlyList<string> Names =
    [
        "dissimilarity",
        "theil_h",
        "mean_travel_km",
        "students_moved",
        "units_moved",
        "cut_edges",
        "capacity_use_min",
        "capacity_use_max",
    ];

    public static int Count => Names.Count;

    public static int IndexOf(string name)
    {
        for (var i = 0; i < Names.Count; i++)
            if (Names[i] == name) return i;
        return -1;
    }

    /// <summary>Writes the metrics of <paramref name="plan"/> into <paramref name="values"/> (length <see cref="Count"/>).</summary>
    public static void Write(Plan plan, Span<double> values)
    {
        values[0] = plan.Dissimilarity;
        values[1] = plan.TheilH;
        values[2] = plan.MeanTravelKm;
        values[3] = plan.StudentsMoved;
        values[4] = plan.UnitsMoved;
        values[5] = plan.CutEdges;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (var z = 0; z < plan.Graph.ZoneCount; z++)
        {
            var use = plan.CapacityUse(z);
            if (use < min) min = use;
            if (use > max) max = use;
        }
        values[6] = min;
        values[7] = max;
    }

    public static double[] Of(Plan plan)
    {
        var values = new double[Count];
        Write(plan, values);
        return values;
    }
}
