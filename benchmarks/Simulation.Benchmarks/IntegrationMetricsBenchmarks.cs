using BenchmarkDotNet.Attributes;
using Simulation.Core.Metrics;
using Simulation.Core.Randomness;

namespace Simulation.Benchmarks;

/// <summary>Every integration index of one school × group table (issue 4's budget: 2,000 schools × 5 groups in
/// ≤ 100 µs), on a synthetic segregated district: school sizes 200–1,500, compositions scattered around unequal
/// district shares.</summary>
[MemoryDiagnoser]
public class IntegrationMetricsBenchmarks
{
    private int[] _counts = [];
    private IntegrationProfile _profile = null!;

    [Params(2000)]
    public int Schools { get; set; }

    [Params(5)]
    public int Groups { get; set; }

    /// <summary>The table, after <see cref="Setup"/> (for <see cref="Bursts"/>).</summary>
    internal int[] Counts => _counts;

    [GlobalSetup]
    public void Setup()
    {
        var random = RandomStream.For(4, 0, Stage.StudentDraw);
        _counts = new int[Schools * Groups];
        Span<double> weights = stackalloc double[Groups];
        for (var u = 0; u < Schools; u++)
        {
            var size = 200 + random.NextInt(1301);
            double sum = 0;
            for (var g = 0; g < Groups; g++) sum += weights[g] = (g + 1) * Math.Pow(random.NextDouble(), 3);
            for (var g = 0; g < Groups; g++) _counts[u * Groups + g] = (int)Math.Round(size * weights[g] / sum);
        }
        _profile = new IntegrationProfile(Schools, Groups);
    }

    [Benchmark]
    public void AllIntegrationMetrics() => _profile.Compute(_counts);

    [Benchmark]
    public double Dissimilarity() => DissimilarityIndex.Compute(_counts, Groups);

    [Benchmark]
    public double Gini() => GiniIndex.Compute(_counts, Groups);

    [Benchmark]
    public double TheilH() => TheilIndex.H(_counts, Groups);

    [Benchmark]
    public double[] Exposure() => ExposureIndex.Matrix(_counts, Groups);
}
