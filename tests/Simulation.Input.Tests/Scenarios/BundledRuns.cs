using Simulation.Core.Replications;
using Simulation.Input.Scenarios;
using Simulation.Testing;

namespace Simulation.Input.Tests.Scenarios;

/// <summary>Runs a bundled scenario file's scenarios on Dallas for a few replications, and the checks every run must
/// pass.</summary>
internal static class BundledRuns
{
    public static (CompiledScenario Scenario, ReplicationResult[] Results)[] Run(string name, int replications = 4)
    {
        var input = ScenarioInput.Load(Path.Combine(RepositoryPaths.Scenarios, name));
        return input.Scenario.Scenarios.Select(s =>
        {
            var compiled = CompiledScenario.Compile(input.District.District, s.Spec);
            var runner = new ReplicationRunner(compiled);
            return (compiled, Enumerable.Range(0, replications).Select(runner.Run).ToArray());
        }).ToArray();
    }

    /// <summary>Every student is counted once and no choice campus holds more students than its seats.</summary>
    public static void AssertConservedWithinSeats(CompiledScenario scenario, ReplicationResult result)
    {
        var d = scenario.District;
        Assert.Equal(d.StudentCount, result.Enrollment.Sum());
        for (var s = 0; s < d.SchoolCount; s++)
            if (d.Schools[s].IsChoice)
                Assert.True(result.Enrollment[s * d.GroupCount] + result.Enrollment[s * d.GroupCount + 1] <= scenario.Layout.Seats[s]);
    }
}
