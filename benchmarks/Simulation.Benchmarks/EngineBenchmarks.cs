using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Simulation.Cli.Hosting;
using Simulation.Core.Replications;
using Simulation.Grains.Abstractions;
using Simulation.Grains.Sweeps;

namespace Simulation.Benchmarks;

/// <summary>
/// The same N replications of the Dallas 50/50 scenario through the grains (embedded silo, sweep → scenario →
/// stateless workers, results back to the client) and through a plain parallel loop over the core, on the same
/// cores. The ratio is what Orleans costs. Two jobs pin the benchmark process to one core and to two (CPU affinity;
/// .NET's processor count, and with it the loop's parallelism and the silo's worker threads, follows the affinity),
/// which is how a run scales from one core to two.
/// </summary>
/// <remarks>Both ways are measured warm, as in a long sweep or a long-lived cluster silo: before the measured
/// iterations, <see cref="Setup"/> runs <see cref="WarmUpSweeps"/> short sweeps through the grains and a few plain
/// loops, so that tiered compilation has finished with the Orleans path (a method called once per sweep is
/// recompiled only after about 30 calls). A cold one-shot run pays that compilation and the silo's start-up once;
/// <c>benchmarks/README.md</c> gives that cost separately.</remarks>
[MemoryDiagnoser]
[Config(typeof(CoresConfig))]
public class EngineBenchmarks
{
    private sealed class CoresConfig : ManualConfig
    {
        public CoresConfig()
        {
            var job = Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5);
            AddJob(job.WithAffinity(1).WithId("1 core"));
            AddJob(job.WithAffinity(3).WithId("2 cores"));
        }
    }

    private CompiledScenario _scenario = null!;
    private EmbeddedSilo _silo = null!;
    private IReadOnlyList<PlannedScenario> _planned = null!;
    private int _sweep;

    /// <summary>Short sweeps run before measuring: more than the 30 calls after which tiered compilation optimizes
    /// a method called once per sweep.</summary>
    public const int WarmUpSweeps = 40;

    [Params(400, 2000)]
    public int Replications { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        var compiled = DallasFixture.Compile();
        _scenario = CompiledScenario.Compile(compiled.District, compiled.Spec with { Replications = Replications });
        _planned = SweepClient.Plan(_scenario.District, [_scenario.Spec]);
        _silo = await EmbeddedSilo.StartAsync(CancellationToken.None);

        var small = CompiledScenario.Compile(compiled.District, compiled.Spec with { Replications = 50 });
        var planned = SweepClient.Plan(small.District, [small.Spec]);
        for (var i = 0; i < WarmUpSweeps; i++)
        {
            await new SweepClient(_silo.Grains).RunAsync($"warm-up-{i}", small.District, planned, Options, _ => Task.CompletedTask);
            Simulation.Cli.Hosting.PlainLoop.Run(small, 25, Environment.ProcessorCount, _ => { }, CancellationToken.None);
        }
        await Task.Delay(TimeSpan.FromSeconds(1)); // the last background recompilations
    }

    private static SweepOptions Options => new(BatchSize: 25, MaxParallelBatches: 2 * Environment.ProcessorCount);

    [GlobalCleanup]
    public async Task Cleanup() => await _silo.DisposeAsync();

    [Benchmark(Baseline = true)]
    public ReplicationResult[] PlainLoop() =>
        Simulation.Cli.Hosting.PlainLoop.Run(_scenario, 25, Environment.ProcessorCount, _ => { }, CancellationToken.None);

    [Benchmark]
    public async Task<ReplicationRows?> Grains()
    {
        ReplicationRows? last = null;
        await new SweepClient(_silo.Grains).RunAsync($"bench-{_sweep++}", _scenario.District, _planned, Options,
            r => { last = r; return Task.CompletedTask; });
        return last;
    }
}
