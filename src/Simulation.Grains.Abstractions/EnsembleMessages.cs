namespace Simulation.Grains.Abstractions;

/// <summary>Runs one chain of a boundary-plan ensemble with the core. Key: <c>{ensemble id}/{chain}</c>.</summary>
public interface IEnsembleChainGrain : IGrainWithStringKey
{
    /// <summary>Runs the chain to its last step; deterministic in the request.</summary>
    Task<EnsembleChainResult> Run(EnsembleChainRequest request);
}

/// <summary>One chain to run: the unit graph and the ensemble's specification in their canonical serialized forms,
/// the initial plan (zone of every unit) and the chain index (which selects the random stream).</summary>
[GenerateSerializer, Immutable]
public sealed record EnsembleChainRequest(
    [property: Id(0)] byte[] Graph,
    [property: Id(1)] byte[] Spec,
    [property: Id(2)] int[] Initial,
    [property: Id(3)] int Chain);

/// <summary>
/// What a chain produced: the change log of accepted steps (step, unit, from zone, to zone), every step's metrics
/// (step-major, <c>(Steps + 1) × metrics</c>) and the chain's statistics. Zone and unit numbers index the graph.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EnsembleChainResult(
    [property: Id(0)] int Chain,
    [property: Id(1)] long Steps,
    [property: Id(2)] long[] ChangeStep,
    [property: Id(3)] int[] ChangeUnit,
    [property: Id(4)] int[] ChangeFrom,
    [property: Id(5)] int[] ChangeTo,
    [property: Id(6)] double[] Metrics,
    [property: Id(7)] string[] ConstraintNames,
    [property: Id(8)] long[] Invalid,
    [property: Id(9)] long Proposals,
    [property: Id(10)] long ProposalFailures,
    [property: Id(11)] long Accepted,
    [property: Id(12)] long Rejected,
    [property: Id(13)] int[] Initial);
