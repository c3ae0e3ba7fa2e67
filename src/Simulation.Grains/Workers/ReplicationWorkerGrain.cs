using Orleans.Concurrency;
using Orleans.Runtime;
using Simulation.Core.Replications;
using Simulation.Grains.Abstractions;
using Simulation.Grains.Caching;

namespace Simulation.Grains.Workers;

/// <summary>
/// Runs a batch of replications with the core. Stateless: Orleans keeps up to one activation per core on each silo
/// and spreads batches over them; each batch runs on one thread with a runner rented from the silo cache. Called by
/// the silo's <see cref="SiloWorkerGrain"/>, so it activates on the silo chosen for the batch.
/// </summary>
[StatelessWorker]
public sealed class ReplicationWorkerGrain(SimulationCache cache, ILocalSiloDetails silo) : Grain, IReplicationWorkerGrain
{
    public async Task<BatchResult> RunBatch(BatchRequest request)
    {
        var runner = await cache.RentRunner(request.DistrictHash, request.ScenarioId, request.Spec);
        try
        {
            var results = new ReplicationResult[request.Count];
            for (var i = 0; i < request.Count; i++) results[i] = runner.Run(request.First + i);
            return BatchAssembly.Pack(request.ScenarioId, request.First, runner.Scenario, results, silo.SiloAddress.ToString());
        }
        finally
        {
            cache.Return(request.ScenarioId, runner);
        }
    }
}
