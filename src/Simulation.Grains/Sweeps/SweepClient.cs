using Simulation.Core.Model;
using Simulation.Core.Scenarios;
using Simulation.Grains.Abstractions;
using Simulation.Grains.Wire;

namespace Simulation.Grains.Sweeps;

/// <summary>Options of one sweep run through the grains.</summary>
/// <param name="BatchSize">Replications per worker message (one message per batch, never per student).</param>
/// <param name="MaxParallelBatches">Batches of a scenario in flight at once.</param>
/// <param name="MaxParallelScenarios">Scenarios in flight at once.</param>
public sealed record SweepOptions(int BatchSize = 25, int MaxParallelBatches = 4, int MaxParallelScenarios = 2);

/// <summary>A scenario of a sweep as the client knows it: id, grid position and specification. It runs
/// <see cref="ScenarioSpec.Replications"/> replications from <paramref name="FirstReplication"/> on.</summary>
public sealed record PlannedScenario(string ScenarioId, int Index, ScenarioSpec Spec, int FirstReplication = 0);

/// <summary>
/// The client side of a sweep: publishes the district, plans scenario ids, starts the <see cref="ISweepGrain"/>
/// and relays what its observer hears to the caller's callbacks until the sweep ends.
/// </summary>
public sealed class SweepClient(IGrainFactory grains)
{
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

    /// <summary>Runs the sweep; <paramref name="onScenario"/> is awaited for each finished scenario (any order).</summary>
    public async Task RunAsync(string sweepId, District district, IReadOnlyList<PlannedScenario> scenarios, SweepOptions options,
        Func<ScenarioResult, Task> onScenario, Action<string, int>? onReplications = null, CancellationToken cancellation = default)
    {
        var content = WireFormat.SerializeDistrict(district);
        var hash = WireFormat.Hash(content);
        await grains.GetGrain<IDistrictGrain>(hash).Publish(new DistrictPayload(hash, content));
        var plan = new SweepPlan(sweepId, hash,
            scenarios.Select(s => new ScenarioEntry(s.ScenarioId, s.Index, WireFormat.SerializeScenario(s.Spec), s.Spec.Replications, s.FirstReplication)).ToList(),
            options.BatchSize, options.MaxParallelBatches, options.MaxParallelScenarios);
        var observer = new Observer(onScenario, onReplications);
        var reference = grains.CreateObjectReference<ISweepObserver>(observer);
        try
        {
            await grains.GetGrain<ISweepGrain>(sweepId).Start(plan, reference);
            await using (cancellation.Register(() => observer.Done.TrySetCanceled(cancellation)))
            {
                var error = await observer.Done.Task;
                if (error is not null) throw new SweepFailedException(error);
            }
        }
        finally
        {
            grains.DeleteObjectReference<ISweepObserver>(reference);
            // Orleans holds observer objects weakly: without this the observer could be collected mid-sweep and the
            // sweep's callbacks (and its completion) silently dropped.
            GC.KeepAlive(observer);
        }
    }

    private sealed class Observer(Func<ScenarioResult, Task> onScenario, Action<string, int>? onReplications) : ISweepObserver
    {
        public TaskCompletionSource<string?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task OnReplicationsCompleted(string scenarioId, int count)
        {
            onReplications?.Invoke(scenarioId, count);
            return Task.CompletedTask;
        }

        public Task OnScenarioCompleted(ScenarioResult result) => onScenario(result);

        public Task OnSweepCompleted(string? error)
        {
            Done.TrySetResult(error);
            return Task.CompletedTask;
        }
    }
}

/// <summary>A sweep ended with an error on the silo side.</summary>
public sealed class SweepFailedException(string message) : Exception(message);
