using Simulation.Core.Replications;
using Simulation.Input.Scenarios;

namespace Simulation.Benchmarks;

/// <summary>The bundled Dallas 50/50 scenario, compiled once.</summary>
internal static class DallasFixture
{
    public static CompiledScenario Compile(string file = "dallas-5050.yaml")
    {
        var input = ScenarioInput.Load(Path.Combine(ScenariosFolder(), file));
        return CompiledScenario.Compile(input.District.District, input.Scenario.Scenarios[0].Spec);
    }

    private static string ScenariosFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Simulation.sln"))) return Path.Combine(dir.FullName, "scenarios");
        throw new InvalidOperationException("run the benchmarks from inside the repository");
    }
}
