using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using Simulation.Core.Replications;
using Simulation.Core.Scenarios;
using Simulation.Grains.Sweeps;
using Simulation.Testing;

namespace Simulation.Grains.Tests;

/// <summary>A three-silo cluster of its own, since the test kills one of its silos.</summary>
public sealed class FailingClusterFixture : IDisposable
{
    public FailingClusterFixture()
    {
        var builder = new TestClusterBuilder(3);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClusterFixture.ClientConfigurator>();
        Cluster = builder.Build();
        Cluster.Deploy();
    }

    public TestCluster Cluster { get; }

    public void Dispose() => Cluster.StopAllSilos();

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            new ClusterFixture.SiloConfigurator().Configure(silo);
            // Declare a killed silo dead within a few seconds.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
        }
    }
}

/// <summary>Killing a silo mid-sweep: the others finish, every replication arrives exactly once, and the rows equal a
/// plain loop's.</summary>
public sealed class SiloFailureTests(FailingClusterFixture fixture) : IClassFixture<FailingClusterFixture>
{
    [Fact]
    public async Task Sweep_SiloKilledMidway_RemainingSilosFinishWithIdenticalRows()
    {
        var toy = ToyScenarios.District();
        const int replications = 1500;
        ScenarioSpec[] specs =
        [
            ToyScenarios.FiftyFifty() with { Replications = replications },
            ToyScenarios.SingleLottery() with { Replications = replications },
        ];
        var planned = SweepClient.Plan(toy, specs);
        var victim = fixture.Cluster.SecondarySilos[^1];
        var killed = 0;
        Task? kill = null;

        var (results, report) = await SweepRuns.Collect(fixture.Cluster.Client, "sweep-kill", toy, planned,
            new SweepOptions(BatchSize: 3, MaxParallelBatches: 0, WatchInterval: TimeSpan.FromMilliseconds(500)),
            (_, received) =>
            {
                // Once work is under way, kill a silo abruptly (no goodbye to the cluster), mid-delivery. The kill
                // runs beside this callback, not inside it: the grain delivering these rows may live on the victim,
                // and its shutdown would wait for this very delivery. When the victim was the client's gateway, a
                // delivery in flight there is lost and the scenario is driven again after
                // ScenarioGrain.ObserverTimeout, so this test can take that long.
                if (received >= 60 && Interlocked.Exchange(ref killed, 1) == 0)
                    kill = Task.Run(() => fixture.Cluster.KillSiloAsync(victim));
                return Task.CompletedTask;
            });
        await kill!;

        Assert.Equal(1, killed);
        Assert.DoesNotContain(victim, fixture.Cluster.GetActiveSilos());
        Assert.True(report.ReplicationsBySilo.ContainsKey(victim.SiloAddress.ToString()), "the killed silo had done work before");
        Assert.Equal(2 * replications, report.ReplicationsBySilo.Values.Sum());
        for (var i = 0; i < specs.Length; i++)
        {
            var runner = new ReplicationRunner(CompiledScenario.Compile(toy, specs[i]));
            SweepRuns.AssertSame(Enumerable.Range(0, replications).Select(runner.Run).ToArray(), results[i]);
        }
    }
}
