using Simulation.Core.Replications;
using Simulation.Input.Scenarios;
using Simulation.Testing;

namespace Simulation.Input.Tests.Scenarios;

/// <summary><c>scenarios/dallas-5050-funding.yaml</c> on the bundled Dallas district.</summary>
public sealed class BundledFundingScenarioTests
{
    [Fact]
    public void Run_DallasFunding_ReportsFiniteResourcesAndPrograms()
    {
        var input = ScenarioInput.Load(Path.Combine(RepositoryPaths.Scenarios, "dallas-5050-funding.yaml"));
        Assert.Equal(2, input.Scenario.Scenarios.Count);
        var scenario = CompiledScenario.Compile(input.District.District, input.Scenario.Scenarios[0].Spec);
        var cat = scenario.Catalog;

        var m = new ReplicationRunner(scenario).Run(0).Metrics;

        // Base 6160 with weights of at most 0.2 + 0.1 + 1.15 and programs of a few hundred per pupil.
        Assert.InRange(m[cat.ResourcesPerPupil], 6160, 6160 * 2.45 + 1000);
        // The ED weight and both programs favour ED students.
        Assert.True(m[cat.ResourcesRatio] > 1);
        Assert.Equal(["title_i_schoolwide", "high_poverty_grant"], cat.ProgramNames);
        Assert.True(m[cat.ProgramSchoolsOf(0)] > 100); // most Dallas elementary schools are ≥ 40% ED
        Assert.True(m[cat.ProgramAmountOf(1)] <= 2_000_000 + 1e-6);
        Assert.False(double.IsNaN(m[cat.ProgramGainedOf(0)]));
        Assert.InRange(m[cat.RatedAbShareOf(0)], 0, 1);
    }
}
