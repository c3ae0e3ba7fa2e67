using Microsoft.Extensions.Logging;
using Simulation.Core.Replications;
using Simulation.Grains.Abstractions;
using Simulation.Grains.Caching;
using Simulation.Grains.Entities;
using Simulation.Grains.Workers;

namespace Simulation.Grains.Scenarios;

/// <summary>
/// Splits a scenario's replications into batches, keeps up to <c>maxParallelBatches</c> of them in flight on
/// stateless workers, retries a failed batch, reduces the results in replication order, and streams per-entity
/// totals to the school, neighborhood and cohort grains so their running statistics can be queried mid-sweep.
/// </summary>
/// <remarks>Entity totals are flushed at most every <see cref="FlushInterval"/> and once at the end: a flush is one
/// message per school, neighborhood and cohort (about 1,900 for Dallas), so flushing per batch would cost more than
/// the replications themselves.</remarks>
/// <remarks>Idempotent: a batch's result depends only on (scenario, replications), so a retried batch or a
/// re-run scenario gives identical rows.</remarks>
public sealed class ScenarioGrain(IGrainFactory grains, SimulationCache cache, ILogger<ScenarioGrain> log) : Grain, IScenarioGrain
{
    public const int MaxAttempts = 3;

    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(5);

    public async Task<ScenarioResult> Run(string districtHash, ScenarioEntry entry, int batchSize, int maxParallelBatches, ISweepObserver? observer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallelBatches, 1);
        var compiled = await cache.GetCompiled(districtHash, entry.ScenarioId, entry.Spec);
        var batches = (entry.Replications + batchSize - 1) / batchSize;
        var results = new BatchResult[batches];
        EntityTotals? pending = null;
        var sinceFlush = System.Diagnostics.Stopwatch.StartNew();

        var inFlight = new Dictionary<Task<BatchResult>, int>();
        var next = 0;
        while (next < batches || inFlight.Count > 0)
        {
            while (next < batches && inFlight.Count < maxParallelBatches)
            {
                var offset = next * batchSize;
                var request = new BatchRequest(districtHash, entry.ScenarioId, entry.Spec, entry.FirstReplication + offset,
                    Math.Min(batchSize, entry.Replications - offset));
                inFlight.Add(RunWithRetries(request), next++);
            }
            var done = await Task.WhenAny(inFlight.Keys);
            var index = inFlight[done];
            inFlight.Remove(done);
            var batch = await done;
            results[index] = batch;
            pending = pending is null ? batch.Totals : Merge(pending, batch.Totals);
            if (observer is not null) await observer.OnReplicationsCompleted(entry.ScenarioId, batch.Count);
            if (sinceFlush.Elapsed >= FlushInterval || (next == batches && inFlight.Count == 0))
            {
                await Flush(districtHash, entry.ScenarioId, compiled, pending);
                pending = null;
                sinceFlush.Restart();
            }
        }
        return Assemble(entry, results);
    }

    private async Task<BatchResult> RunWithRetries(BatchRequest request)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await grains.GetGrain<IReplicationWorkerGrain>(0).RunBatch(request);
            }
            catch (Exception e) when (attempt < MaxAttempts && e is not ArgumentException)
            {
                log.LogWarning(e, "Batch {First}+{Count} of scenario {Scenario} failed (attempt {Attempt}); retrying",
                    request.First, request.Count, request.ScenarioId, attempt);
            }
        }
    }

    private static EntityTotals Merge(EntityTotals a, EntityTotals b) => new(
        a.Replications + b.Replications,
        BatchAssembly.Merge(a.Schools, b.Schools),
        BatchAssembly.Merge(a.Neighborhoods, b.Neighborhoods),
        BatchAssembly.Merge(a.Cohorts, b.Cohorts));

    private Task Flush(string districtHash, string scenarioId, CompiledScenario compiled, EntityTotals totals)
    {
        var d = compiled.District;
        var calls = new List<Task>(d.SchoolCount + d.NeighborhoodCount + compiled.CohortIds.Length);
        var schoolNames = BatchAssembly.SchoolValues(d.GroupNames);
        for (var s = 0; s < d.SchoolCount; s++)
            calls.Add(Record(grains.GetGrain<ISchoolGrain>(EntityKeys.School(districtHash, d.Schools[s].Id)), scenarioId, schoolNames, totals.Replications, totals.Schools, s));
        var residentNames = BatchAssembly.ResidentValues(d.GroupNames);
        for (var n = 0; n < d.NeighborhoodCount; n++)
            calls.Add(Record(grains.GetGrain<INeighborhoodGrain>(EntityKeys.Neighborhood(districtHash, d.Neighborhoods[n].Id)), scenarioId, residentNames, totals.Replications, totals.Neighborhoods, n));
        for (var c = 0; c < compiled.CohortIds.Length; c++)
        {
            var key = EntityKeys.Cohort(districtHash, d.Neighborhoods[compiled.CohortNeighborhood[c]].Id,
                d.GradeNames[compiled.CohortGrade[c]], d.GroupNames[compiled.CohortGroup[c]]);
            calls.Add(Record(grains.GetGrain<ICohortGrain>(key), scenarioId, BatchAssembly.CohortValues, totals.Replications, totals.Cohorts, c));
        }
        return Task.WhenAll(calls);
    }

    private static Task Record(IDistrictEntityGrain grain, string scenarioId, IReadOnlyList<string> names, int replications, TotalsBlock block, int entity)
    {
        var start = entity * block.Values;
        return grain.Record(new EntityTotalsUpdate(scenarioId, names, replications, block.Sum[start..(start + block.Values)], block.SumSquares[start..(start + block.Values)]));
    }

    private static ScenarioResult Assemble(ScenarioEntry entry, BatchResult[] batches)
    {
        static T[] Concat<T>(BatchResult[] b, Func<BatchResult, T[]> part)
        {
            var total = 0;
            foreach (var x in b) total += part(x).Length;
            var all = new T[total];
            var offset = 0;
            foreach (var x in b)
            {
                part(x).CopyTo(all, offset);
                offset += part(x).Length;
            }
            return all;
        }
        return new ScenarioResult(entry.ScenarioId, entry.Index, entry.Replications,
            Concat(batches, b => b.Enrollment), Concat(batches, b => b.Applicants), Concat(batches, b => b.Waitlisted), Concat(batches, b => b.Metrics),
            entry.FirstReplication);
    }
}
