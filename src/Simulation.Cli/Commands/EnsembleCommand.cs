using System.Diagnostics;
using System.Globalization;
using Simulation.Cli.Hosting;
using Simulation.Core.Boundaries;
using Simulation.Core.Boundaries.Acceptance;
using Simulation.Core.Boundaries.Chains;
using Simulation.Core.Boundaries.Optimization;
using Simulation.Core.Randomness;
using Simulation.Grains.Abstractions;
using Simulation.Grains.Wire;
using Simulation.Input;
using Simulation.Input.Boundaries;
using Simulation.Input.Districts;
using Simulation.Output;
using Simulation.Output.Ensembles;

namespace Simulation.Cli.Commands;

/// <summary>
/// <c>schoolsim ensemble BOUNDARY.yaml [--steps N] [--chains C] [--out DIR] [--seed S] [--plan FILE] [--samples K] [--no-grains] [--force] [--quiet]</c>:
/// runs Markov chains of attendance-zone plans (one <see cref="IEnsembleChainGrain"/> per chain on the embedded
/// silo), optionally the annealing optimizer, and writes the ensemble dataset with the outlier analysis.
/// </summary>
/// <remarks>Everything is read and checked (including the initial plan against the constraints) before the silo
/// starts or anything is written. The format of BOUNDARY.yaml is in docs/boundaries.md, the tables in
/// docs/outputs.md.</remarks>
public static class EnsembleCommand
{
    public const string Usage =
        "schoolsim ensemble BOUNDARY.yaml [--steps N] [--chains C] [--out DIR] [--seed S] [--plan FILE] [--samples K] [--no-grains] [--force] [--quiet]";

    public static async Task<int> ExecuteAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        var a = Arguments.Parse(args, ["steps", "chains", "out", "seed", "plan", "samples"], ["force", "quiet", "no-grains"]);
        if (a.Positionals.Count != 1) throw new UsageException("ensemble needs exactly one boundary file\nusage: " + Usage);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var quiet = a.Has("quiet");

        // 1. Read and check everything.
        var file = BoundaryFile.Load(a.Positionals[0]);
        var spec = file.Spec with
        {
            Steps = a.GetInt("steps", 0) ?? file.Spec.Steps,
            Seed = a.GetSeed("seed") ?? file.Spec.Seed,
        };
        var chains = a.GetInt("chains", 1) ?? file.Chains;
        var samples = a.GetInt("samples", 0) ?? 0;
        var source = DistrictLoader.Load(file.DistrictFolder);
        var geography = BoundaryUnits.Build(source);
        var graph = geography.Graph;
        var inputs = source.Files.Select(f => new InputFile(f.Path, f.Sha256)).ToList();
        var initial = Plan.Current(graph);
        if (file.InitialPlan is { } initialPath)
        {
            var (assignment, planFile) = PlanFile.Load(initialPath, geography);
            inputs.Add(new InputFile(planFile.Path, planFile.Sha256));
            initial = Plan.FromAssignment(graph, assignment);
        }
        var failed = MarkovChain.FailedConstraints(spec.Constraints(graph), initial);
        if (failed.Count > 0)
            throw new InputException(file.InitialPlan ?? file.Path, null, file.InitialPlan is null ? "initial" : null,
                $"the initial plan breaks constraint(s): {string.Join(", ", failed)}");
        var compared = new List<ScoredPlan> { new("current", PlanMetrics.Of(Plan.Current(graph))) };
        if (file.InitialPlan is not null) compared.Add(new ScoredPlan("initial", PlanMetrics.Of(initial)));
        foreach (var path in file.Compare.Concat(a.Get("plan") is { } p ? [p] : Array.Empty<string>()))
        {
            var (assignment, planFile) = PlanFile.Load(path, geography);
            inputs.Add(new InputFile(planFile.Path, planFile.Sha256));
            compared.Add(new ScoredPlan(path, PlanMetrics.Of(Plan.FromAssignment(graph, assignment))));
        }
        var graphBytes = BoundaryWire.SerializeGraph(graph);
        var specBytes = BoundaryWire.SerializeSpec(spec);
        var initialAssignment = initial.Assignment.ToArray();
        var ensembleId = BoundaryWire.EnsembleId(graphBytes, specBytes, initialAssignment);
        var outDir = a.Get("out") ?? file.Output ?? Path.Combine("out", Path.GetFileNameWithoutExtension(file.Path));
        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any() && !a.Has("force"))
            throw new UsageException($"output folder '{outDir}' is not empty; choose another --out or pass --force to replace its files");
        var loadSeconds = clock.Elapsed.TotalSeconds;
        if (!quiet)
            stderr.WriteLine($"schoolsim: {chains} chain(s) × {spec.Steps} steps ({spec.Proposal.ToString().ToLowerInvariant()}) on " +
                             $"{graph.UnitCount} units, {graph.ZoneCount} zones of {source.District.Name} → {outDir}");

        // 2. Chains: one grain per chain on the embedded silo (or a plain parallel loop).
        ChainRecord[] records;
        if (a.Has("no-grains"))
        {
            records = new ChainRecord[chains];
            Parallel.For(0, chains, new ParallelOptions { CancellationToken = cancellation },
                c => records[c] = EnsembleChain.Run(spec, initial, c));
        }
        else
        {
            await using var silo = await EmbeddedSilo.StartAsync(cancellation);
            var results = await Task.WhenAll(Enumerable.Range(0, chains).Select(c =>
                silo.Grains.GetGrain<IEnsembleChainGrain>($"{ensembleId}/{c}")
                    .Run(new EnsembleChainRequest(graphBytes, specBytes, initialAssignment, c))));
            records = results.Select(BoundaryWire.FromWire).ToArray();
        }
        var chainSeconds = clock.Elapsed.TotalSeconds - loadSeconds;

        // 3. Optimizer (optional): one annealing run per travel weight, each on its own stream.
        var frontier = new List<FrontierPoint>();
        if (file.Optimize is { } o)
        {
            var plansDir = Path.Combine(outDir, "optimized");
            Directory.CreateDirectory(plansDir);
            var runs = new AnnealingResult[o.TravelWeights.Count];
            Parallel.For(0, runs.Length, new ParallelOptions { CancellationToken = cancellation }, i =>
            {
                var energy = new Energy(Dissimilarity: 1, TravelKm: o.TravelWeights[i], StudentsMoved: o.MovedWeight);
                var random = RandomStream.For(spec.Seed, 1_000_000 + i, Stage.Ensemble);
                runs[i] = Annealer.Run(spec with { Acceptance = AcceptanceKind.Metropolis }, energy, o.Steps, o.BetaStart, o.BetaEnd,
                    initial, ref random);
            });
            for (var i = 0; i < runs.Length; i++)
            {
                var name = $"optimized/travel-{o.TravelWeights[i].ToString("0.####", CultureInfo.InvariantCulture)}.csv";
                await WriteTextAtomically(Path.Combine(outDir, name), PlanFile.ToCsv(graph, runs[i].Best.Assignment), cancellation);
                var metrics = PlanMetrics.Of(runs[i].Best);
                frontier.Add(new FrontierPoint(o.TravelWeights[i], o.MovedWeight, name, metrics, runs[i].BestEnergy));
                compared.Add(new ScoredPlan(name, metrics));
            }
        }
        var optimizeSeconds = clock.Elapsed.TotalSeconds - loadSeconds - chainSeconds;

        // Sampled plans (optional): K evenly spaced steps of every chain as plan files, for `boundaries.plan` of a run.
        if (samples > 0)
        {
            Directory.CreateDirectory(Path.Combine(outDir, "samples"));
            foreach (var record in records)
                foreach (var step in SampleSteps(record.Steps, samples))
                    await WriteTextAtomically(Path.Combine(outDir, "samples", $"chain-{record.Chain}-step-{step}.csv"),
                        PlanFile.ToCsv(graph, record.AssignmentAt(step)), cancellation);
        }

        // 4. Dataset, manifest last.
        var write = Stopwatch.StartNew();
        var data = new EnsembleDataset(ensembleId, spec.Seed, graph, source.District.GroupNames, records, compared, frontier);
        var settings = new
        {
            proposal = spec.Proposal.ToString().ToLowerInvariant(),
            acceptance = spec.Acceptance.ToString().ToLowerInvariant(),
            spec.Beta,
            energy = spec.Energy,
            capacity = new[] { spec.CapacityMin, spec.CapacityMax },
            max_travel_km = spec.MaxTravelKm,
            max_travel_increase_km = spec.MaxTravelIncreaseKm,
            max_students_moved = spec.MaxStudentsMoved,
            steps = spec.Steps,
            chains,
            initial = file.InitialPlan ?? "current",
            adjacency_tolerance_m = BoundaryUnits.AdjacencyToleranceMetres,
            min_unit_area_m2 = BoundaryUnits.MinUnitAreaSquareMetres,
        };
        await EnsembleWriter.WriteAsync(outDir, data, new EnsembleManifest(RunCommand.EngineVersion(), started,
            ["ensemble", .. args], new InputFile(file.Path, file.Sha256), inputs, settings,
            [
                new RunTiming("load", loadSeconds), new RunTiming("chains", chainSeconds),
                new RunTiming("optimize", optimizeSeconds), new RunTiming("write", write.Elapsed.TotalSeconds),
            ]), cancellation);

        Print(stdout, file, spec, chains, graph, records, compared, frontier);
        stdout.WriteLine();
        stdout.WriteLine($"{chains} chain(s) × {spec.Steps} steps in {clock.Elapsed.TotalSeconds:F1} s " +
                         $"(chains {chainSeconds:F1} s); dataset: {Path.GetFullPath(outDir)}");
        return 0;
    }

    private static void Print(TextWriter stdout, BoundaryFile file, EnsembleSpec spec, int chains, UnitGraph graph,
        IReadOnlyList<ChainRecord> records, IReadOnlyList<ScoredPlan> compared, IReadOnlyList<FrontierPoint> frontier)
    {
        var steps = records.Sum(r => r.Statistics.Steps);
        var accepted = records.Sum(r => r.Statistics.Accepted);
        stdout.WriteLine($"{Path.GetFileName(file.Path)}  [seed {spec.Seed}, {chains} chains × {spec.Steps} steps, " +
                         $"acceptance {(steps == 0 ? 0 : (double)accepted / steps):P1}, {graph.UnitCount} units]");
        stdout.WriteLine($"  {"metric",-18} {"ensemble 2.5%",14} {"50%",10} {"97.5%",10}   {"plan",-28} {"value",10} {"pctile",7}");
        var rows = OutlierAnalysis.Rows(records, compared);
        foreach (var metric in new[] { "dissimilarity", "theil_h", "mean_travel_km", "students_moved" })
            foreach (var row in rows.Where(r => r.Metric == metric))
                stdout.WriteLine($"  {metric,-18} {row.Q025,14:F4} {row.Q50,10:F4} {row.Q975,10:F4}   {Short(row.Plan),-28} {row.Value,10:F4} {row.Percentile,7:F1}");
        foreach (var point in frontier)
            stdout.WriteLine($"  frontier travel weight {point.TravelWeight,-6}: D {point.Metrics[0]:F4}, travel {point.Metrics[2]:F3} km, " +
                             $"{point.Metrics[3]:F0} students moved → {point.PlanFile}");
    }

    private static string Short(string s) => s.Length <= 28 ? s : "…" + s[^27..];

    /// <summary>K evenly spaced steps of a chain of N steps: ⌈N·j/K⌉ for j = 1 … K, without repeats (the last is N).</summary>
    public static IEnumerable<long> SampleSteps(long steps, int samples) =>
        Enumerable.Range(1, samples).Select(j => (steps * j + samples - 1) / samples).Distinct();

    private static async Task WriteTextAtomically(string path, string text, CancellationToken ct)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + ".tmp-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            await File.WriteAllTextAsync(temp, text, ct);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
