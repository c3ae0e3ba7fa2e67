using Orleans.Concurrency;
using Simulation.Core.Replications;
using Simulation.Grains.Abstractions;
using Simulation.Grains.Caching;

namespace Simulation.Grains.Workers;

/// <summary>
/// Runs a batch of replications with the core. Stateless: Orleans keeps up to one activation per core on each silo
/// and spreads batches over them; each batch runs on one thread with a runner rented from the silo cache.
/// </summary>
[StatelessWorker]
public sealed class ReplicationWorkerGrain(SimulationCache cache) : Grain, IReplicationWorkerGrain
{
    public async Task<BatchResult> RunBatch(BatchRequest request)
    {
        var runner = await cache.RentRunner(request.DistrictHash, request.ScenarioId, request.Spec);
        try
        {
            var results = new ReplicationResult[request.Count];
            for (var i = 0; i < request.Count; i++) results[i] = runner.Run(request.First + i);
            return BatchAssembly.Pack(request.ScenarioId, request.First, runner.Scenario, results);
        }
        finally
        {
            cache.Return(request.ScenarioId, runner);
        }
    }
}
