using Simulation.Core.Replications;
using Simulation.Core.Scenarios;
using Simulation.Grains.Abstractions;
using Simulation.Grains.Entities;
using Simulation.Grains.Sweeps;
using Simulation.Grains.Wire;
using Simulation.Grains.Workers;
using Simulation.Testing;

namespace Simulation.Grains.Tests;

[Collection(ClusterCollection.Name)]
public class SweepTests(ClusterFixture fixture)
{
    private static readonly Core.Model.District Toy = ToyScenarios.District();

    private static ScenarioSpec[] Specs(int replications) =>
    [
        ToyScenarios.FiftyFifty() with { Replications = replications },
        ToyScenarios.SingleLottery() with { Replications = replications },
    ];

    private async Task<Dictionary<int, ReplicationResult[]>> RunThroughGrains(string sweepId, SweepOptions options, int replications)
    {
        var planned = SweepClient.Plan(Toy, Specs(replications));
        var (results, report) = await SweepRuns.Collect(fixture.Cluster.Client, sweepId, Toy, planned, options);
        Assert.Equal(2 * replications, report.ReplicationsBySilo.Values.Sum());
        return results;
    }

    [Fact]
    public async Task Sweep_ThroughGrains_IsBitIdenticalToPlainLoopWhateverBatchingAndParallelism()
    {
        const int replications = 23;
        var serial = await RunThroughGrains("sweep-serial", new SweepOptions(BatchSize: 3, MaxParallelBatches: 1, MaxParallelScenarios: 1), replications);
        var parallel = await RunThroughGrains("sweep-parallel", new SweepOptions(BatchSize: 7, MaxParallelBatches: 4, MaxParallelScenarios: 2), replications);
        var specs = Specs(replications);
        for (var i = 0; i < specs.Length; i++)
        {
            var compiled = CompiledScenario.Compile(Toy, specs[i]);
            var runner = new ReplicationRunner(compiled);
            var loop = Enumerable.Range(0, replications).Select(runner.Run).ToArray();
            foreach (var grains in new[] { serial[i], parallel[i] })
                SweepRuns.AssertSame(loop, grains);
        }
    }

    /// <summary>A later round of an adaptive comparison runs replications [first, first + n): the grains must give
    /// exactly the core's replications first … first + n − 1, numbered as such.</summary>
    [Fact]
    public async Task Sweep_FromAFirstReplication_RunsExactlyThoseReplications()
    {
        const int first = 10, replications = 7;
        var planned = SweepClient.Plan(Toy, Specs(replications)).Select(p => p with { FirstReplication = first }).ToList();
        var (results, _) = await SweepRuns.Collect(fixture.Cluster.Client, "sweep-offset", Toy, planned,
            new SweepOptions(BatchSize: 3, MaxParallelBatches: 2));
        foreach (var p in planned)
        {
            var runner = new ReplicationRunner(CompiledScenario.Compile(Toy, p.Spec));
            var unpacked = results[p.Index];
            Assert.Equal(Enumerable.Range(first, replications), unpacked.Select(r => r.Replication));
            foreach (var r in unpacked)
            {
                var expected = runner.Run(r.Replication);
                Assert.Equal(expected.Enrollment, r.Enrollment);
                Assert.Equal(expected.Metrics.Select(BitConverter.DoubleToInt64Bits), r.Metrics.Select(BitConverter.DoubleToInt64Bits));
            }
        }
    }

    [Fact]
    public async Task Sweep_EntityGrains_HoldRunningStatisticsEqualToTheResults()
    {
        const int replications = 12;
        var results = await RunThroughGrains("sweep-entities", new SweepOptions(BatchSize: 5, MaxParallelBatches: 2), replications);
        var planned = SweepClient.Plan(Toy, Specs(replications));
        var hash = WireFormat.Hash(WireFormat.SerializeDistrict(Toy));
        var scenario = planned[0];
        var unpacked = results[0];

        // Choice campus C1 (school 3): mean ED enrollment across replications.
        var school = fixture.Cluster.Client.GetGrain<ISchoolGrain>(EntityKeys.School(hash, "C1"));
        var outcome = await school.GetOutcome(scenario.ScenarioId);
        Assert.NotNull(outcome);
        Assert.Equal(replications, outcome.Replications);
        Assert.Equal(["enrolled_ed", "enrolled_not_ed"], outcome.Names);
        Assert.Equal(unpacked.Average(r => r.Enrollment[3 * 2]), outcome.Mean[0], 9);
        Assert.Equal(unpacked.Average(r => r.Enrollment[3 * 2 + 1]), outcome.Mean[1], 9);
        var values = unpacked.Select(r => (double)r.Enrollment[3 * 2]).ToArray();
        var mean = values.Average();
        Assert.Equal(Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1)), outcome.StandardDeviation[0], 6);

        var profile = await school.GetProfile();
        Assert.Contains(new KeyValuePair<string, string>("is_choice", "True"), profile.Attributes);
        Assert.Contains(new KeyValuePair<string, string>("seats", "20"), profile.Attributes);

        // Neighborhood N3's admitted residents across groups equal what the cohort grains report.
        var neighborhood = await fixture.Cluster.Client.GetGrain<INeighborhoodGrain>(EntityKeys.Neighborhood(hash, "N3")).GetOutcome(scenario.ScenarioId);
        double cohortAdmitted = 0;
        foreach (var grade in Toy.GradeNames)
            foreach (var group in Toy.GroupNames)
                cohortAdmitted += (await fixture.Cluster.Client.GetGrain<ICohortGrain>(EntityKeys.Cohort(hash, "N3", grade, group)).GetOutcome(scenario.ScenarioId))!.Mean[1];
        Assert.NotNull(neighborhood);
        Assert.Equal(cohortAdmitted, neighborhood.Mean[2] + neighborhood.Mean[3], 9);
        Assert.Null(await school.GetOutcome("no-such-scenario"));
    }

    [Fact]
    public async Task Sweep_StatusAfterCompletion_CountsEverything()
    {
        await RunThroughGrains("sweep-status", new SweepOptions(BatchSize: 4), 8);
        var status = await fixture.Cluster.Client.GetGrain<ISweepGrain>("sweep-status").GetStatus();
        Assert.Equal(2, status.ScenariosCompleted);
        Assert.Equal(16, status.ReplicationsCompleted);
        Assert.Equal(16, status.ReplicationsTotal);
        Assert.Null(status.Error);
    }

    [Fact]
    public async Task Sweep_ScenarioThatDoesNotCompile_FailsWithTheReason()
    {
        var bad = ToyScenarios.SingleLottery() with
        {
            Replications = 2,
            CampusSets = [new CampusSetSpec("single", ["Z1"], [new SeatPoolSpec("open", 1, Eligibility.Any, 1, Spillover.None)])],
        };
        var planned = SweepClient.Plan(Toy, [bad]);
        var e = await Assert.ThrowsAsync<SweepFailedException>(() =>
            new SweepClient(fixture.Cluster.Client).RunAsync("sweep-bad", Toy, planned, new SweepOptions(), _ => Task.CompletedTask));
        Assert.Contains("attendance zone", e.Message);
    }

    [Fact]
    public async Task Sweep_OnTwoSilos_WorkLandsOnBoth()
    {
        var planned = SweepClient.Plan(Toy, Specs(40));
        var (_, report) = await SweepRuns.Collect(fixture.Cluster.Client, "sweep-placement", Toy, planned,
            new SweepOptions(BatchSize: 4, MaxParallelBatches: 0));

        var silos = fixture.Cluster.GetActiveSilos().Select(s => s.SiloAddress.ToString()).Order().ToArray();
        Assert.Equal(2, silos.Length);
        Assert.Equal(silos, report.ReplicationsBySilo.Keys.Order().ToArray());
        Assert.All(report.ReplicationsBySilo.Values, n => Assert.True(n > 0));
        Assert.Equal(80, report.ReplicationsBySilo.Values.Sum());
    }
}
