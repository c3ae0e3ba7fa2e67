using System.Collections.Concurrent;
using Simulation.Core.Model;
using Simulation.Core.Scenarios;
using Simulation.Grains.Abstractions;
using Simulation.Grains.Faults;
using Simulation.Grains.Wire;

namespace Simulation.Grains.Sweeps;

/// <summary>Options of one sweep run through the grains.</summary>
/// <param name="BatchSize">Replications per worker message (one message per batch, never per student).</param>
/// <param name="MaxParallelBatches">Batches of a scenario in flight at once; 0: two per worker slot of the cluster.</param>
/// <param name="MaxParallelScenarios">Scenarios in flight at once.</param>
/// <param name="WatchInterval">How often the client checks that the sweep grain is still running its sweep (it may
/// have been lost with its silo); null: every 2 s.</param>
public sealed record SweepOptions(int BatchSize = 25, int MaxParallelBatches = 4, int MaxParallelScenarios = 2, TimeSpan? WatchInterval = null);

/// <summary>A scenario of a sweep as the client knows it: id, grid position and specification. It runs
/// <see cref="ScenarioSpec.Replications"/> replications from <paramref name="FirstReplication"/> on.</summary>
public sealed record PlannedScenario(string ScenarioId, int Index, ScenarioSpec Spec, int FirstReplication = 0);

/// <summary>What a finished sweep reports: replications computed per silo (retried batches counted once per
/// delivery), and how often the sweep had to be started again because its grain was lost.</summary>
public sealed record SweepReport(IReadOnlyDictionary<string, long> ReplicationsBySilo, int Restarts);

/// <summary>
/// The client side of a sweep: publishes the district, starts the <see cref="ISweepGrain"/>, receives each scenario's
/// rows in replication order (dropping any repeated after a retry) and hands them to the caller, and watches the
/// sweep grain: if it was lost with its silo, the sweep is started again for the scenarios not yet complete, each
/// resuming after the last row received. Rows therefore reach the caller exactly once, in order.
/// </summary>
public sealed class SweepClient(IGrainFactory grains)
{
    /// <summary>Times the sweep is started again before the client gives up.</summary>
    public const int MaxRestarts = 20;

    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Scenario ids for specs on a district: stable content hashes.</summary>
    public static IReadOnlyList<PlannedScenario> Plan(District district, IReadOnlyList<ScenarioSpec> specs)
    {
        var districtHash = WireFormat.Hash(WireFormat.SerializeDistrict(district));
        var planned = specs.Select((s, i) => new PlannedScenario(WireFormat.ScenarioId(districtHash, WireFormat.SerializeScenario(s)), i, s)).ToList();
        var duplicate = planned.GroupBy(p => p.ScenarioId).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"scenarios {string.Join(" and ", duplicate.Select(p => p.Index))} are identical");
        return planned;
    }

    /// <summary>Runs the sweep over <paramref name="scenarios"/>.</summary>
    /// <param name="onRows">Awaited with each scenario's next rows, in replication order, exactly once each; calls for
    /// different scenarios may overlap.</param>
    /// <param name="onScenarioCompleted">Awaited once a scenario's last rows were handled.</param>
    public async Task<SweepReport> RunAsync(string sweepId, District district, IReadOnlyList<PlannedScenario> scenarios, SweepOptions options,
        Func<ReplicationRows, Task> onRows, Func<PlannedScenario, Task>? onScenarioCompleted = null, CancellationToken cancellation = default)
    {
        var content = WireFormat.SerializeDistrict(district);
        var hash = WireFormat.Hash(content);
        await Retry(() => grains.GetGrain<IDistrictGrain>(hash).Publish(new DistrictPayload(hash, content)), cancellation);
        var observer = new Observer(scenarios, onRows, onScenarioCompleted ?? (_ => Task.CompletedTask));
        var reference = grains.CreateObjectReference<ISweepObserver>(observer);
        var sweep = grains.GetGrain<ISweepGrain>(sweepId);
        var restarts = 0;
        try
        {
            await Retry(() => sweep.Start(PlanRemaining(sweepId, hash, scenarios, options, observer), reference), cancellation);
            while (!observer.AllCompleted.Task.IsCompleted)
            {
                var woke = await Task.WhenAny(observer.AllCompleted.Task, observer.Failed.Task,
                    Task.Delay(options.WatchInterval ?? TimeSpan.FromSeconds(2), cancellation));
                cancellation.ThrowIfCancellationRequested();
                if (observer.AllCompleted.Task.IsCompleted) break;
                if (observer.Failed.Task.IsCompleted) throw new SweepFailedException(await observer.Failed.Task);
                await Republish(grains.GetGrain<IDistrictGrain>(hash), new DistrictPayload(hash, content));
                if (!await Lost(sweep)) continue;
                if (observer.AllCompleted.Task.IsCompleted) break;
                if (++restarts > MaxRestarts) throw new SweepFailedException($"sweep {sweepId} was lost {MaxRestarts} times; giving up");
                await Retry(() => sweep.Start(PlanRemaining(sweepId, hash, scenarios, options, observer), reference), cancellation);
            }
            await observer.AllCompleted.Task;
            // Every row is in; let the sweep grain finish its bookkeeping so its status is final when this returns
            // (unless it was lost, in which case nobody is left to wait for).
            while (!observer.Ended.Task.IsCompleted)
            {
                await Task.WhenAny(observer.Ended.Task, Task.Delay(options.WatchInterval ?? TimeSpan.FromSeconds(2), cancellation));
                cancellation.ThrowIfCancellationRequested();
                try
                {
                    if (!observer.Ended.Task.IsCompleted && await Lost(sweep)) break;
                }
                catch (SweepFailedException)
                {
                    break; // every row arrived and was handled: what failed afterwards does not touch the results
                }
            }
            return new SweepReport(observer.BySilo.ToDictionary(), restarts);
        }
        finally
        {
            grains.DeleteObjectReference<ISweepObserver>(reference);
            // Orleans holds observer objects weakly: without this the observer could be collected mid-sweep and the
            // sweep's callbacks (and its completion) silently dropped.
            GC.KeepAlive(observer);
        }
    }

    /// <summary>Publishes the district again if the grain holding it was lost with its silo (silos that need it wait
    /// for it).</summary>
    private static async Task Republish(IDistrictGrain district, DistrictPayload payload)
    {
        try
        {
            if (!await district.IsPublished().WaitAsync(StatusTimeout)) await district.Publish(payload).WaitAsync(StatusTimeout);
        }
        catch (Exception e) when (TransientFailure.Is(e))
        {
            // unreachable for now; the next check tries again
        }
    }

    /// <summary>Whether the sweep grain no longer runs the sweep (a fresh activation after its silo was lost). A
    /// grain that cannot be reached yet is not counted as lost: membership first has to declare its silo dead.</summary>
    private static async Task<bool> Lost(ISweepGrain sweep)
    {
        try
        {
            var status = await sweep.GetStatus().WaitAsync(StatusTimeout);
            if (status.Error is not null) throw new SweepFailedException(status.Error);
            return !status.Running;
        }
        catch (Exception e) when (TransientFailure.Is(e))
        {
            return false;
        }
    }

    private static SweepPlan PlanRemaining(string sweepId, string districtHash, IReadOnlyList<PlannedScenario> scenarios, SweepOptions options, Observer observer) =>
        new(sweepId, districtHash,
            scenarios.Where(s => !observer.IsComplete(s.ScenarioId))
                .Select(s => new ScenarioEntry(s.ScenarioId, s.Index, WireFormat.SerializeScenario(s.Spec), s.Spec.Replications, s.FirstReplication)).ToList(),
            options.BatchSize, options.MaxParallelBatches, options.MaxParallelScenarios);

    /// <summary>Retries a call while the cluster cannot take it (a silo just died and membership has not caught up).</summary>
    private static async Task Retry(Func<Task> call, CancellationToken cancellation)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await call();
                return;
            }
            catch (Exception e) when (TransientFailure.Is(e) && attempt < 60 && !cancellation.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellation);
            }
        }
    }

    private sealed class Observer : ISweepObserver
    {
        private readonly Dictionary<string, ScenarioState> _scenarios;
        private readonly Func<ReplicationRows, Task> _onRows;
        private readonly Func<PlannedScenario, Task> _onCompleted;
        private int _remaining;

        public Observer(IReadOnlyList<PlannedScenario> scenarios, Func<ReplicationRows, Task> onRows, Func<PlannedScenario, Task> onCompleted)
        {
            _scenarios = scenarios.ToDictionary(s => s.ScenarioId, s => new ScenarioState(s));
            _onRows = onRows;
            _onCompleted = onCompleted;
            _remaining = scenarios.Count;
            if (_remaining == 0) AllCompleted.TrySetResult();
        }

        public TaskCompletionSource AllCompleted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<string> Failed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The sweep grain reported the end of its sweep, successful or not.</summary>
        public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentDictionary<string, long> BySilo { get; } = new();

        public bool IsComplete(string scenarioId) => _scenarios[scenarioId].Complete;

        public Task<int> GetNextReplication(string scenarioId) => Task.FromResult(State(scenarioId).Next);

        public async Task OnRows(ReplicationRows rows)
        {
            var state = State(rows.ScenarioId);
            await state.Gate.WaitAsync();
            try
            {
                if (rows.First + rows.Count <= state.Next) return; // already have them: a retry's repeat
                if (rows.First > state.Next)
                    throw new InvalidOperationException(
                        $"scenario {rows.ScenarioId}: rows from replication {rows.First} arrived before replication {state.Next}");
                var fresh = rows.From(state.Next);
                await _onRows(fresh);
                state.Next += fresh.Count;
                BySilo.AddOrUpdate(fresh.Silo, fresh.Count, (_, n) => n + fresh.Count);
                if (state.Next == state.Scenario.FirstReplication + state.Scenario.Spec.Replications)
                {
                    await _onCompleted(state.Scenario);
                    state.Complete = true;
                    if (Interlocked.Decrement(ref _remaining) == 0) AllCompleted.TrySetResult();
                }
            }
            finally
            {
                state.Gate.Release();
            }
        }

        public Task OnSweepCompleted(string? error)
        {
            if (error is not null) Failed.TrySetResult(error);
            Ended.TrySetResult();
            return Task.CompletedTask;
        }

        private ScenarioState State(string scenarioId) =>
            _scenarios.TryGetValue(scenarioId, out var s) ? s : throw new ArgumentException($"scenario {scenarioId} is not part of this sweep");

        private sealed class ScenarioState(PlannedScenario scenario)
        {
            public PlannedScenario Scenario { get; } = scenario;
            public SemaphoreSlim Gate { get; } = new(1, 1);
            public int Next { get; set; } = scenario.FirstReplication;
            public bool Complete { get; set; }
        }
    }
}

/// <summary>A sweep ended with an error on the silo side.</summary>
public sealed class SweepFailedException(string message) : Exception(message);
