using System.Diagnostics;
using System.Reflection;
using Simulation.Cli.Hosting;
using Simulation.Cli.Terminal;
using Simulation.Core.Replications;
using Simulation.Core.Scenarios;
using Simulation.Grains.Abstractions;
using Simulation.Grains.Sweeps;
using Simulation.Grains.Workers;
using Simulation.Input;
using Simulation.Input.Scenarios;
using Simulation.Output;

namespace Simulation.Cli.Commands;

/// <summary>
/// <c>schoolsim run SCENARIO [--out DIR] [--replications N] [--seed S] [--batch-size B] [--parallel P] [--no-grains] [--force]</c>:
/// simulates every scenario of a file on the embedded silo (or, with <c>--no-grains</c>, in a plain parallel loop
/// over the core) and writes the Parquet dataset.
/// </summary>
/// <remarks>Everything is read and checked before the silo starts or any file is written, so bad input leaves no
/// output. An existing non-empty output folder is refused unless <c>--force</c> (then files are replaced one by one,
/// atomically).</remarks>
public static class RunCommand
{
    public const string Usage =
        "schoolsim run SCENARIO.yaml [--out DIR] [--replications N] [--seed S] [--batch-size B] [--parallel P] [--no-grains] [--force] [--quiet] [--baseline INDEX|ID|NAME]";

    public static async Task<int> ExecuteAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        var a = Arguments.Parse(args, ["out", "replications", "seed", "batch-size", "parallel", "baseline"], ["force", "quiet", "no-grains"]);
        if (a.Positionals.Count != 1) throw new UsageException("run needs exactly one scenario file\nusage: " + Usage);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();

        // 1. Read and check everything.
        var input = ScenarioInput.Load(a.Positionals[0]);
        var replications = a.GetInt("replications", 1);
        var seed = a.GetSeed("seed");
        var district = input.District.District;
        var compiled = new List<CompiledScenario>();
        foreach (var expanded in input.Scenario.Scenarios)
        {
            var spec = expanded.Spec with
            {
                Replications = replications ?? expanded.Spec.Replications,
                Seed = seed ?? expanded.Spec.Seed,
            };
            try
            {
                compiled.Add(CompiledScenario.Compile(district, spec));
            }
            catch (ScenarioFormatException e)
            {
                throw InputException.FromFormat(input.Scenario.Path,
                    new ScenarioFormatException(e.Path, SweepGrid.Find(expanded.Document, e.Path)?.Line ?? 0, e.Reason));
            }
        }
        var planned = SweepClient.Plan(district, compiled.Select(c => c.Spec).ToList());
        var baseline = Baseline(a.Get("baseline"), planned);
        var outDir = a.Get("out") ?? input.Scenario.Output ?? Path.Combine("out", compiled[0].Spec.Name);
        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any() && !a.Has("force"))
            throw new UsageException($"output folder '{outDir}' is not empty; choose another --out or pass --force to replace its files");
        var options = new SweepOptions(
            BatchSize: a.GetInt("batch-size", 1) ?? 25,
            MaxParallelBatches: a.GetInt("parallel", 1) ?? Math.Max(2, Environment.ProcessorCount * 2),
            MaxParallelScenarios: 2);
        var loadSeconds = clock.Elapsed.TotalSeconds;

        // 2. Simulate on the embedded silo, writing each scenario as it finishes.
        var totalReplications = compiled.Sum(c => (long)c.Spec.Replications);
        if (!a.Has("quiet"))
            stderr.WriteLine($"schoolsim: {planned.Count} scenario(s) × {compiled[0].Spec.Replications} replications of {district.Name} " +
                             $"({compiled[0].StudentCount:N0} students) → {outDir}");
        var progress = new ProgressBar(totalReplications, a.Has("quiet") ? TextWriter.Null : stderr, !Console.IsErrorRedirected);
        var writer = new DatasetWriter(outDir, district, compiled[0].Catalog) { DifferencesBaseline = baseline };
        var records = planned.Select(p => new ScenarioRecord(p.ScenarioId, p.Index, p.Spec)).ToArray();
        var summaries = new List<(ScenarioRecord, IReadOnlyList<SummaryRow>)>();
        var writeSeconds = 0.0;
        async Task Write(int index, IReadOnlyList<ReplicationResult> results)
        {
            var write = Stopwatch.StartNew();
            var rows = await writer.WriteScenarioAsync(records[index], compiled[index].Layout, results, cancellation);
            lock (summaries)
            {
                summaries.Add((records[index], rows));
                writeSeconds += write.Elapsed.TotalSeconds;
            }
        }

        if (a.Has("no-grains"))
        {
            foreach (var p in planned)
                await Write(p.Index, PlainLoop.Run(compiled[p.Index], options.BatchSize, options.MaxParallelBatches, progress.Advance, cancellation));
        }
        else
        {
            await using var silo = await EmbeddedSilo.StartAsync(cancellation);
            await new SweepClient(silo.Grains).RunAsync($"run-{Guid.NewGuid():N}", district, planned, options,
                result => Write(result.Index, BatchAssembly.Unpack(result, district.SchoolCount, district.GroupCount, compiled[result.Index].Catalog.Count)),
                (_, count) => progress.Advance(count), cancellation);
        }
        progress.Finish();
        var simulateSeconds = clock.Elapsed.TotalSeconds - loadSeconds;

        // 3. Close the dataset: scenarios, summary, manifest (written last).
        var manifest = new RunManifest(
            EngineVersion(),
            started,
            ["run", .. args],
            new Output.InputFile(input.Scenario.Path, input.Scenario.Sha256),
            input.District.Files.Select(f => new Output.InputFile(f.Path, f.Sha256)).ToList(),
            input.Scenario.Sweep,
            [new RunTiming("load", loadSeconds), new RunTiming("simulate", simulateSeconds), new RunTiming("write", writeSeconds)]);
        await writer.CompleteAsync(records, manifest, cancellation);

        SummaryTable.Print(stdout, summaries);
        stdout.WriteLine();
        stdout.WriteLine($"{totalReplications} replications in {clock.Elapsed.TotalSeconds:F1} s; dataset: {Path.GetFullPath(outDir)}");
        return 0;
    }

    /// <summary>The scenario <c>--baseline</c> names: a scenario index, id or (unique) name; null for the first.</summary>
    private static string? Baseline(string? text, IReadOnlyList<PlannedScenario> planned)
    {
        if (text is null) return null;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
            return index < planned.Count ? planned[index].ScenarioId
                : throw new UsageException($"option --baseline: scenario index {index} is out of range (0..{planned.Count - 1})");
        var matches = planned.Where(p => p.ScenarioId == text || p.Spec.Name == text).ToList();
        return matches.Count == 1 ? matches[0].ScenarioId
            : throw new UsageException(matches.Count == 0
                ? $"option --baseline: no scenario has index, id or name '{text}'"
                : $"option --baseline: {matches.Count} scenarios are named '{text}'; give an index or id");
    }

    public static string EngineVersion() =>
        typeof(RunCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
