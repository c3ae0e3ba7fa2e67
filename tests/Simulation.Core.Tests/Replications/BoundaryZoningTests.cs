using Simulation.Core.Replications;
using Simulation.Core.Scenarios;
using Simulation.Testing;

namespace Simulation.Core.Tests.Replications;

/// <summary>A scenario's boundary plan (<see cref="BoundarySpec"/>) decides which school each neighborhood is zoned to.</summary>
public class BoundaryZoningTests
{
    private static readonly Model.District Toy = ToyScenarios.District();

    private static ScenarioSpec NobodyApplies(BoundarySpec? plan) => ToyScenarios.FiftyFifty() with
    {
        Choice = ToyScenarios.Choice(TieBreaking.Single) with { ApplyProbability = new Dictionary<string, double> { ["ed"] = 0, ["not_ed"] = 0 } },
        Boundaries = plan,
    };

    [Fact]
    public void Plan_RezonesNeighborhoods_EnrollmentFollowsThePlan()
    {
        // N1 (poor) moves from Z1 to Z3, N3 (affluent) from Z3 to Z1; N2 stays at Z2.
        var scenario = CompiledScenario.Compile(Toy, NobodyApplies(new BoundarySpec("swap.csv", ["Z3", "Z2", "Z1"])));
        Assert.Equal([2, 1, 0], scenario.ZonedSchool);
        var result = new ReplicationRunner(scenario).Run(0);
        int Students(int n, int k) => Toy.CohortCounts[Toy.CohortIndex(n, 0, k)] + Toy.CohortCounts[Toy.CohortIndex(n, 1, k)];
        for (var k = 0; k < 2; k++)
        {
            Assert.Equal(Students(2, k), result.Enrollment[0 * 2 + k]);
            Assert.Equal(Students(1, k), result.Enrollment[1 * 2 + k]);
            Assert.Equal(Students(0, k), result.Enrollment[2 * 2 + k]);
        }
        // Travel is measured to the plan's school: N1 (x = 2 km) to Z3 (x = 6 km) and N3 (6 km) to Z1 (2 km) are 4 km;
        // under the district's zoning every neighborhood sits at its school (0 km).
        var current = new ReplicationRunner(CompiledScenario.Compile(Toy, NobodyApplies(null))).Run(0);
        Assert.Equal(4.0, result.Metrics[MetricCatalog.MaxTravelKm], 12);
        Assert.Equal(0.0, current.Metrics[MetricCatalog.MaxTravelKm], 12);
        // Swapping whole zones between schools leaves the school composition set unchanged: same segregation.
        Assert.Equal(current.Metrics[MetricCatalog.Dissimilarity], result.Metrics[MetricCatalog.Dissimilarity], 12);
    }

    [Fact]
    public void Plan_MergingTwoZones_LowersDissimilarityToTheClosedForm()
    {
        // N1 and N3 both zoned to Z2's school, N2 to Z1: schools Z1 = N2, Z2 = N1 + N3, Z3 empty.
        var scenario = CompiledScenario.Compile(Toy, NobodyApplies(new BoundarySpec("merge", ["Z2", "Z1", "Z2"])));
        var result = new ReplicationRunner(scenario).Run(0);
        // Hand-worked two-group D = ½ Σ_s |ed_s / ED − not_s / NOT| over the two non-empty schools.
        double ed1 = 25 + 22, not1 = 20 + 24, ed2 = 40 + 38 + 6 + 5, not2 = 5 + 6 + 40 + 41;
        double ed = ed1 + ed2, not = not1 + not2;
        var expected = 0.5 * (Math.Abs(ed1 / ed - not1 / not) + Math.Abs(ed2 / ed - not2 / not));
        Assert.Equal(expected, result.Metrics[MetricCatalog.Dissimilarity], 12);
        Assert.Equal(0, result.Enrollment[2 * 2] + result.Enrollment[2 * 2 + 1]);
    }

    [Theory]
    [InlineData(new[] { "Z1", "Z2" }, "zones 2 neighborhoods")]
    [InlineData(new[] { "Z1", "Z9", "Z3" }, "not a school")]
    [InlineData(new[] { "Z1", "C1", "Z3" }, "choice campus")]
    public void Plan_Invalid_NamesTheField(string[] zoning, string reason)
    {
        var e = Assert.Throws<ScenarioFormatException>(() => CompiledScenario.Compile(Toy, NobodyApplies(new BoundarySpec("bad.csv", zoning))));
        Assert.Equal("boundaries.plan", e.Path);
        Assert.Contains(reason, e.Message);
    }
}
