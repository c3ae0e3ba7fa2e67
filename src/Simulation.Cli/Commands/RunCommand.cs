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
/// <c>schoolsim run SCENARIO [--out DIR] [--replications N] [--seed S] [--batch-size B] [--parallel P] [--no-grains]
/// [--cluster redis://HOST:PORT [--cluster-id ID] [--service-id ID]] [--resume] [--force]</c>: simulates every
/// scenario of a file on the embedded silo, on a cluster's silos (<c>--cluster</c>), or in a plain parallel loop over
/// the core (<c>--no-grains</c>), and writes the Parquet dataset as the rows arrive.
/// </summary>
/// <remarks>Everything is read and checked before the silo starts or any file is written, so bad input leaves no
/// output. An existing non-empty output folder is refused unless <c>--force</c> (then files are replaced one by one,
/// atomically) or <c>--resume</c> (then scenarios whose checkpoint still holds are taken back, not run again).
/// Each process writes its own dataset: in cluster mode the client writes it, once.</remarks>
public static class RunCommand
{
    public const string Usage =
        "schoolsim run SCENARIO.yaml [--out DIR] [--replications N] [--seed S] [--batch-size B] [--parallel P] [--no-grains] " +
        "[--cluster redis://HOST:PORT [--cluster-id ID] [--service-id ID] [--tls-certificate FILE [--tls-password-file FILE]] [--redis-ca FILE]] [--resume] [--force] [--quiet] [--report] [--suppress-below N] [--baseline INDEX|ID|NAME]";

    public static async Task<int> ExecuteAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        var a = Arguments.Parse(args, ["out", "replications", "seed", "batch-size", "parallel", "cluster", "cluster-id", "service-id", "tls-certificate", "tls-password-file", "redis-ca", "suppress-below", "baseline"],
            ["force", "quiet", "no-grains", "resume", "report"]);
        if (a.Positionals.Count != 1) throw new UsageException("run needs exactly one scenario file\nusage: " + Usage);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();

        // 1. Read and check everything.
        var input = ScenarioInput.Load(a.Positionals[0]);
        var replications = a.GetInt("replications", 1);
        var seed = a.GetSeed("seed");
        var suppressBelow = a.GetInt("suppress-below", 1);
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
        if (Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any() && !a.Has("force") && !a.Has("resume"))
            throw new UsageException($"output folder '{outDir}' is not empty; choose another --out, pass --resume to finish an interrupted run there, or --force to replace its files");
        var cluster = a.Get("cluster") is { } address ? ClusterAddress.Parse(address).WithCertificateAuthorities(a.Get("redis-ca")) : null;
        if (cluster is not null && a.Has("no-grains")) throw new UsageException("--cluster and --no-grains exclude each other");
        if (cluster is null && (a.Has("cluster-id") || a.Has("service-id") || a.Has("tls-certificate") || a.Has("redis-ca")))
            throw new UsageException("--cluster-id, --service-id, --tls-certificate and --redis-ca need --cluster");
        var tls = ClusterTls.From(a);
        var options = new SweepOptions(
            BatchSize: a.GetInt("batch-size", 1) ?? 25,
            // On a cluster the client does not know the silos' cores: 0 lets the scenario grain use two batches per
            // worker slot of the live silos.
            MaxParallelBatches: a.GetInt("parallel", 1) ?? (cluster is null ? Math.Max(2, Environment.ProcessorCount * 2) : 0),
            MaxParallelScenarios: 2);
        var loadSeconds = clock.Elapsed.TotalSeconds;

        // 2. Simulate, writing each scenario's rows as they arrive and each finished scenario's checkpoint.
        var totalReplications = compiled.Sum(c => (long)c.Spec.Replications);
        var records = planned.Select(p => new ScenarioRecord(p.ScenarioId, p.Index, p.Spec)).ToArray();
        var writer = new DatasetWriter(outDir, district, compiled[0].Catalog, EngineVersion()) { SuppressBelow = suppressBelow, DifferencesBaseline = baseline };
        // A report left from an earlier run in this folder would describe other data.
        File.Delete(Path.Combine(outDir, Report.ReportWriter.DefaultFileName));
        var resumed = a.Has("resume")
            ? await writer.ResumeAsync(records.Select(r => (r, compiled[r.ScenarioIndex].Layout)).ToList(), cancellation)
            : new HashSet<string>();
        var toRun = planned.Where(p => !resumed.Contains(p.ScenarioId)).ToList();
        var quiet = a.Has("quiet");
        if (!quiet)
        {
            stderr.WriteLine($"schoolsim: {planned.Count} scenario(s) × {compiled[0].Spec.Replications} replications of {district.Name} " +
                             $"({compiled[0].StudentCount:N0} students) → {outDir}" + (cluster is null ? "" : $" on cluster {cluster}"));
            if (a.Has("resume"))
                stderr.WriteLine($"schoolsim: resuming: {resumed.Count} scenario(s) already complete, {toRun.Count} to run");
        }
        var progress = new ProgressBar(toRun.Sum(p => (long)p.Spec.Replications), quiet ? TextWriter.Null : stderr, !Console.IsErrorRedirected);
        var open = new System.Collections.Concurrent.ConcurrentDictionary<string, ScenarioPartitionWriter>();
        var writeTicks = 0L;
        async Task OnRows(int index, IReadOnlyList<ReplicationResult> rows)
        {
            var write = Stopwatch.StartNew();
            var partitions = open.GetOrAdd(records[index].ScenarioId, _ => writer.OpenScenario(records[index], compiled[index].Layout));
            foreach (var r in rows) await partitions.AppendAsync(r, cancellation);
            Interlocked.Add(ref writeTicks, write.Elapsed.Ticks);
            progress.Advance(rows.Count);
        }
        async Task OnCompleted(int index)
        {
            var write = Stopwatch.StartNew();
            if (open.TryRemove(records[index].ScenarioId, out var partitions))
                await using (partitions)
                    await partitions.CompleteAsync(cancellation);
            Interlocked.Add(ref writeTicks, write.Elapsed.Ticks);
        }

        var indexOf = planned.ToDictionary(p => p.ScenarioId, p => p.Index);
        SweepReport? report = null;
        try
        {
            if (toRun.Count == 0)
            {
            }
            else if (a.Has("no-grains"))
            {
                foreach (var p in toRun)
                {
                    await PlainLoop.RunAsync(compiled[p.Index], options.BatchSize, options.MaxParallelBatches,
                        rows => OnRows(p.Index, rows), cancellation);
                    await OnCompleted(p.Index);
                }
            }
            else if (cluster is null)
            {
                await using var silo = await EmbeddedSilo.StartAsync(cancellation);
                report = await RunSweep(silo.Grains);
            }
            else
            {
                await using var client = await ClusterClient.ConnectAsync(cluster, SiloCommand.Id(a, "cluster-id", SiloCommand.DefaultClusterId),
                    SiloCommand.Id(a, "service-id", SiloCommand.DefaultServiceId), cancellation, tls);
                report = await RunSweep(client.Grains);
            }
        }
        finally
        {
            foreach (var partitions in open.Values) await partitions.DisposeAsync();
        }
        progress.Finish();
        if (!quiet && report is not null && (report.ReplicationsBySilo.Count > 1 || report.Restarts > 0))
        {
            var sum = Math.Max(1, report.ReplicationsBySilo.Values.Sum());
            stderr.WriteLine("schoolsim: replications by silo: " + string.Join(", ",
                report.ReplicationsBySilo.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {s.Value} ({100.0 * s.Value / sum:F0}%)")) +
                (report.Restarts > 0 ? $"; sweep restarted {report.Restarts} time(s)" : ""));
        }
        var simulateSeconds = clock.Elapsed.TotalSeconds - loadSeconds;
        var writeSeconds = TimeSpan.FromTicks(writeTicks).TotalSeconds;

        Task<SweepReport> RunSweep(IGrainFactory grains) =>
            new SweepClient(grains).RunAsync($"run-{Guid.NewGuid():N}", district, toRun, options,
                rows => OnRows(indexOf[rows.ScenarioId],
                    BatchAssembly.Unpack(rows, district.SchoolCount, district.GroupCount, compiled[0].Catalog.Count)),
                p => OnCompleted(p.Index), cancellation);

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
        string? reportPath = null;
        if (a.Has("report"))
        {
            reportPath = Path.Combine(outDir, Report.ReportWriter.DefaultFileName);
            // The map draws the district's zones, as `schoolsim report DIR` does, also when plans zoned its units.
            var map = input.Scenario.Scenarios[0].Spec.Boundaries is null
                ? ReportCommand.MapOf(input.District)
                : ReportCommand.LoadMap(input.Scenario.DistrictFolder);
            await Report.ReportWriter.WriteAsync(outDir, map, reportPath, cancellation);
        }

        SummaryTable.Print(stdout, records.Select(r => (r, writer.GetSummary(r.ScenarioId))).ToList());
        stdout.WriteLine();
        stdout.WriteLine($"{totalReplications} replications in {clock.Elapsed.TotalSeconds:F1} s; dataset: {Path.GetFullPath(outDir)}");
        if (reportPath is not null) stdout.WriteLine($"report: {Path.GetFullPath(reportPath)}");
        if (!quiet)
        {
            // Memory check (issue 8): these should not grow with the replication count.
            using var self = Process.GetCurrentProcess();
            stderr.WriteLine($"schoolsim: this process: peak working set {self.PeakWorkingSet64 / (1024 * 1024)} MB; " +
                             $"GC collections gen0 {GC.CollectionCount(0)}, gen1 {GC.CollectionCount(1)}, gen2 {GC.CollectionCount(2)}");
        }
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
