using BenchmarkDotNet.Attributes;
using Simulation.Core.Boundaries;
using Simulation.Core.Boundaries.Acceptance;
using Simulation.Core.Boundaries.Chains;
using Simulation.Core.Randomness;
using Simulation.Input.Boundaries;
using Simulation.Input.Districts;

namespace Simulation.Benchmarks;

/// <summary>
/// Markov-chain steps on Dallas ISD's elementary zones (about 600 zone × tract units, 135 zones): single-unit flip
/// proposals checked against schools-in-own-zones, capacity 85–110%, travel increase ≤ 3 km, ≤ 5,000 students moved
/// and contiguity, always accepted. Each reported time is per step (invalid proposals that were retried included).
/// <c>ChainSteps</c> runs the chain alone; <c>ChainStepsRecorded</c> also records every step's metrics and the change
/// log, as <c>schoolsim ensemble</c> does.
/// </summary>
[MemoryDiagnoser]
public class BoundaryBenchmarks
{
    private const int Steps = 10_000;
    private EnsembleSpec _spec = null!;
    private Plan _current = null!;
    private ulong _seed;

    [GlobalSetup]
    public void Setup()
    {
        var geography = BoundaryUnits.Build(DistrictLoader.Load(DallasFolder()));
        _current = Plan.Current(geography.Graph);
        _spec = new EnsembleSpec(ProposalKind.Flip, 0.85, 1.10, null, 3, 5000, AcceptanceKind.Always, 0, new Energy(), Steps, 1);
    }

    private static string DallasFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Simulation.sln"))) return Path.Combine(dir.FullName, "scenarios", "districts", "dallas-isd");
        throw new InvalidOperationException("run the benchmarks from inside the repository");
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public Plan ChainSteps()
    {
        var chain = _spec.Build(_current);
        var random = RandomStream.For(_seed++, 0, Stage.Ensemble);
        return chain.Run(ref random, null);
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public ChainRecord ChainStepsRecorded() => EnsembleChain.Run(_spec with { Seed = _seed++ }, _current, 0);
}
