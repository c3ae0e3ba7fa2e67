using System.Diagnostics;
using Simulation.Cli.Hosting;
using Simulation.Core.Replications;
using Simulation.Grains.Sweeps;
using Simulation.Input.Scenarios;

// Usage: EngineProbe [REPLICATIONS=2000] [ROUNDS=5] [MODES=loop,grains] [WARM=1]
// Runs the Dallas 50/50 scenario through each mode in turn, round after round, in one process (same JIT and GC
// state), and prints wall and CPU time, GC counts by generation and allocated bytes of every run. A mode is `loop`
// (PlainLoop) or `grains[:PARALLEL[:BATCH]]` (an embedded silo; default 2 batches per core, 25 replications).
// With PROBE_WINDOWS=FILE it appends "mode start end replications" (Stopwatch ticks = CLOCK_MONOTONIC ns on Linux)
// per run, to split a `perf record -k mono` profile by run.
var replications = args.Length > 0 ? int.Parse(args[0]) : 2000;
var rounds = args.Length > 1 ? int.Parse(args[1]) : 5;
var modes = (args.Length > 2 ? args[2] : "loop,grains").Split(',');
var warm = args.Length > 3 ? int.Parse(args[3]) : 1;
var windows = Environment.GetEnvironmentVariable("PROBE_WINDOWS");

var input = ScenarioInput.Load(Path.Combine(ScenariosFolder(), "dallas-5050.yaml"));
var first = input.Scenario.Scenarios[0].Spec;
var scenario = CompiledScenario.Compile(input.District.District, first with { Replications = replications });
var planned = SweepClient.Plan(scenario.District, [scenario.Spec]);
await using var silo = await EmbeddedSilo.StartAsync(CancellationToken.None);
Console.WriteLine($"processors {Environment.ProcessorCount}, {replications} replications, server GC {System.Runtime.GCSettings.IsServerGC}");

var times = modes.ToDictionary(m => m, _ => new List<double>());
var sweep = 0;
for (var round = -warm; round < rounds; round++)
    foreach (var mode in modes)
    {
        var gcs = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
        var allocated = GC.GetTotalAllocatedBytes(true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        if (mode == "loop")
            PlainLoop.Run(scenario, 25, Environment.ProcessorCount, _ => { }, CancellationToken.None);
        else
        {
            var parts = mode.Split(':');
            var parallel = parts.Length > 1 ? int.Parse(parts[1]) : 2 * Environment.ProcessorCount;
            var batch = parts.Length > 2 ? int.Parse(parts[2]) : 25;
            await new SweepClient(silo.Grains).RunAsync($"probe-{sweep++}", scenario.District, planned,
                new SweepOptions(BatchSize: batch, MaxParallelBatches: parallel), _ => Task.CompletedTask);
        }
        var end = Stopwatch.GetTimestamp();
        var wall = Stopwatch.GetElapsedTime(start, end).TotalMilliseconds;
        var cpuUsed = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        if (round >= 0)
        {
            times[mode].Add(wall);
            if (windows is not null) File.AppendAllText(windows, $"{mode} {start} {end} {replications}\n");
        }
        var collected = string.Join("/", Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - gcs[g]));
        Console.WriteLine($"{(round < 0 ? "warm" : "r" + round),-5} {mode,-12} {wall,7:F0} ms  cpu {cpuUsed,7:F0} ms  gc {collected}  " +
                          $"allocated {(GC.GetTotalAllocatedBytes(true) - allocated) / 1e6:F1} MB");
    }

foreach (var (mode, t) in times.Where(t => t.Value.Count > 0))
{
    var sorted = t.Order().ToList();
    Console.WriteLine($"{mode,-12} min {sorted[0],7:F0}  median {sorted[sorted.Count / 2],7:F0}  max {sorted[^1],7:F0} ms");
}
for (var i = 1; i < modes.Length && rounds > 0; i++)
{
    var shares = times[modes[0]].Zip(times[modes[i]], (a, b) => a / b).Order().Select(s => s.ToString("P0"));
    Console.WriteLine($"{modes[i]} throughput as a share of {modes[0]}, per round: {string.Join(" ", shares)}");
}

static string ScenariosFolder()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Simulation.sln"))) return Path.Combine(dir.FullName, "scenarios");
    throw new InvalidOperationException("run the probe from inside the repository");
}
