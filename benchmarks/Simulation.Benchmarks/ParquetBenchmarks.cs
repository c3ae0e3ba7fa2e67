using BenchmarkDotNet.Attributes;
using Simulation.Core.Replications;
using Simulation.Output;

namespace Simulation.Benchmarks;

/// <summary>
/// Writing one scenario's <c>replications</c> and <c>schools</c> partitions for Dallas (148 schools): the
/// <c>schools</c> table has replications × 148 rows.
/// </summary>
[MemoryDiagnoser]
public class ParquetBenchmarks
{
    private CompiledScenario _scenario = null!;
    private ReplicationResult[] _results = null!;
    private string _folder = null!;

    [Params(1000)]
    public int Replications { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var compiled = DallasFixture.Compile();
        _scenario = CompiledScenario.Compile(compiled.District, compiled.Spec with { Replications = Replications });
        var runner = new ReplicationRunner(_scenario);
        _results = Enumerable.Range(0, Replications).Select(runner.Run).ToArray();
        _folder = Path.Combine(Path.GetTempPath(), "schoolsim-bench-" + Guid.NewGuid().ToString("N"));
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    /// <summary>The Parquet writing alone: one row group of 1,000 replications into both partitions (148,000
    /// <c>schools</c> rows and 1,000 <c>replications</c> rows), then the uncommitted files are discarded — no summary,
    /// no checkpoint, no rename.</summary>
    [Benchmark]
    public async Task WriteRowGroup()
    {
        var writer = new DatasetWriter(_folder, _scenario.District, _scenario.Catalog);
        await using var partitions = writer.OpenScenario(new ScenarioRecord("bench", 0, _scenario.Spec), _scenario.Layout);
        foreach (var r in _results) await partitions.AppendAsync(r);
    }

    /// <summary>A whole scenario as <c>schoolsim run</c> writes it: both partitions, the metric summaries (exact
    /// quantiles and 1,000 bootstrap resamples per metric), the checkpoint and the renames.</summary>
    [Benchmark]
    public Task WriteScenario() =>
        new DatasetWriter(_folder, _scenario.District, _scenario.Catalog)
            .WriteScenarioAsync(new ScenarioRecord("bench", 0, _scenario.Spec), _scenario.Layout, _results);
}
