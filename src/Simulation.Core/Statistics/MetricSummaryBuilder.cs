using Simulation.Core.Randomness;

namespace Simulation.Core.Statistics;

/// <summary>
/// Builds the <see cref="MetricSummary"/> of one metric from values arriving one at a time, in bounded memory: up to
/// <see cref="ExactLimit"/> values are kept and summarised exactly (<see cref="MetricSummary.Compute"/>, type-7
/// quantiles); past that the kept values are replayed, in order, into a <see cref="StreamingSummary"/> (exact mean and
/// sd, P² quantile estimates) and dropped, and later values stream into it. The exact summary includes the
/// percentile-bootstrap interval of the mean, drawn from the stream (seed, 0, <see cref="Stage.Bootstrap"/>, metric);
/// the streaming one has none (NaN).
/// </summary>
/// <remarks>The result depends only on the values and their order, so feeding replications in replication order gives
/// the same bits however they were computed. Memory is at most <see cref="ExactLimit"/> doubles (80,000 bytes, below
/// the large-object threshold) per metric, whatever the count. Not thread-safe.</remarks>
public sealed class MetricSummaryBuilder
{
    /// <summary>Values up to which the summary is exact.</summary>
    public const int ExactLimit = 10_000;

    private double[] _values;
    private int _count;
    private StreamingSummary? _streaming;
    private readonly ulong _seed;
    private readonly int _metric;

    /// <param name="seed">Scenario seed of the bootstrap draws.</param>
    /// <param name="metric">Metric index: the bootstrap substream.</param>
    /// <param name="expected">Values expected, when known: the store is allocated once at that size (at most
    /// <see cref="ExactLimit"/>) instead of growing by doubling, which leaves no discarded arrays behind in a long
    /// run.</param>
    public MetricSummaryBuilder(ulong seed = 0, int metric = 0, int expected = 16)
    {
        _seed = seed;
        _metric = metric;
        _values = new double[Math.Clamp(expected, 1, ExactLimit)];
    }

    /// <summary>Whether the quantiles will be exact (at most <see cref="ExactLimit"/> values so far).</summary>
    public bool IsExact => _streaming is null;

    public void Add(double value)
    {
        if (_streaming is not null)
        {
            _streaming.Add(value);
            return;
        }
        if (_count == ExactLimit)
        {
            _streaming = new StreamingSummary();
            foreach (var v in _values.AsSpan(0, _count)) _streaming.Add(v);
            _values = [];
            _streaming.Add(value);
            return;
        }
        if (_count == _values.Length) Array.Resize(ref _values, Math.Min(ExactLimit, _values.Length * 2));
        _values[_count++] = value;
    }

    public MetricSummary ToSummary()
    {
        if (_streaming is not null) return _streaming.ToSummary();
        var bootstrap = RandomStream.For(_seed, 0, Stage.Bootstrap, _metric);
        return MetricSummary.Compute(_values.AsSpan(0, _count), ref bootstrap);
    }
}
