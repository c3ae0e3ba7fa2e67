namespace Simulation.Core.Statistics;

/// <summary>
/// Paired differences (proposal − baseline) of one metric over replications run on common random numbers, in
/// constant memory: the baseline and proposal means (<see cref="StreamingMoments"/>), the differences' summary
/// (<see cref="StreamingSummary"/>: mean, sd, normal 95% interval of the mean difference, 2.5% and 97.5% quantiles of
/// the per-replication differences) and how often the proposal was better, worse or tied.
/// </summary>
/// <remarks>
/// <para>A pair in which either value is NaN counts as missing and changes nothing else, so every statistic is over
/// the same replications. Feed pairs in replication order: the P² quantiles depend on the order, everything else
/// does not (up to rounding).</para>
/// <para>Why pair: with common random numbers the two values of a replication share the same families, preferences
/// and lottery numbers, so their difference has far less variance than two independent means (the interval of the
/// difference is sd(d)/√n, not √(var(a)+var(b))/√n).</para>
/// <para>Not thread-safe.</para>
/// </remarks>
public sealed class PairedDifference(MetricDirection direction = MetricDirection.None)
{
    private readonly StreamingMoments _baseline = new(), _proposal = new();
    private readonly StreamingSummary _difference = new();
    private long _better, _worse, _missing;

    public MetricDirection Direction { get; } = direction;

    /// <summary>Pairs where both values are defined.</summary>
    public long Count => _difference.Count;

    public void Add(double baseline, double proposal)
    {
        if (double.IsNaN(baseline) || double.IsNaN(proposal))
        {
            _missing++;
            return;
        }
        _baseline.Add(baseline);
        _proposal.Add(proposal);
        var d = proposal - baseline;
        _difference.Add(d);
        if (d == 0 || Direction == MetricDirection.None) return;
        if (d < 0 == (Direction == MetricDirection.LowerIsBetter)) _better++;
        else _worse++;
    }

    public PairedDifferenceSummary ToSummary()
    {
        var s = _difference.ToSummary();
        var n = (int)Math.Min(Count, int.MaxValue);
        var known = Direction != MetricDirection.None && n > 0;
        return new PairedDifferenceSummary(
            n,
            (int)Math.Min(_missing, int.MaxValue),
            _baseline.Mean,
            _proposal.Mean,
            s.Mean,
            s.Sd,
            s.MeanCiLow,
            s.MeanCiHigh,
            s.Q025,
            s.Q975,
            known ? (double)_better / n : double.NaN,
            known ? (double)_worse / n : double.NaN,
            Direction);
    }
}

/// <summary>The summary of paired differences (proposal − baseline) of one metric.</summary>
/// <param name="N">Replications where both values are defined.</param>
/// <param name="Missing">Replications where either is undefined.</param>
/// <param name="MeanDifference">Mean of proposal − baseline (= <paramref name="ProposalMean"/> − <paramref name="BaselineMean"/> up to rounding).</param>
/// <param name="Sd">Sample standard deviation of the per-replication differences; NaN when N &lt; 2.</param>
/// <param name="CiLow">Normal 95% interval of the mean difference: mean ± 1.96·sd/√N.</param>
/// <param name="Q025">2.5% quantile of the per-replication differences (P² estimate past five values): with
/// <paramref name="Q975"/>, the percentile interval — how much the difference varies from one simulated year to the next.</param>
/// <param name="PBetter">Share of replications in which the proposal's value is strictly better than the baseline's,
/// given <paramref name="Direction"/>; NaN without a direction.</param>
/// <param name="PWorse">Share in which it is strictly worse; ties make up the rest.</param>
public sealed record PairedDifferenceSummary(
    int N,
    int Missing,
    double BaselineMean,
    double ProposalMean,
    double MeanDifference,
    double Sd,
    double CiLow,
    double CiHigh,
    double Q025,
    double Q975,
    double PBetter,
    double PWorse,
    MetricDirection Direction)
{
    /// <summary>Half the width of the 95% interval of the mean difference; NaN when N &lt; 2.</summary>
    public double HalfWidth => (CiHigh - CiLow) / 2;
}
