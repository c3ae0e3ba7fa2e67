using Microsoft.Extensions.Logging;
using Simulation.Grains.Abstractions;

namespace Simulation.Grains.Sweeps;

/// <summary>
/// Runs a sweep: keeps up to <see cref="SweepPlan.MaxParallelScenarios"/> scenario grains busy, forwards each
/// finished scenario to the observer (which writes it), and tracks progress. <see cref="Start"/> returns at once
/// so that no client call has to outlive the sweep; the observer hears of completion.
/// </summary>
public sealed class SweepGrain(IGrainFactory grains, ILogger<SweepGrain> log) : Grain, ISweepGrain
{
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
            plan?.Scenarios.Sum(s => (long)s.Replications) ?? 0, _replicationsCompleted, _error));
    }

    private async Task RunSweep(SweepPlan plan, ISweepObserver observer)
    {
        try
        {
            DelayDeactivation(TimeSpan.FromDays(7));
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
            await observer.OnSweepCompleted(null);
        }
        catch (Exception e)
        {
            _error = e.Message;
            log.LogError(e, "Sweep {Sweep} failed", plan.SweepId);
            await observer.OnSweepCompleted(e.Message);
        }
        finally
        {
            DelayDeactivation(TimeSpan.Zero);
        }
    }

    private async Task RunScenario(SweepPlan plan, ScenarioEntry entry, ISweepObserver observer)
    {
        var result = await grains.GetGrain<IScenarioGrain>(entry.ScenarioId)
            .Run(plan.DistrictHash, entry, plan.BatchSize, plan.MaxParallelBatches, observer);
        await observer.OnScenarioCompleted(result);
        _completed++;
        _replicationsCompleted += entry.Replications;
    }
}
