using Orleans.Concurrency;
using Simulation.Grains.Abstractions;
using Simulation.Grains.Placement;

namespace Simulation.Grains.Workers;

/// <summary>
/// The entry to one silo's cores: placed on the silo its key names, it hands each batch to the silo-local stateless
/// <see cref="ReplicationWorkerGrain"/>s (up to one per core run at once). Reentrant, so batches overlap; it holds no
/// state, and a lost silo loses only the batches in flight there, which the scenario retries elsewhere.
/// </summary>
[Reentrant, SiloKeyPlacement]
public sealed class SiloWorkerGrain(IGrainFactory grains) : Grain, ISiloWorkerGrain
{
    public Task<int> GetSlots() => Task.FromResult(Environment.ProcessorCount);

    public Task<BatchResult> RunBatch(BatchRequest request) => grains.GetGrain<IReplicationWorkerGrain>(0).RunBatch(request);
}
