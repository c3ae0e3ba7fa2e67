using System.Diagnostics;
using Simulation.Cli.Hosting;
using Simulation.Cli.Terminal;
using Simulation.Core.Comparisons;
using Simulation.Core.Replications;
using Simulation.Core.Rules;
using Simulation.Core.Scenarios;
using Simulation.Core.Statistics;
using Simulation.Grains.Sweeps;
using Simulation.Grains.Wire;
using Simulation.Input;
using Simulation.Input.Rules;
using Simulation.Input.Scenarios;
using Simulation.Output;
using Simulation.Output.Reports;

namespace Simulation.Cli.Commands;

/// <summary>
/// <c>schoolsim compare BASELINE PROPOSAL --rules RULES …</c>: runs both scenarios as one sweep on common random
/// numbers, pairs their replications, and writes differences, compliance and verdicts (docs/rules.md).
/// </summary>
/// <remarks>
/// <para>Both scenario files must describe one scenario each, on the same district. Both run on one seed (<c>--seed</c>,
/// else the baseline's) and one replication count (<c>--replications</c>, else the baseline's), so replication r of
/// each uses the same random streams.</para>
/// <para><c>--until-precision E</c> adds rounds of the same size (replications N, 2N, 3N, …) until the 95% interval
/// of every judged difference — every metric with a better direction and every metric a rule names, or the metrics
/// listed with <c>--precision-metrics</c> — has a half-width below E (in each metric's own units), or
/// <c>--max-replications</c> is reached. The stopping point depends only on the results, so
/// the same seed and E give the same output; the output equals a plain run with the final replication count.</para>
/// <para>Everything is read and checked before anything runs or is written; bad input exits 2 with nothing written.</para>
/// </remarks>
public static class CompareCommand
{
    public const string Usage =
        "schoolsim compare BASELINE.yaml PROPOSAL.yaml --rules RULES.yaml [--replications N] [--seed S] [--out DIR] " +
        "[--until-precision E] [--precision-metrics M1,M2,...] [--max-replications M] [--batch-size B] [--parallel P] [--no-grains] [--force] [--quiet]";

    public const int DefaultMaxReplications = 100_000;

    public static async Task<int> ExecuteAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        var a = Arguments.Parse(args, ["rules", "out", "replications", "seed", "until-precision", "precision-metrics", "max-replications", "batch-size", "parallel"],
            ["force", "quiet", "no-grains"]);
        if (a.Positionals.Count != 2) throw new UsageException("compare needs a baseline and a proposal scenario file\nusage: " + Usage);
        var rulesPath = a.Get("rules") ?? throw new UsageException("compare needs --rules RULES.yaml\nusage: " + Usage);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();

        // 1. Read and check everything.
        var baselineInput = ScenarioInput.Load(a.Positionals[0]);
        var proposalInput = ScenarioInput.Load(a.Positionals[1]);
        var district = baselineInput.District.District;
        if (WireFormat.Hash(WireFormat.SerializeDistrict(district)) != WireFormat.Hash(WireFormat.SerializeDistrict(proposalInput.District.District)))
            throw new InputException(proposalInput.Scenario.Path, null, "district",
                $"the proposal simulates another district ({proposalInput.Scenario.DistrictFolder}) than the baseline ({baselineInput.Scenario.DistrictFolder}); a comparison needs the same district");
        var baselineSpec = Single(baselineInput);
        var proposalSpec = Single(proposalInput);
        var seed = a.GetSeed("seed") ?? baselineSpec.Seed;
        var round = a.GetInt("replications", 2) ?? Math.Max(2, baselineSpec.Replications);
        var precision = a.Get("until-precision") is { } text ? Precision(text) : (double?)null;
        var maxReplications = a.GetInt("max-replications", round) ?? Math.Max(round, DefaultMaxReplications);
        if ((a.Has("max-replications") || a.Has("precision-metrics")) && precision is null)
            throw new UsageException("--max-replications and --precision-metrics only apply with --until-precision");
        baselineSpec = baselineSpec with { Seed = seed, Replications = round };
        proposalSpec = proposalSpec with { Seed = seed, Replications = round };
        if (!a.Has("quiet") && !a.Has("seed") && proposalInput.Scenario.Scenarios[0].Spec.Seed != seed)
            stderr.WriteLine($"schoolsim: the proposal's seed differs; both run on the baseline's seed {seed} (common random numbers)");
        var baseline = CommandInputs.Compile(baselineInput, baselineSpec);
        var proposal = CommandInputs.Compile(proposalInput, proposalSpec);
        var (rules, rulesSha) = RulesFile.Load(rulesPath, baseline.Catalog);
        var identical = WireFormat.SerializeScenario(baselineSpec).AsSpan().SequenceEqual(WireFormat.SerializeScenario(proposalSpec));
        var planned = identical
            ? SweepClient.Plan(district, [baselineSpec])
            : SweepClient.Plan(district, [baselineSpec, proposalSpec]);
        var outDir = a.Get("out") ?? Path.Combine("out", $"compare-{baselineSpec.Name}-vs-{proposalSpec.Name}");
        CommandInputs.RequireWritable(a, outDir);
        var options = CommandInputs.Sweep(a);
        var judged = a.Get("precision-metrics") is { } list ? Listed(baseline.Catalog, list) : Judged(baseline.Catalog, rules);
        var loadSeconds = clock.Elapsed.TotalSeconds;

        // 2. Simulate in rounds on one engine; pair replications as they come.
        var comparison = new PairedComparison(baseline, proposal, rules);
        var quiet = a.Has("quiet");
        if (!quiet)
            stderr.WriteLine($"schoolsim: {proposalSpec.Name} vs {baselineSpec.Name} on {district.Name}, {round} paired replications per round, seed {seed}");
        var compiled = identical ? new[] { baseline } : new[] { baseline, proposal };
        var reached = false;
        await using (var engine = await ScenarioRounds.StartAsync(!a.Has("no-grains"), options, cancellation))
        {
            for (var first = 0; ; first += round)
            {
                var progress = new ProgressBar((long)round * compiled.Length, quiet ? TextWriter.Null : stderr, !Console.IsErrorRedirected);
                var results = await engine.RunAsync(district, planned, compiled, first, progress.Advance, cancellation);
                progress.Finish();
                var proposalResults = results[^1];
                for (var i = 0; i < round; i++) comparison.Add(results[0][i], proposalResults[i]);
                var width = comparison.MaxHalfWidth(judged);
                reached = precision is { } e && width < e;
                if (precision is null || reached || comparison.Replications + round > maxReplications) break;
                if (!quiet) stderr.WriteLine($"schoolsim: {comparison.Replications} replications, widest judged half-width {width:G4} ≥ {precision}; adding {round}");
            }
        }
        var simulateSeconds = clock.Elapsed.TotalSeconds - loadSeconds;

        // 3. Verdicts and outputs (manifest last).
        var differences = comparison.Differences();
        var compliance = comparison.Compliance();
        var verdicts = compliance.Select(c => VerdictRules.Decide(c,
            c.Rule.Kind == RuleKind.Improves ? differences.Single(d => d.Metric == c.Rule.Measure).Summary : null)).ToList();
        var overall = VerdictRules.Overall(verdicts);
        var n = comparison.Replications;
        // Report the ids `schoolsim run --replications n --seed seed` gives these scenarios, whatever the rounds were.
        var reported = SweepClient.Plan(district, identical ? [baselineSpec with { Replications = n }]
            : [baselineSpec with { Replications = n }, proposalSpec with { Replications = n }]);
        var (baselineId, proposalId) = (reported[0].ScenarioId, reported[^1].ScenarioId);
        var writer = new ComparisonWriter(outDir);
        await writer.WriteDifferencesAsync([.. differences.Select(d => new DifferenceRow(baselineId, proposalId, seed, d))], cancellation);
        await writer.WriteComplianceAsync([.. compliance.SelectMany(c => new[]
        {
            new ComplianceRow(district.Id, baselineId, seed, "baseline", c.Rule, c.Baseline),
            new ComplianceRow(district.Id, proposalId, seed, "proposal", c.Rule, c.Proposal),
        })], cancellation);
        await writer.WriteVerdictsAsync([
            .. verdicts.Select((v, i) => new VerdictRow(baselineId, proposalId, seed, n, v.Rule, v.Verdict, v.Reason,
                compliance[i].Baseline.Probability, compliance[i].Proposal.Probability)),
            new VerdictRow(baselineId, proposalId, seed, n, null, overall.Verdict, overall.Reason, double.NaN, double.NaN),
        ], cancellation);
        var context = new ComparisonContext(baselineSpec.Name, baselineId, proposalSpec.Name, proposalId, district.Name, seed, n, precision, reached);
        var markdown = VerdictMarkdown.Write(context, overall, compliance, differences);
        await writer.WriteTextAsync("verdict.md", markdown, cancellation);
        var inputs = new List<Output.InputFile>
        {
            new(baselineInput.Scenario.Path, baselineInput.Scenario.Sha256),
            new(proposalInput.Scenario.Path, proposalInput.Scenario.Sha256),
            new(rulesPath, rulesSha),
        };
        inputs.AddRange(baselineInput.District.Files.Select(f => new Output.InputFile(f.Path, f.Sha256)));
        await writer.CompleteAsync(new ComparisonManifest(1, "compare", RunCommand.EngineVersion(), started, ["compare", .. args], inputs,
            [
                new ComparisonScenario(baselineId, "baseline", baselineSpec.Name, district.Id, seed, n),
                new ComparisonScenario(proposalId, "proposal", proposalSpec.Name, district.Id, seed, n),
            ],
            [new RunTiming("load", loadSeconds), new RunTiming("simulate", simulateSeconds)]), cancellation);

        stdout.Write(markdown);
        stdout.WriteLine();
        stdout.WriteLine($"{n} paired replications in {clock.Elapsed.TotalSeconds:F1} s; output: {Path.GetFullPath(outDir)}");
        return 0;
    }

    /// <summary>The metrics whose intervals <c>--until-precision</c> watches: every metric with a better direction
    /// and every metric a rule names.</summary>
    private static bool[] Judged(MetricCatalog catalog, RuleSet rules)
    {
        var judged = catalog.Names.Select(n => rules.Directions.Of(n) != MetricDirection.None).ToArray();
        foreach (var r in rules.Rules)
        {
            if (r.Kind != RuleKind.EachSchool) judged[catalog.IndexOf(r.Measure)] = true;
            if (r.Bound.Kind == BoundKind.Metric) judged[catalog.IndexOf(r.Bound.Metric!)] = true;
        }
        return judged;
    }

    private static bool[] Listed(MetricCatalog catalog, string list)
    {
        var judged = new bool[catalog.Count];
        foreach (var name in list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var m = catalog.IndexOf(name);
            if (m < 0) throw new UsageException($"option --precision-metrics: '{name}' is not a metric; metrics: {string.Join(", ", catalog.Names)}");
            judged[m] = true;
        }
        return judged;
    }

    private static ScenarioSpec Single(ScenarioInput input) =>
        input.Scenario.Scenarios.Count == 1
            ? input.Scenario.Scenarios[0].Spec
            : throw new InputException(input.Scenario.Path, null, "sweep",
                $"compare needs one scenario per file; this file's sweep makes {input.Scenario.Scenarios.Count}");

    private static double Precision(string text) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var e) && e > 0 && double.IsFinite(e)
            ? e
            : throw new UsageException($"option --until-precision: expected a number > 0, got '{text}'");
}
