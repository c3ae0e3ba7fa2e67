using Microsoft.Extensions.Logging;
using Simulation.Grains.Abstractions;
using Simulation.Grains.Faults;

namespace Simulation.Grains.Sweeps;

/// <summary>
/// Runs a sweep: keeps up to <see cref="SweepPlan.MaxParallelScenarios"/> scenario grains busy and tracks progress.
/// A scenario whose grain was lost with its silo is driven again (it resumes where the observer's rows end).
/// <see cref="Start"/> returns at once so that no client call has to outlive the sweep; the observer hears of
/// completion, and the client watches <see cref="GetStatus"/> to start the sweep again if this grain itself is lost.
/// </summary>
public sealed class SweepGrain(IGrainFactory grains, ILogger<SweepGrain> log) : Grain, ISweepGrain
{
    /// <summary>Times a scenario is driven again after transient failures (lost silos) before the sweep fails.</summary>
    public const int MaxScenarioAttempts = 20;

    private SweepPlan? _plan;
    private int _completed;
    private long _replicationsCompleted;
    private string? _error;
    private Task? _running;

    public Task Start(SweepPlan plan, ISweepObserver observer)
    {
        if (_running is { IsCompleted: false })
            throw new InvalidOperationException($"sweep {plan.SweepId} is already running");
        ArgumentOutOfRangeException.ThrowIfLessThan(plan.MaxParallelScenarios, 1);
        _plan = plan;
        _completed = 0;
        _replicationsCompleted = 0;
        _error = null;
        // Runs on this activation's scheduler; the activation stays alive while the sweep runs.
        _running = RunSweep(plan, observer);
        return Task.CompletedTask;
    }

    public Task<SweepStatus> GetStatus()
    {
        var plan = _plan;
        return Task.FromResult(new SweepStatus(this.GetPrimaryKeyString(), plan?.Scenarios.Count ?? 0, _completed,
            plan?.Scenarios.Sum(s => (long)s.Replications) ?? 0, _replicationsCompleted, _error, _running is { IsCompleted: false }));
    }

    private async Task RunSweep(SweepPlan plan, ISweepObserver observer)
    {
        DelayDeactivation(TimeSpan.FromDays(7));
        try
        {
            var inFlight = new List<Task>();
            foreach (var entry in plan.Scenarios)
            {
                if (inFlight.Count >= plan.MaxParallelScenarios)
                {
                    var done = await Task.WhenAny(inFlight);
                    inFlight.Remove(done);
                    await done;
                }
                inFlight.Add(RunScenario(plan, entry, observer));
            }
            await Task.WhenAll(inFlight);
        }
        catch (Exception e)
        {
            _error = e.Message;
            log.LogError(e, "Sweep {Sweep} failed", plan.SweepId);
        }
        try
        {
            await observer.OnSweepCompleted(_error);
        }
        catch (Exception e)
        {
            // The sweep's outcome stands either way; the client also learns it from GetStatus.
            log.LogWarning("The observer of sweep {Sweep} did not take the completion ({Error})", plan.SweepId, e.Message);
        }
        finally
        {
            DelayDeactivation(TimeSpan.Zero);
        }
    }

    private async Task RunScenario(SweepPlan plan, ScenarioEntry entry, ISweepObserver observer)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await grains.GetGrain<IScenarioGrain>(entry.ScenarioId)
                    .Run(plan.DistrictHash, entry, plan.BatchSize, plan.MaxParallelBatches, observer);
                break;
            }
            catch (Exception e) when (TransientFailure.Is(e) && attempt < MaxScenarioAttempts)
            {
                log.LogWarning("Scenario {Scenario} was interrupted ({Error}); driving it again", entry.ScenarioId, e.GetType().Name);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 250 * attempt)));
            }
        }
        _completed++;
        _replicationsCompleted += entry.Replications;
    }
}
