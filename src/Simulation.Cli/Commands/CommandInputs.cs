using Simulation.Core.Replications;
using Simulation.Core.Scenarios;
using Simulation.Grains.Sweeps;
using Simulation.Input;
using Simulation.Input.Scenarios;

namespace Simulation.Cli.Commands;

/// <summary>Checks and settings that <c>compare</c> and <c>statewide</c> share.</summary>
internal static class CommandInputs
{
    /// <summary>Compiles a scenario of a file; a scenario error is located in that file.</summary>
    public static CompiledScenario Compile(ScenarioInput input, ScenarioSpec spec)
    {
        try
        {
            return CompiledScenario.Compile(input.District.District, spec);
        }
        catch (ScenarioFormatException e)
        {
            throw InputException.FromFormat(input.Scenario.Path, e);
        }
    }

    /// <summary>Refuses a non-empty output folder unless <c>--force</c>.</summary>
    public static void RequireWritable(Arguments a, string outDir)
    {
        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any() && !a.Has("force"))
            throw new UsageException($"output folder '{outDir}' is not empty; choose another --out or pass --force to replace its files");
    }

    /// <summary>Batching from <c>--batch-size</c> and <c>--parallel</c>, with <c>schoolsim run</c>'s defaults.</summary>
    public static SweepOptions Sweep(Arguments a) => new(
        BatchSize: a.GetInt("batch-size", 1) ?? 25,
        MaxParallelBatches: a.GetInt("parallel", 1) ?? Math.Max(2, Environment.ProcessorCount * 2),
        MaxParallelScenarios: 2);
}
