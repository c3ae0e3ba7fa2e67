using Simulation.Core.Boundaries;
using Simulation.Core.Boundaries.Acceptance;
using Simulation.Core.Boundaries.Chains;
using Simulation.Grains.Abstractions;
using Simulation.Grains.Wire;
using Simulation.Testing;

namespace Simulation.Grains.Tests;

[Collection(ClusterCollection.Name)]
public class EnsembleChainGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Run_ThreeChainsInParallel_EqualTheDirectCoreCalls()
    {
        var graph = BoundaryGrids.RandomStudents(["AAABBB", "AAABBB", "AAABBB", "CCCDDD", "CCCDDD", "CCCDDD"], 8);
        var spec = new EnsembleSpec(ProposalKind.Recom, 0.6, 1.4, null, null, null, AcceptanceKind.Metropolis, 5,
            new Energy(Dissimilarity: 1), 300, 42);
        var graphBytes = BoundaryWire.SerializeGraph(graph);
        var specBytes = BoundaryWire.SerializeSpec(spec);
        var initial = graph.CurrentZone;
        var id = BoundaryWire.EnsembleId(graphBytes, specBytes, initial);
        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(c =>
            fixture.Cluster.Client.GetGrain<IEnsembleChainGrain>($"{id}/{c}").Run(new EnsembleChainRequest(graphBytes, specBytes, initial, c))));
        for (var c = 0; c < 3; c++)
        {
            var direct = EnsembleChain.Run(spec, Plan.Current(graph), c);
            var viaGrain = BoundaryWire.FromWire(results[c]);
            Assert.Equal(direct.Metrics, viaGrain.Metrics);
            Assert.Equal(direct.ChangeUnit, viaGrain.ChangeUnit);
            Assert.Equal(direct.ChangeTo, viaGrain.ChangeTo);
            Assert.Equal(direct.Statistics.Accepted, viaGrain.Statistics.Accepted);
            Assert.Equal(direct.Statistics.Invalid, viaGrain.Statistics.Invalid);
        }
        Assert.NotEqual(results[0].Metrics, results[1].Metrics);
    }

    [Fact]
    public void Wire_GraphRoundTrip_KeepsEverything()
    {
        var graph = BoundaryGrids.RandomStudents(["AAB", "ABB"], 3);
        var copy = BoundaryWire.DeserializeGraph(BoundaryWire.SerializeGraph(graph));
        Assert.Equal(graph.UnitIds, copy.UnitIds);
        Assert.Equal(graph.Students, copy.Students);
        Assert.Equal(graph.Neighbors, copy.Neighbors);
        Assert.Equal(graph.TravelMetres, copy.TravelMetres);
        Assert.Equal(graph.AnchorUnit, copy.AnchorUnit);
    }
}
