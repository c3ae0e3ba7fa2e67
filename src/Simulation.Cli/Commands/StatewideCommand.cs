using System.Diagnostics;
using System.Globalization;
using System.Text;
using Simulation.Cli.Hosting;
using Simulation.Cli.Terminal;
using Simulation.Core.Comparisons;
using Simulation.Core.Replications;
using Simulation.Core.Rules;
using Simulation.Core.Scenarios;
using Simulation.Grains.Sweeps;
using Simulation.Input;
using Simulation.Input.Rules;
using Simulation.Input.Scenarios;
using Simulation.Output;

namespace Simulation.Cli.Commands;

/// <summary>
/// <c>schoolsim statewide FOLDER --rules RULES …</c>: one rules file applied to many districts. FOLDER holds one
/// scenario file per district policy (<c>*.yaml</c>, each naming its district); every scenario is simulated and
/// each rule's compliance probability is reported per district and scenario.
/// </summary>
/// <remarks>Rules that compare with a baseline (<c>improves</c>, <c>baseline</c> bounds) need a pair of scenarios
/// and are refused here; use <c>compare</c>. All files, districts and the rules (against each district's metrics)
/// are checked before anything runs; bad input exits 2 with nothing written.</remarks>
public static class StatewideCommand
{
    public const string Usage =
        "schoolsim statewide FOLDER --rules RULES.yaml [--replications N] [--seed S] [--out DIR] [--batch-size B] [--parallel P] [--no-grains] [--force] [--quiet]";

    public static async Task<int> ExecuteAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        var a = Arguments.Parse(args, ["rules", "out", "replications", "seed", "batch-size", "parallel"], ["force", "quiet", "no-grains"]);
        if (a.Positionals.Count != 1) throw new UsageException("statewide needs one folder of scenario files\nusage: " + Usage);
        var rulesPath = a.Get("rules") ?? throw new UsageException("statewide needs --rules RULES.yaml\nusage: " + Usage);
        var folder = a.Positionals[0];
        if (!Directory.Exists(folder)) throw new UsageException($"folder '{folder}' does not exist");
        var files = Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw new UsageException($"folder '{folder}' holds no scenario files (*.yaml)");
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();

        // 1. Read and check everything: every file, its district, the rules against that district.
        var replications = a.GetInt("replications", 1);
        var seed = a.GetSeed("seed");
        var jobs = new List<Job>();
        string? rulesSha = null;
        foreach (var file in files)
        {
            var input = ScenarioInput.Load(file);
            var district = input.District.District;
            var compiled = input.Scenario.Scenarios.Select(e => CommandInputs.Compile(input, e.Spec with
            {
                Replications = replications ?? e.Spec.Replications,
                Seed = seed ?? e.Spec.Seed,
            })).ToList();
            var (rules, sha) = RulesFile.Load(rulesPath, compiled[0].Catalog);
            rulesSha = sha;
            if (rules.Rules.FirstOrDefault(r => r.NeedsBaseline) is { } paired)
                throw new InputException(rulesPath, paired.Line > 0 ? $"line {paired.Line}" : null, $"rules.{rules.Rules.ToList().IndexOf(paired)}",
                    $"rule '{paired.Id}' compares with a baseline; statewide mode evaluates each district's scenario alone (use schoolsim compare)");
            jobs.Add(new Job(input, compiled, SweepClient.Plan(district, compiled.Select(c => c.Spec).ToList()), rules));
        }
        var outDir = a.Get("out") ?? Path.Combine("out", "statewide-" + Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar)));
        CommandInputs.RequireWritable(a, outDir);
        var options = CommandInputs.Sweep(a);
        var loadSeconds = clock.Elapsed.TotalSeconds;

        // 2. One sweep per district on one engine; evaluate each replication as results arrive.
        var quiet = a.Has("quiet");
        var rows = new List<ComplianceRow>();
        var scenarios = new List<ComparisonScenario>();
        var total = jobs.Sum(j => j.Compiled.Sum(c => (long)c.Spec.Replications));
        if (!quiet) stderr.WriteLine($"schoolsim: {jobs.Count} file(s), {jobs.Select(j => j.Input.District.District.Id).Distinct().Count()} district(s), {total} replications → {outDir}");
        var progress = new ProgressBar(total, quiet ? TextWriter.Null : stderr, !Console.IsErrorRedirected);
        await using (var engine = await ScenarioRounds.StartAsync(!a.Has("no-grains"), options, cancellation))
        {
            foreach (var job in jobs)
            {
                var district = job.Input.District.District;
                var results = await engine.RunAsync(district, job.Planned, job.Compiled, 0, progress.Advance, cancellation);
                foreach (var p in job.Planned)
                {
                    var compiled = job.Compiled[p.Index];
                    var evaluator = new RuleEvaluator(job.Rules, compiled.Catalog, district, compiled.Layout, null);
                    var tallies = job.Rules.Rules.Select(_ => new RuleTally()).ToArray();
                    var outcomes = new RuleOutcome[tallies.Length];
                    foreach (var r in results[p.Index])
                    {
                        evaluator.Evaluate(r, null, outcomes);
                        for (var i = 0; i < outcomes.Length; i++) tallies[i].Add(outcomes[i]);
                    }
                    for (var i = 0; i < tallies.Length; i++)
                        rows.Add(new ComplianceRow(district.Id, p.ScenarioId, p.Spec.Seed, "scenario", job.Rules.Rules[i], tallies[i].ToCompliance()));
                    scenarios.Add(new ComparisonScenario(p.ScenarioId, "scenario", p.Spec.Name, district.Id, p.Spec.Seed, p.Spec.Replications));
                }
            }
        }
        progress.Finish();
        var simulateSeconds = clock.Elapsed.TotalSeconds - loadSeconds;

        // 3. Outputs, manifest last.
        var writer = new ComparisonWriter(outDir);
        await writer.WriteComplianceAsync(rows, cancellation);
        var markdown = Markdown(rows, scenarios);
        await writer.WriteTextAsync("statewide.md", markdown, cancellation);
        var inputs = new List<Output.InputFile> { new(rulesPath, rulesSha!) };
        foreach (var job in jobs)
        {
            inputs.Add(new(job.Input.Scenario.Path, job.Input.Scenario.Sha256));
            inputs.AddRange(job.Input.District.Files.Select(f => new Output.InputFile(f.Path, f.Sha256)));
        }
        await writer.CompleteAsync(new ComparisonManifest(1, "statewide", RunCommand.EngineVersion(), started, ["statewide", .. args],
            [.. inputs.DistinctBy(i => i.Path)], scenarios,
            [new RunTiming("load", loadSeconds), new RunTiming("simulate", simulateSeconds)]), cancellation);
        stdout.Write(markdown);
        stdout.WriteLine();
        stdout.WriteLine($"{total} replications in {clock.Elapsed.TotalSeconds:F1} s; output: {Path.GetFullPath(outDir)}");
        return 0;
    }

    /// <summary>One table: a row per (district, scenario), a column per rule: compliance probability and status.</summary>
    private static string Markdown(IReadOnlyList<ComplianceRow> rows, IReadOnlyList<ComparisonScenario> scenarios)
    {
        var rules = rows.Select(r => r.Rule).DistinctBy(r => r.Id).ToList();
        var s = new StringBuilder("# Statewide compliance\n\n");
        s.Append("Share of replications in which each district's scenario complies with each rule (95% interval); ")
         .Append("**meets** when the interval's lower end reaches the rule's required probability, **fails** when its upper end is below.\n\n");
        foreach (var r in rules)
            s.Append(CultureInfo.InvariantCulture, $"- `{r.Id}`: {r.Description ?? r.Statement()} (required in ≥ {100 * r.RequiredProbability:0.#}% of replications)\n");
        s.Append("\n| district | scenario | replications | ").Append(string.Join(" | ", rules.Select(r => r.Id))).Append(" |\n");
        s.Append("| --- | --- | --- |").Append(string.Concat(rules.Select(_ => " --- |"))).Append('\n');
        foreach (var sc in scenarios)
        {
            s.Append(CultureInfo.InvariantCulture, $"| {sc.DistrictId} | {sc.Name} | {sc.Replications} |");
            foreach (var r in rules)
            {
                var row = rows.Single(x => x.ScenarioId == sc.ScenarioId && x.DistrictId == sc.DistrictId && x.Rule.Id == r.Id);
                var c = row.Compliance;
                s.Append(c.N == 0
                    ? " — |"
                    : string.Create(CultureInfo.InvariantCulture, $" {100 * c.Probability:0.0}% ({100 * c.CiLow:0.0}–{100 * c.CiHigh:0.0}) **{ComparisonWriter.Status(r, c)}** |"));
            }
            s.Append('\n');
        }
        s.Append("\nCounts and intervals are in `compliance.parquet` (docs/outputs.md).\n");
        return s.ToString();
    }

    private sealed record Job(ScenarioInput Input, IReadOnlyList<CompiledScenario> Compiled, IReadOnlyList<PlannedScenario> Planned, RuleSet Rules);
}
