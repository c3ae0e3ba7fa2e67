using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Simulation.Core.Replications;
using Simulation.Grains.Abstractions;
using Simulation.Grains.Caching;
using Simulation.Grains.Entities;
using Simulation.Grains.Faults;
using Simulation.Grains.Workers;

namespace Simulation.Grains.Scenarios;

/// <summary>
/// Runs a scenario's replications: splits them into batches, spreads the batches over the live silos' workers
/// (each silo in proportion to its cores), retries a batch whose silo died on another silo, streams the rows to the
/// observer in replication order, and sends per-entity totals to the school, neighborhood and cohort grains so their
/// running statistics can be queried mid-sweep.
/// </summary>
/// <remarks>
/// <para>Memory is bounded: batches are dispatched at most a fixed window ahead of the first one not yet delivered, so
/// a slow or retried batch holds back at most that many finished ones.</para>
/// <para>Idempotent: a batch's rows depend only on (scenario, replications), so a retried batch, or a scenario driven
/// again from <see cref="ISweepObserver.GetNextReplication"/> after this grain was lost with its silo, gives
/// identical rows.</para>
/// <para>Entity totals are flushed at most every <see cref="FlushInterval"/> and once at the end: a flush is one
/// message per school, neighborhood and cohort (about 1,900 for Dallas), so flushing per batch would cost more than
/// the replications themselves. After a silo failure they are best effort (totals held by a lost grain are gone);
/// the dataset is not.</para>
/// </remarks>
public sealed class ScenarioGrain(
    IGrainFactory grains, SimulationCache cache, IClusterMembershipService membership, ILogger<ScenarioGrain> log)
    : Grain, IScenarioGrain
{
    /// <summary>Attempts of a batch that fails for a reason other than a lost silo.</summary>
    public const int MaxAttempts = 3;

    /// <summary>Attempts of a batch whose silo keeps dying or refusing it (each on the then-live silos).</summary>
    public const int MaxSiloAttempts = 30;

    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a call to the client's observer may take. A call to a client travels through the silo whose gateway
    /// the client is connected to; if that silo dies with the call inside, Orleans does not fail it (its target is the
    /// client, not the dead silo) and the call would wait out the long response timeout. Past this the call counts as
    /// lost (a <see cref="TimeoutException"/>), and the sweep grain drives the scenario again from the client's next
    /// missing replication; rows the client did get are not taken twice.
    /// </summary>
    public static readonly TimeSpan ObserverTimeout = TimeSpan.FromSeconds(30);

    private readonly Dictionary<SiloAddress, SiloShare> _silos = [];

    public async Task Run(string districtHash, ScenarioEntry entry, int batchSize, int maxParallelBatches, ISweepObserver observer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxParallelBatches);
        ArgumentNullException.ThrowIfNull(observer);
        var compiled = await cache.GetCompiled(districtHash, entry.ScenarioId, entry.Spec);
        var from = await observer.GetNextReplication(entry.ScenarioId).WaitAsync(ObserverTimeout);
        var end = entry.FirstReplication + entry.Replications;
        if (from >= end) return;
        await RefreshSilos();
        var parallel = maxParallelBatches > 0 ? maxParallelBatches : Math.Max(2, 2 * _silos.Values.Sum(s => s.Slots));
        var window = 4 * parallel;
        var batches = (end - from + batchSize - 1) / batchSize;
        var finished = new Dictionary<int, BatchResult>();
        EntityTotals? pending = null;
        var sinceFlush = System.Diagnostics.Stopwatch.StartNew();

        var inFlight = new Dictionary<Task<BatchResult>, int>();
        var next = 0;
        var delivered = 0;
        while (delivered < batches)
        {
            while (next < batches && inFlight.Count < parallel && next - delivered < window)
            {
                var first = from + next * batchSize;
                var request = new BatchRequest(districtHash, entry.ScenarioId, entry.Spec, first, Math.Min(batchSize, end - first));
                inFlight.Add(RunWithRetries(request), next++);
            }
            var done = await Task.WhenAny(inFlight.Keys);
            var index = inFlight[done];
            inFlight.Remove(done);
            var batch = await done;
            finished.Add(index, batch);
            pending = pending is null ? batch.Totals : Merge(pending, batch.Totals);
            while (finished.Remove(delivered, out var ready))
            {
                await observer.OnRows(ready.Rows).WaitAsync(ObserverTimeout);
                delivered++;
            }
            if (sinceFlush.Elapsed >= FlushInterval || delivered == batches)
            {
                await Flush(districtHash, entry.ScenarioId, compiled, pending);
                pending = null;
                sinceFlush.Restart();
            }
        }
    }

    private async Task<BatchResult> RunWithRetries(BatchRequest request)
    {
        var failures = 0;
        for (var attempt = 1; ; attempt++)
        {
            var silo = await PickSilo();
            silo.InFlight++;
            try
            {
                return await grains.GetGrain<ISiloWorkerGrain>(silo.Key).RunBatch(request);
            }
            catch (Exception e) when (TransientFailure.Is(e) && attempt < MaxSiloAttempts)
            {
                log.LogWarning("Batch {First}+{Count} of scenario {Scenario} was lost with silo {Silo} ({Error}); retrying on a live silo",
                    request.First, request.Count, request.ScenarioId, silo.Key, e.GetType().Name);
                _silos.Remove(silo.Address);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * attempt)));
            }
            catch (Exception e) when (++failures < MaxAttempts && e is not ArgumentException)
            {
                log.LogWarning(e, "Batch {First}+{Count} of scenario {Scenario} failed (attempt {Attempt}); retrying",
                    request.First, request.Count, request.ScenarioId, failures);
            }
            finally
            {
                silo.InFlight--;
            }
        }
    }

    /// <summary>The live silo with the fewest batches in flight per slot.</summary>
    private async Task<SiloShare> PickSilo()
    {
        await RefreshSilos();
        SiloShare? best = null;
        foreach (var s in _silos.Values)
            if (best is null || (double)s.InFlight / s.Slots < (double)best.InFlight / best.Slots)
                best = s;
        return best ?? throw new SiloUnavailableException("no active silo to run replications on");
    }

    /// <summary>Brings the silo table in line with the membership snapshot: drops dead silos, asks new ones for
    /// their slots.</summary>
    private async Task RefreshSilos()
    {
        var active = membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToHashSet();
        foreach (var gone in _silos.Keys.Where(a => !active.Contains(a)).ToList()) _silos.Remove(gone);
        foreach (var address in active.Where(a => !_silos.ContainsKey(a)))
        {
            var key = address.ToParsableString();
            try
            {
                var slots = await grains.GetGrain<ISiloWorkerGrain>(key).GetSlots();
                _silos.TryAdd(address, new SiloShare(address, key, Math.Max(1, slots)));
            }
            catch (Exception e) when (TransientFailure.Is(e))
            {
                log.LogWarning("Silo {Silo} did not answer ({Error}); leaving it out", key, e.GetType().Name);
            }
        }
    }

    private static EntityTotals Merge(EntityTotals a, EntityTotals b) => new(
        a.Replications + b.Replications,
        BatchAssembly.Merge(a.Schools, b.Schools),
        BatchAssembly.Merge(a.Neighborhoods, b.Neighborhoods),
        BatchAssembly.Merge(a.Cohorts, b.Cohorts));

    private async Task Flush(string districtHash, string scenarioId, CompiledScenario compiled, EntityTotals? totals)
    {
        if (totals is null) return;
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
        try
        {
            await Task.WhenAll(calls);
        }
        catch (Exception e) when (TransientFailure.Is(e))
        {
            // Running statistics are a live view, not the dataset: a lost entity grain must not stop the scenario.
            log.LogWarning("Entity totals of scenario {Scenario} were partly lost ({Error})", scenarioId, e.GetType().Name);
        }
    }

    private static Task Record(IDistrictEntityGrain grain, string scenarioId, IReadOnlyList<string> names, int replications, TotalsBlock block, int entity)
    {
        var start = entity * block.Values;
        return grain.Record(new EntityTotalsUpdate(scenarioId, names, replications, block.Sum[start..(start + block.Values)], block.SumSquares[start..(start + block.Values)]));
    }

    private sealed class SiloShare(SiloAddress address, string key, int slots)
    {
        public SiloAddress Address { get; } = address;
        public string Key { get; } = key;
        public int Slots { get; } = slots;
        public int InFlight { get; set; }
    }
}
