using Simulation.Core.Model;
using Simulation.Core.Replications;
using Simulation.Grains.Sweeps;
using Simulation.Grains.Workers;

namespace Simulation.Grains.Tests;

/// <summary>Runs sweeps through a cluster client and gathers every scenario's rows, checking they arrive in order
/// and exactly once.</summary>
internal static class SweepRuns
{
    public static async Task<(Dictionary<int, ReplicationResult[]> Results, SweepReport Report)> Collect(
        IGrainFactory grains, string sweepId, District district, IReadOnlyList<PlannedScenario> planned, SweepOptions options,
        Func<PlannedScenario, int, Task>? afterRows = null)
    {
        var metrics = new MetricCatalog(district.GroupNames).Count;
        var rows = planned.ToDictionary(p => p.ScenarioId, _ => new List<ReplicationResult>());
        var completed = new List<int>();
        var report = await new SweepClient(grains).RunAsync(sweepId, district, planned, options, async r =>
        {
            var list = rows[r.ScenarioId];
            Assert.Equal(planned.First(p => p.ScenarioId == r.ScenarioId).FirstReplication + list.Count, r.First); // in order, no gap, no repeat
            list.AddRange(BatchAssembly.Unpack(r, district.SchoolCount, district.GroupCount, metrics));
            if (afterRows is not null) await afterRows(planned.First(p => p.ScenarioId == r.ScenarioId), list.Count);
        }, p =>
        {
            lock (completed) completed.Add(p.Index);
            return Task.CompletedTask;
        });
        Assert.Equal(planned.Select(p => p.Index).Order(), completed.Order());
        return (planned.ToDictionary(p => p.Index, p => rows[p.ScenarioId].ToArray()), report);
    }

    /// <summary>Same replication numbers, same counts, same metric bits.</summary>
    public static void AssertSame(IReadOnlyList<ReplicationResult> expected, IReadOnlyList<ReplicationResult> actual)
    {
        Assert.Equal(expected.Select(r => r.Replication), actual.Select(r => r.Replication));
        Assert.Equal(expected.SelectMany(r => r.Enrollment), actual.SelectMany(r => r.Enrollment));
        Assert.Equal(expected.SelectMany(r => r.Waitlisted), actual.SelectMany(r => r.Waitlisted));
        Assert.Equal(expected.SelectMany(r => r.Applicants), actual.SelectMany(r => r.Applicants));
        Assert.Equal(expected.SelectMany(r => r.Metrics).Select(BitConverter.DoubleToInt64Bits),
            actual.SelectMany(r => r.Metrics).Select(BitConverter.DoubleToInt64Bits));
    }
}
