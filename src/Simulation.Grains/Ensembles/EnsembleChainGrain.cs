using Simulation.Core.Boundaries;
using Simulation.Core.Boundaries.Chains;
using Simulation.Grains.Abstractions;
using Simulation.Grains.Wire;

namespace Simulation.Grains.Ensembles;

/// <summary>
/// One chain of a boundary-plan ensemble. Thin: it decodes the request, makes one core call
/// (<see cref="EnsembleChain.Run"/>) and encodes the record. Chains of an ensemble are separate activations, so
/// Orleans runs them in parallel on the silo's threads; each chain is deterministic in its request.
/// </summary>
public sealed class EnsembleChainGrain : Grain, IEnsembleChainGrain
{
    public Task<EnsembleChainResult> Run(EnsembleChainRequest request)
    {
        var graph = BoundaryWire.DeserializeGraph(request.Graph);
        var spec = BoundaryWire.DeserializeSpec(request.Spec);
        var record = EnsembleChain.Run(spec, Plan.FromAssignment(graph, request.Initial), request.Chain);
        return Task.FromResult(BoundaryWire.ToWire(record));
    }
}
