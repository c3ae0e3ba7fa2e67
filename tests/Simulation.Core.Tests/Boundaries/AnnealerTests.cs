using Simulation.Core.Boundaries;
using Simulation.Core.Boundaries.Acceptance;
using Simulation.Core.Boundaries.Chains;
using Simulation.Core.Boundaries.Optimization;
using Simulation.Core.Randomness;
using Simulation.Testing;

namespace Simulation.Core.Tests.Boundaries;

public class AnnealerTests
{
    [Fact]
    public void Anneal_SegregatedHalves_FindsTheIntegratedSplit()
    {
        // 4×4 grid, group 0 in the left half, others in the right: zones A (left) / B (right) are fully segregated
        // (D = 1). Anchors (0,0) and (3,3). Splitting top/bottom instead mixes both groups evenly (D = 0), and is
        // reachable under contiguity and a capacity band of 0.75–1.25. Annealing on D must get far below 1, and
        // the best plan must satisfy every constraint.
        var graph = BoundaryGrids.Grid(["AABB", "AABB", "AABB", "AABB"], (_, c) => c < 2 ? 10 : 0, (_, c) => c < 2 ? 0 : 10,
            anchors: ["0,0", "3,3"]);
        var spec = new EnsembleSpec(ProposalKind.Flip, 0.75, 1.25, null, null, null, AcceptanceKind.Metropolis, 0,
            new Energy(Dissimilarity: 1), 0, 1);
        var start = Plan.Current(graph);
        Assert.Equal(1, start.Dissimilarity, 12);
        var random = RandomStream.For(1, 0, Stage.Ensemble);
        var result = Annealer.Run(spec, spec.Energy, 20000, 1, 500, start, ref random);
        Assert.True(result.Best.Dissimilarity <= 0.25, $"best D {result.Best.Dissimilarity}");
        Assert.Equal(result.Best.Dissimilarity, result.BestEnergy, 12);
        Assert.Empty(MarkovChain.FailedConstraints(spec.Constraints(graph), result.Best));
        PlanTests.AssertSame(result.Best.Recompute(), result.Best);
    }
}
