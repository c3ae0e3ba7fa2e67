using BenchmarkDotNet.Attributes;
using Simulation.Core.Replications;

namespace Simulation.Benchmarks;

/// <summary>One full replication of a Dallas elementary scenario: every K–5 student drawn, applications and ranked
/// lists sampled, the seat-pool lotteries run, all metrics computed.</summary>
[MemoryDiagnoser]
public class ReplicationBenchmarks
{
    private ReplicationRunner _runner = null!;
    private int _replication;

    [Params("dallas-5050.yaml", "dallas-status-quo.yaml")]
    public string Scenario { get; set; } = "";

    [GlobalSetup]
    public void Setup() => _runner = new ReplicationRunner(DallasFixture.Compile(Scenario));

    [Benchmark]
    public ReplicationResult DallasReplication() => _runner.Run(_replication++ % 1000);
}
