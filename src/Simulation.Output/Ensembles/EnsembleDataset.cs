using Simulation.Core.Boundaries;
using Simulation.Core.Boundaries.Chains;

namespace Simulation.Output.Ensembles;

/// <summary>A plan scored against the ensemble: its metrics (in <see cref="PlanMetrics.Names"/> order).</summary>
/// <param name="Name"><c>current</c>, <c>initial</c> or the plan file as given.</param>
public sealed record ScoredPlan(string Name, double[] Metrics);

/// <summary>A point of the optimizer's frontier: the best plan of one annealing run.</summary>
public sealed record FrontierPoint(double TravelWeight, double MovedWeight, string PlanFile, double[] Metrics, double Energy);

/// <summary>Everything an ensemble run writes, besides what the caller adds to the manifest.</summary>
/// <param name="EnsembleId">Content hash of graph, specification and initial plan: the id on every row.</param>
public sealed record EnsembleDataset(
    string EnsembleId,
    ulong Seed,
    UnitGraph Graph,
    IReadOnlyList<string> GroupNames,
    IReadOnlyList<ChainRecord> Chains,
    IReadOnlyList<ScoredPlan> Compared,
    IReadOnlyList<FrontierPoint> Frontier);

/// <summary>One row of the outlier analysis: where a plan's metric falls within the ensemble.</summary>
public sealed record OutlierRow(string Plan, string Metric, double Value, double Percentile, long N, double Mean,
    double Q025, double Q50, double Q975);

/// <summary>The outlier analysis: for each compared plan and metric, the mid-rank percentile of its value among
/// every chain's plans at steps 1 … N (step 0, the initial plan, is left out), with the ensemble's mean and
/// 2.5/50/97.5% quantiles (type-7 interpolation).</summary>
public static class OutlierAnalysis
{
    public static IReadOnlyList<OutlierRow> Rows(IReadOnlyList<ChainRecord> chains, IReadOnlyList<ScoredPlan> plans)
    {
        var rows = new List<OutlierRow>();
        for (var m = 0; m < PlanMetrics.Count; m++)
        {
            var values = Ensemble(chains, m);
            Array.Sort(values);
            var mean = values.Length == 0 ? double.NaN : values.Average();
            foreach (var plan in plans)
                rows.Add(new OutlierRow(plan.Name, PlanMetrics.Names[m], plan.Metrics[m], PercentileRank.Of(values, plan.Metrics[m]),
                    values.Length, mean, Quantile(values, 0.025), Quantile(values, 0.5), Quantile(values, 0.975)));
        }
        return rows;
    }

    /// <summary>Metric <paramref name="metric"/> at steps 1 … N of every chain, chain by chain.</summary>
    public static double[] Ensemble(IReadOnlyList<ChainRecord> chains, int metric)
    {
        var values = new List<double>();
        foreach (var c in chains)
            for (long s = 1; s <= c.Steps; s++) values.Add(c.Metric(s, metric));
        return [.. values];
    }

    /// <summary>Type-7 quantile of sorted values (NaN when empty).</summary>
    public static double Quantile(double[] sorted, double p)
    {
        if (sorted.Length == 0) return double.NaN;
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
