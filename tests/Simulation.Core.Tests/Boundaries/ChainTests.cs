using Simulation.Core.Boundaries;
using Simulation.Core.Boundaries.Acceptance;
using Simulation.Core.Boundaries.Chains;
using Simulation.Core.Boundaries.Constraints;
using Simulation.Core.Boundaries.Proposals;
using Simulation.Core.Randomness;
using Simulation.Testing;

namespace Simulation.Core.Tests.Boundaries;

public class ChainTests
{
    private static IPlanConstraint[] Basic(UnitGraph graph) => [new SchoolsInOwnZones(), new Contiguity(graph)];

    private sealed class Steps : IChainObserver
    {
        public List<(long Step, int[] Plan, StepOutcome Outcome)> All { get; } = [];

        public void OnStep(long step, Plan plan, StepOutcome outcome) => All.Add((step, plan.Assignment.ToArray(), outcome));
    }

    [Fact]
    public void Path_FourUnits_VisitsThreePlansWithStationaryQuarterHalfQuarter()
    {
        // A A B B   units 0..3 in a row, anchors 0 (A) and 3 (B). Contiguous plans keeping the anchors: the boundary
        // after unit 0, 1 or 2. From the middle plan the flip moves unit 1 or 2 (½ each); from an end plan the only
        // valid flip returns to the middle (moving an anchor is invalid and retried). So the chain alternates
        // middle / end: stationary probabilities ¼, ½, ¼, and every odd step is an end plan.
        var graph = BoundaryGrids.Grid(["AABB"], (_, _) => 1, (_, _) => 1, anchors: ["0,0", "0,3"]);
        var chain = new MarkovChain(new SingleFlip(), Basic(graph), new AlwaysAccept(), Plan.Current(graph), 20000);
        var random = RandomStream.For(5, 0, Stage.Ensemble);
        var steps = new Steps();
        var stats = new ChainStatistics(chain.Constraints.Select(c => c.Name).ToArray());
        chain.Run(ref random, steps, stats);

        Assert.Equal(20001, steps.All.Count);
        Assert.Equal(StepOutcome.Initial, steps.All[0].Outcome);
        var boundary = steps.All.Select(s => Array.IndexOf(s.Plan, 1)).ToArray();
        Assert.Equal([1, 2, 3], boundary.Distinct().Order());
        for (var s = 0; s < boundary.Length; s++) Assert.Equal(s % 2 == 0, boundary[s] == 2);
        var ends = boundary.Count(b => b == 1);
        Assert.InRange(ends / 10000.0, 0.48, 0.52); // half the odd steps at each end
        Assert.Equal(20000, stats.Accepted);
        Assert.Equal(0, stats.Rejected);
        // From an end plan each attempt moves the anchor with probability ½ (invalid, retried): a geometric number
        // of invalid attempts with mean 1 per end step, so about 10,000 over the 10,000 end steps.
        Assert.InRange(stats.Invalid[0], 9500, 10500);
        Assert.Equal(stats.Proposals, stats.ProposalFailures + stats.Invalid.Sum() + stats.Steps);
    }

    [Fact]
    public void Metropolis_EveryProposalWorse_RejectedStepsRepeatThePlan()
    {
        // Energy = students moved share with β huge: every flip away from the current plan raises it, so each
        // step is a rejection and repeats the initial plan; steps still count.
        var graph = BoundaryGrids.Grid(["AABB", "AABB"], (_, _) => 1, (_, _) => 1);
        var chain = new MarkovChain(new SingleFlip(), Basic(graph), new Metropolis(new Energy(StudentsMoved: 1), 1e9),
            Plan.Current(graph), 50);
        var random = RandomStream.For(1, 0, Stage.Ensemble);
        var steps = new Steps();
        var stats = new ChainStatistics(chain.Constraints.Select(c => c.Name).ToArray());
        chain.Run(ref random, steps, stats);
        Assert.Equal(51, steps.All.Count);
        Assert.All(steps.All.Skip(1), s => Assert.Equal(StepOutcome.Rejected, s.Outcome));
        Assert.All(steps.All, s => Assert.Equal(graph.CurrentZone, s.Plan));
        Assert.Equal(50, stats.Rejected);
        Assert.Equal(0, stats.AcceptanceRate);
    }

    [Fact]
    public void Metropolis_BetaZero_AcceptsEverything()
    {
        var graph = BoundaryGrids.Grid(["AABB", "AABB"], (_, _) => 1, (_, _) => 1);
        var chain = new MarkovChain(new SingleFlip(), Basic(graph), new Metropolis(new Energy(Dissimilarity: 1), 0),
            Plan.Current(graph), 100);
        var random = RandomStream.For(1, 0, Stage.Ensemble);
        var stats = new ChainStatistics(chain.Constraints.Select(c => c.Name).ToArray());
        chain.Run(ref random, null, stats);
        Assert.Equal(100, stats.Accepted);
    }

    [Fact]
    public void FourByFour_TwoZones_FlipChainReachesEveryValidPlan()
    {
        // A A B B
        // A A B B   anchors (0,0) and (3,3). Brute force: every assignment of the 14 free units for which both zones
        // A A B B   are connected and hold 6–10 of the 16 units (capacity 8 each, band 0.75–1.25). A long flip chain
        // A A B B   with always-accept must visit exactly that set (the flip walk is irreducible on it).
        var graph = BoundaryGrids.Grid(["AABB", "AABB", "AABB", "AABB"], (_, _) => 1, (_, _) => 0, anchors: ["0,0", "3,3"]);
        var contiguity = new Contiguity(graph);
        var band = new CapacityBand(0.75, 1.25);
        var valid = new HashSet<string>();
        var free = Enumerable.Range(0, 16).Where(u => u != 0 && u != 15).ToArray();
        for (var mask = 0; mask < 1 << 14; mask++)
        {
            var zoneOf = new int[16];
            zoneOf[15] = 1;
            for (var i = 0; i < 14; i++) zoneOf[free[i]] = (mask >> i) & 1;
            var plan = Plan.FromAssignment(graph, zoneOf);
            if (contiguity.IsSatisfiedBy(plan) && band.IsSatisfiedBy(plan)) valid.Add(string.Concat(zoneOf));
        }
        var chain = new MarkovChain(new SingleFlip(), [new SchoolsInOwnZones(), band, new Contiguity(graph)],
            new AlwaysAccept(), Plan.Current(graph), 300_000);
        var random = RandomStream.For(9, 0, Stage.Ensemble);
        var visited = new VisitedPlans();
        chain.Run(ref random, visited);
        Assert.True(valid.Count > 100, $"{valid.Count} valid plans");
        Assert.Subset(valid, visited.Keys);
        Assert.Equal(valid.Count, visited.Keys.Count);
    }

    private sealed class VisitedPlans : IChainObserver
    {
        public HashSet<string> Keys { get; } = [];

        public void OnStep(long step, Plan plan, StepOutcome outcome) => Keys.Add(string.Concat(plan.Assignment.ToArray()));
    }

    [Fact]
    public void InvalidStart_NamesEveryFailedConstraint()
    {
        // Current plan A B / B B (capacity: A 2 students, B 6). The start A B / B A splits zone A at a corner
        // (not contiguous) and gives it 4 students (outside a band of exactly 1): both constraints are named.
        var graph = BoundaryGrids.Grid(["AB", "BB"], (_, _) => 1, (_, _) => 1);
        var broken = Plan.FromAssignment(graph, [0, 1, 1, 0]);
        var error = Assert.Throws<InvalidPlanException>(() => new MarkovChain(new SingleFlip(),
            [new SchoolsInOwnZones(), new CapacityBand(1, 1), new Contiguity(graph)], new AlwaysAccept(), broken, 10));
        Assert.Equal(["capacity", "contiguity"], error.FailedConstraints);
        Assert.Contains("capacity, contiguity", error.Message);
    }

    [Fact]
    public void EnsembleChain_SameSeedAndChain_SameRecord_OtherChainDiffers()
    {
        var graph = BoundaryGrids.RandomStudents(["AAABBB", "AAABBB", "AAABBB", "CCCDDD", "CCCDDD", "CCCDDD"], 4);
        var spec = new EnsembleSpec(ProposalKind.Flip, 0.5, 1.5, null, null, null, AcceptanceKind.Always, 0,
            new Energy(), 2000, 77);
        var a = EnsembleChain.Run(spec, Plan.Current(graph), 0);
        var b = EnsembleChain.Run(spec, Plan.Current(graph), 0);
        var c = EnsembleChain.Run(spec, Plan.Current(graph), 1);
        Assert.Equal(a.Metrics, b.Metrics);
        Assert.Equal(a.ChangeUnit, b.ChangeUnit);
        Assert.Equal(a.ChangeStep, b.ChangeStep);
        Assert.NotEqual(a.ChangeUnit, c.ChangeUnit);
        // The change log replays to the plan whose metrics were recorded at every step.
        foreach (var step in new long[] { 0, 1, 17, 500, 2000 })
        {
            var replayed = Plan.FromAssignment(graph, a.AssignmentAt(step));
            Assert.Equal(a.Metric(step, 0), replayed.Dissimilarity, 12);
            Assert.Equal(a.Metric(step, PlanMetrics.IndexOf("cut_edges")), replayed.CutEdges);
        }
    }
}
