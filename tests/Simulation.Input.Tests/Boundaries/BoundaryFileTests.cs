using Simulation.Core.Boundaries.Chains;
using Simulation.Input.Boundaries;
using Simulation.Testing;

namespace Simulation.Input.Tests.Boundaries;

public sealed class BoundaryFileTests
{
    [Fact]
    public void Load_BundledDallasExample()
    {
        var file = BoundaryFile.Load(Path.Combine(RepositoryPaths.Scenarios, "boundaries", "dallas-elementary.yaml"));
        Assert.Equal(ProposalKind.Flip, file.Spec.Proposal);
        Assert.Equal(0.85, file.Spec.CapacityMin);
        Assert.Equal(1.10, file.Spec.CapacityMax);
        Assert.Equal(3, file.Spec.MaxTravelIncreaseKm);
        Assert.Equal(5000, file.Spec.MaxStudentsMoved);
        Assert.Null(file.InitialPlan);
        Assert.Equal(4, file.Chains);
        Assert.NotNull(file.Optimize);
        Assert.Equal([0, 0.05, 0.2], file.Optimize!.TravelWeights);
        Assert.True(Directory.Exists(file.DistrictFolder));
    }

    [Theory]
    [InlineData("proposal: swap\n", "line 2, field 'proposal'", "expected one of flip, recom")]
    [InlineData("constraints:\n  capacity: [0.9]\n", "line 3, field 'constraints.capacity'", "expected [min, max]")]
    [InlineData("constraints:\n  max_travel: 3\n", "line 3, field 'constraints.max_travel'", "unknown key")]
    [InlineData("steps: -1\n", "line 2, field 'steps'", "expected an integer ≥ 0")]
    [InlineData("energy:\n  dissimilarity: x\n", "line 3, field 'energy.dissimilarity'", "expected a number")]
    public void Load_BadValues_NameLineAndField(string yaml, string where, string what)
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "b.yaml");
        File.WriteAllText(path, "district: d\n" + yaml);
        var error = Assert.Throws<InputException>(() => BoundaryFile.Load(path));
        Assert.Contains(where, error.Message);
        Assert.Contains(what, error.Message);
    }
}
