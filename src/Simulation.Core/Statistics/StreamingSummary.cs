namespace Simulation.Core.Statistics;

/// <summary>
/// The streaming counterpart of <see cref="MetricSummary"/>: the same statistics of one metric over replications
/// in constant memory — mean and sd exact (<see cref="StreamingMoments"/>), the 2.5%, 50% and 97.5% quantiles
/// estimated by <see cref="P2Quantile"/> — so memory does not grow with the replication count.
/// </summary>
/// <remarks>Use <see cref="MetricSummary.Compute"/> when the values fit in memory (exact quantiles); use this for
/// very long runs. Not thread-safe.</remarks>
public sealed class StreamingSummary
{
    private readonly StreamingMoments _moments = new();
    private readonly P2Quantile _low = new(0.025), _median = new(0.5), _high = new(0.975);

    public long Count => _moments.Count;

    public void Add(double value)
    {
        _moments.Add(value);
        _low.Add(value);
        _median.Add(value);
        _high.Add(value);
    }

    /// <summary>The summary so far, in the shape of <see cref="MetricSummary"/> (quantiles estimated past five values).
    /// The bootstrap interval of the mean needs every value, so it is NaN here; the normal intervals are exact.</summary>
    public MetricSummary ToSummary()
    {
        var n = (int)Math.Min(_moments.Count, int.MaxValue);
        var sd = _moments.Sd;
        var halfWidth = MetricSummary.NormalQuantile975 * sd / Math.Sqrt(n);
        return new MetricSummary(n, (int)Math.Min(_moments.Missing, int.MaxValue), _moments.Mean, sd,
            _low.Value, _median.Value, _high.Value, _moments.Mean - halfWidth, _moments.Mean + halfWidth,
            _moments.Mean - MetricSummary.NormalQuantile975 * sd, _moments.Mean + MetricSummary.NormalQuantile975 * sd);
    }
}
