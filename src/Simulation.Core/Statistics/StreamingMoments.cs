namespace Simulation.Core.Statistics;

/// <summary>
/// Count, mean and variance of a stream of values in constant memory (Welford's updates), mergeable across
/// partial streams (Chan, Golub &amp; LeVeque 1979), so a 100,000-replication run keeps a few numbers per metric.
/// </summary>
/// <remarks>NaN values are counted in <see cref="Missing"/> and otherwise ignored, as in <see cref="MetricSummary"/>.
/// The mean and variance equal <see cref="MetricSummary.Compute"/>'s on the same values up to rounding (same
/// updates in the same order give the same bits). Not thread-safe; merge per-thread accumulators instead.</remarks>
public sealed class StreamingMoments
{
    private double _mean, _sumSquares;

    /// <summary>Values that are not NaN.</summary>
    public long Count { get; private set; }

    /// <summary>NaN values seen.</summary>
    public long Missing { get; private set; }

    /// <summary>Mean, NaN before any value.</summary>
    public double Mean => Count > 0 ? _mean : double.NaN;

    /// <summary>Sample variance (divisor n − 1), NaN with fewer than two values.</summary>
    public double Variance => Count > 1 ? _sumSquares / (Count - 1) : double.NaN;

    /// <summary>Sample standard deviation.</summary>
    public double Sd => Math.Sqrt(Variance);

    public double Min { get; private set; } = double.NaN;
    public double Max { get; private set; } = double.NaN;

    public void Add(double value)
    {
        if (double.IsNaN(value))
        {
            Missing++;
            return;
        }
        Count++;
        var delta = value - _mean;
        _mean += delta / Count;
        _sumSquares += delta * (value - _mean);
        Min = Count == 1 ? value : Math.Min(Min, value);
        Max = Count == 1 ? value : Math.Max(Max, value);
    }

    /// <summary>Adds the values another accumulator has seen, as if they had been added here.</summary>
    public void Merge(StreamingMoments other)
    {
        Preconditions.NotNull(other, nameof(other));
        Missing += other.Missing;
        if (other.Count == 0) return;
        if (Count == 0)
        {
            (Count, _mean, _sumSquares, Min, Max) = (other.Count, other._mean, other._sumSquares, other.Min, other.Max);
            return;
        }
        var n = Count + other.Count;
        var delta = other._mean - _mean;
        _mean += delta * other.Count / n;
        _sumSquares += other._sumSquares + delta * delta * ((double)Count * other.Count / n);
        Count = n;
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
    }
}
