using Simulation.Core.Randomness;

namespace Simulation.Core.Metrics;

/// <summary>
/// The sampling uncertainty of an index when the table is a sample: R <c>segregation</c>'s bootstrap
/// (<c>mutual_total(…, se = TRUE)</c>). Each resample draws the same number of students from a multinomial over the
/// table's cells with the observed cell shares; the index of each resample gives a standard error, a bias estimate
/// (mean of the resamples − observed) and a bias-corrected estimate (observed − bias).
/// </summary>
/// <param name="Observed">The index of the table.</param>
/// <param name="Debiased">Observed − <see cref="Bias"/> (R's reported <c>est</c>).</param>
/// <param name="Se">Sample standard deviation of the resampled indices.</param>
/// <param name="Bias">Mean of the resampled indices − observed.</param>
/// <param name="CiLow">2.5% quantile (type 7) of the resampled indices (R's <c>CI</c> at 0.95).</param>
/// <param name="CiHigh">97.5% quantile.</param>
/// <param name="Resamples">Number of resamples.</param>
/// <remarks>Values cannot equal R's digit for digit: R draws with its own generator (<c>rmultinom</c> after
/// <c>set.seed</c>). The tests compare the bias and standard error with R's within their Monte Carlo error.
/// O(resamples × students) draws from a Walker alias table; allocates the table and one count matrix.</remarks>
public sealed record SamplingBootstrap(double Observed, double Debiased, double Se, double Bias, double CiLow, double CiHigh, int Resamples)
{
    /// <summary>Bootstraps <paramref name="index"/> over <paramref name="resamples"/> multinomial resamples of
    /// <paramref name="counts"/> drawn from <paramref name="random"/>.</summary>
    public static SamplingBootstrap Compute(ReadOnlySpan<int> counts, int groups, SegregationIndex index, int resamples, ref RandomStream random)
    {
        Preconditions.NotNull(index, nameof(index));
        Preconditions.Check(resamples > 1, nameof(resamples), "at least two resamples");
        CountMatrix.Units(counts, groups);
        long total = 0;
        foreach (var c in counts) total += c;
        Preconditions.Check(total is > 0 and <= int.MaxValue, nameof(counts), "needs between 1 and 2^31 − 1 students");
        var alias = new AliasTable(counts, total);
        var resampled = new int[counts.Length];
        var values = new double[resamples];
        for (var b = 0; b < resamples; b++)
        {
            Array.Clear(resampled);
            for (long i = 0; i < total; i++) resampled[alias.Draw(ref random)]++;
            values[b] = index(resampled, groups);
        }
        var observed = index(counts, groups);
        double mean = 0, sumSquares = 0;
        for (var b = 0; b < resamples; b++)
        {
            var delta = values[b] - mean;
            mean += delta / (b + 1);
            sumSquares += delta * (values[b] - mean);
        }
        Array.Sort(values);
        var bias = mean - observed;
        return new SamplingBootstrap(observed, observed - bias, Math.Sqrt(sumSquares / (resamples - 1)), bias,
            Statistics.MetricSummary.Quantile(values, 0.025), Statistics.MetricSummary.Quantile(values, 0.975), resamples);
    }

    /// <summary>Walker's alias method over cells weighted by their counts: O(1) per draw.</summary>
    private sealed class AliasTable
    {
        private readonly double[] _probability;
        private readonly int[] _alias;

        public AliasTable(ReadOnlySpan<int> counts, long total)
        {
            var n = counts.Length;
            _probability = new double[n];
            _alias = new int[n];
            var scaled = new double[n];
            var small = new Stack<int>();
            var large = new Stack<int>();
            for (var i = 0; i < n; i++)
            {
                scaled[i] = (double)counts[i] * n / total;
                (scaled[i] < 1 ? small : large).Push(i);
            }
            while (small.Count > 0 && large.Count > 0)
            {
                var s = small.Pop();
                var l = large.Pop();
                _probability[s] = scaled[s];
                _alias[s] = l;
                scaled[l] = scaled[l] + scaled[s] - 1;
                (scaled[l] < 1 ? small : large).Push(l);
            }
            foreach (var i in large) _probability[i] = 1;
            // Left-overs of rounding keep their own cell; an empty one (never expected) points at a non-empty cell.
            var nonEmpty = 0;
            while (counts[nonEmpty] == 0) nonEmpty++;
            foreach (var i in small)
            {
                _probability[i] = counts[i] > 0 ? 1 : 0;
                _alias[i] = nonEmpty;
            }
        }

        public int Draw(ref RandomStream random)
        {
            var i = random.NextInt(_probability.Length);
            return random.NextDouble() < _probability[i] ? i : _alias[i];
        }
    }
}
