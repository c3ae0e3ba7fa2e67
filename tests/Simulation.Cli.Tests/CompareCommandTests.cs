using Simulation.Core.Replications;

namespace Simulation.Cli.Tests;

/// <summary>One 20-replication comparison of Dallas's status quo and 50/50 with the example rules, shared by the tests
/// that inspect its output, plus a 20-replication run of the status quo alone to check the pairing against.</summary>
public sealed class DallasComparison : IAsyncLifetime
{
    public const int Replications = 20;

    public string Folder { get; } = CliRunner.TempFolder();
    public string RunFolder { get; } = CliRunner.TempFolder();
    public (int Exit, string Out, string Err) Result { get; private set; }
    public (int Exit, string Out, string Err) Run { get; private set; }

    public static string Rules => Path.Combine(Simulation.Testing.RepositoryPaths.Root, "rules", "dallas-equity.yaml");

    public async Task InitializeAsync()
    {
        Result = await CliRunner.Run("compare", CliRunner.Scenario("dallas-status-quo.yaml"), CliRunner.Scenario("dallas-5050.yaml"),
            "--rules", Rules, "--replications", Replications.ToString(), "--out", Folder, "--quiet");
        Run = await CliRunner.Run("run", CliRunner.Scenario("dallas-status-quo.yaml"), "--replications", Replications.ToString(),
            "--out", RunFolder, "--quiet", "--no-grains");
    }

    public Task DisposeAsync()
    {
        foreach (var f in new[] { Folder, RunFolder })
            if (Directory.Exists(f)) Directory.Delete(f, recursive: true);
        return Task.CompletedTask;
    }
}

public class CompareCommandTests(DallasComparison compare) : IClassFixture<DallasComparison>
{
    private static string Table(string folder, string name) => $"read_parquet('{folder}/{name}.parquet')";

    [Fact]
    public async Task Report_WithCompareFolder_ShowsEveryVerdictRowColouredByItsVerdict()
    {
        Assert.True(compare.Result.Exit == 0, compare.Result.Err);
        Assert.True(compare.Run.Exit == 0, compare.Run.Err);
        var html = Path.Combine(compare.RunFolder, "with-verdict.html");

        var result = await CliRunner.Run("report", compare.RunFolder, "--compare", compare.Folder, "--out", html);

        Assert.True(result.Exit == 0, result.Err);
        var table = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(html),
            "<table class=\"data verdict\" id=\"verdict-compare-verdicts\">.*?</table>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        var verdicts = DuckDb.Query($"SELECT verdict FROM {Table(compare.Folder, "verdicts")}").Select(r => (string)r["verdict"]!).ToList();
        Assert.NotEmpty(verdicts);
        Assert.Equal(verdicts.Count, System.Text.RegularExpressions.Regex.Matches(table, "<tr><td>").Count);
        foreach (var v in verdicts.Distinct())
        {
            var cls = v switch { "advances" => "<td class=\"pass\">", "does not advance" => "<td class=\"fail\">", _ => "<td>" };
            Assert.Contains(cls + v + "</td>", table);
        }
    }

    [Fact]
    public async Task Report_CompareFolderWithoutVerdicts_ExitsTwoNamingTheFolder()
    {
        Assert.True(compare.Run.Exit == 0, compare.Run.Err);
        var html = Path.Combine(compare.RunFolder, "never.html");

        var result = await CliRunner.Run("report", compare.RunFolder, "--compare", compare.RunFolder, "--out", html);

        Assert.Equal(2, result.Exit);
        Assert.Contains(compare.RunFolder, result.Err);
        Assert.Contains("verdicts.parquet", result.Err);
        Assert.False(File.Exists(html));
    }

    [Fact]
    public void Compare_Dallas_WritesEveryFileAndTheVerdict()
    {
        Assert.True(compare.Result.Exit == 0, compare.Result.Err);
        foreach (var f in new[] { "differences.parquet", "compliance.parquet", "verdicts.parquet", "verdict.md", "manifest.json" })
            Assert.True(File.Exists(Path.Combine(compare.Folder, f)), f);
        Assert.Empty(Directory.GetFiles(compare.Folder, ".*tmp-*", SearchOption.AllDirectories));
        var overall = DuckDb.Query($"SELECT verdict FROM {Table(compare.Folder, "verdicts")} WHERE rule_id IS NULL").Single()["verdict"]!.ToString()!;
        var markdown = File.ReadAllText(Path.Combine(compare.Folder, "verdict.md"));
        Assert.StartsWith($"# dallas-5050 vs dallas-status-quo: {overall.ToUpperInvariant()}", markdown);
        Assert.Contains(markdown, compare.Result.Out);
    }

    [Fact]
    public void Compare_Differences_PairedOnCommonRandomNumbers()
    {
        var rows = DuckDb.Query($"SELECT * FROM {Table(compare.Folder, "differences")}");
        var catalog = new MetricCatalog(["ed", "not_ed"]);
        Assert.Equal(catalog.Names, rows.Select(r => r["metric"]!.ToString()));
        Assert.All(rows, r =>
        {
            Assert.NotEqual(r["baseline_scenario_id"], r["scenario_id"]);
            Assert.Equal(20261128L, Convert.ToInt64(r["seed"]));
        });
        // The same families apply under both policies: applicant counts are identical in every replication.
        var applicants = rows.Single(r => (string)r["metric"]! == "applicants");
        Assert.Equal(0.0, Convert.ToDouble(applicants["mean_difference"]));
        Assert.Equal(0.0, Convert.ToDouble(applicants["sd"]));
        // Each difference's mean is the difference of the means, and its interval contains it.
        foreach (var r in rows.Where(r => r["mean_difference"] is not null && r["ci_low"] is not null))
        {
            var d = Convert.ToDouble(r["mean_difference"]);
            Assert.Equal(Convert.ToDouble(r["scenario_mean"]) - Convert.ToDouble(r["baseline_mean"]), d, 9);
            Assert.InRange(d, Convert.ToDouble(r["ci_low"]) - 1e-12, Convert.ToDouble(r["ci_high"]) + 1e-12);
        }
    }

    [Fact]
    public void Compare_BaselineMeans_EqualAPlainRunOfTheBaseline()
    {
        Assert.True(compare.Run.Exit == 0, compare.Run.Err);
        var summary = DuckDb.Query($"SELECT metric, mean, scenario_id FROM {Table(compare.RunFolder, "summary")}")
            .ToDictionary(r => r["metric"]!.ToString()!);
        var differences = DuckDb.Query($"SELECT metric, baseline_mean, baseline_scenario_id FROM {Table(compare.Folder, "differences")}");
        foreach (var d in differences.Where(d => d["baseline_mean"] is not null))
            Assert.Equal(Convert.ToDouble(summary[d["metric"]!.ToString()!]["mean"]), Convert.ToDouble(d["baseline_mean"]), 12);
        // The comparison reports the id a plain run of the same scenario, seed and count gets.
        Assert.Equal(summary["dissimilarity"]["scenario_id"], differences[0]["baseline_scenario_id"]);
    }

    [Fact]
    public void Compare_Compliance_CountsAndVerdictsAgree()
    {
        var compliance = DuckDb.Query($"SELECT * FROM {Table(compare.Folder, "compliance")} ORDER BY rule_id, role");
        var verdicts = DuckDb.Query($"SELECT * FROM {Table(compare.Folder, "verdicts")}");
        var rules = verdicts.Where(v => v["rule_id"] is not null).ToList();
        Assert.Equal(2 * rules.Count, compliance.Count);
        foreach (var c in compliance)
        {
            var n = Convert.ToInt32(c["n"]);
            Assert.Equal(DallasComparison.Replications, n + Convert.ToInt32(c["undefined"]));
            if (n > 0) Assert.Equal((double)Convert.ToInt32(c["compliant"]) / n, Convert.ToDouble(c["probability"]), 12);
        }
        // The overall verdict follows from the rules': any "does not advance" fails the proposal.
        var overall = verdicts.Single(v => v["rule_id"] is null)["verdict"]!.ToString();
        var expected = rules.Any(r => (string)r["verdict"]! == "does not advance") ? "does not advance"
            : rules.All(r => (string)r["verdict"]! == "advances") ? "advances" : "inconclusive";
        Assert.Equal(expected, overall);
        Assert.All(verdicts, v => Assert.False(string.IsNullOrWhiteSpace(v["reason"]?.ToString())));
        // The improvement rule's verdict matches the dissimilarity difference's interval (lower is better).
        var d = DuckDb.Query($"SELECT ci_low, ci_high FROM {Table(compare.Folder, "differences")} WHERE metric = 'dissimilarity'").Single();
        var improvement = rules.Single(r => (string)r["rule_id"]! == "less-segregation")["verdict"]!.ToString();
        var (low, high) = (Convert.ToDouble(d["ci_low"]), Convert.ToDouble(d["ci_high"]));
        Assert.Equal(high < 0 ? "advances" : low >= 0 ? "does not advance" : "inconclusive", improvement);
    }
}

public class CompareCommandRunTests
{
    private static async Task<T> InTemp<T>(Func<string, Task<T>> body)
    {
        var folder = CliRunner.TempFolder();
        try
        {
            return await body(folder);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }

    [Theory]
    // Why: an unknown metric, a malformed bound and a missing test are caught at different steps of reading a rule.
    [InlineData("metric: dissimilarity\n    at_most: 0.30", "metric: dissimilarty\n    at_most: 0.30", "rules.2.metric")]
    [InlineData("at_most: 0.30", "at_most: thirty", "rules.2.at_most")]
    [InlineData("improves: dissimilarity", "improves: students", "rules.6.improves")]
    public async Task Compare_BadRulesFile_ExitsTwoNamingFileLineAndField_WritesNothing(string from, string to, string field) => await InTemp(async folder =>
    {
        Directory.CreateDirectory(folder);
        var text = File.ReadAllText(DallasComparison.Rules);
        Assert.Contains(from, text);
        var rules = Path.Combine(folder, "bad-rules.yaml");
        File.WriteAllText(rules, text.Replace(from, to));
        var output = Path.Combine(folder, "out");
        var (exit, _, err) = await CliRunner.Run("compare", CliRunner.Scenario("dallas-status-quo.yaml"), CliRunner.Scenario("dallas-5050.yaml"),
            "--rules", rules, "--replications", "2", "--out", output, "--quiet");
        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", err);
        Assert.Contains("bad-rules.yaml: line ", err);
        Assert.Contains($"field '{field}'", err);
        Assert.False(Directory.Exists(output));
        return 0;
    });

    /// <summary>CRN end to end: a scenario compared with itself gives exactly zero differences, and the improvement
    /// rule does not advance.</summary>
    [Fact]
    public async Task Compare_ScenarioWithItself_EveryDifferenceExactlyZero() => await InTemp(async folder =>
    {
        var (exit, _, err) = await CliRunner.Run("compare", CliRunner.Scenario("dallas-5050.yaml"), CliRunner.Scenario("dallas-5050.yaml"),
            "--rules", DallasComparison.Rules, "--replications", "4", "--out", folder, "--quiet", "--no-grains");
        Assert.True(exit == 0, err);
        var d = DuckDb.Query($"SELECT max(abs(mean_difference)) AS d, max(half_width) AS h, count(*) AS n FROM read_parquet('{folder}/differences.parquet')").Single();
        Assert.Equal(0.0, Convert.ToDouble(d["d"]));
        Assert.Equal(0.0, Convert.ToDouble(d["h"]));
        var v = DuckDb.Query($"SELECT verdict FROM read_parquet('{folder}/verdicts.parquet') WHERE rule_id = 'less-segregation'").Single();
        Assert.Equal("does not advance", v["verdict"]);
        return 0;
    });

    /// <summary>--until-precision stops at a replication count fixed by the results, and its output is byte-identical
    /// to a plain comparison with that many replications (rounds are only a schedule).</summary>
    [Fact]
    public async Task Compare_UntilPrecision_SameAsPlainRunOfTheFinalCount() => await InTemp(async folder =>
    {
        var (adaptive, plain) = (Path.Combine(folder, "adaptive"), Path.Combine(folder, "plain"));
        var (exit, _, err) = await CliRunner.Run("compare", CliRunner.Scenario("dallas-status-quo.yaml"), CliRunner.Scenario("dallas-5050.yaml"),
            "--rules", DallasComparison.Rules, "--replications", "5", "--until-precision", "0.0008", "--precision-metrics", "dissimilarity",
            "--out", adaptive, "--quiet");
        Assert.True(exit == 0, err);
        var rows = DuckDb.Query($"SELECT n, half_width FROM read_parquet('{adaptive}/differences.parquet') WHERE metric = 'dissimilarity'").Single();
        var n = Convert.ToInt32(rows["n"]);
        Assert.True(n > 5 && n % 5 == 0, $"expected several rounds of 5, got {n}");
        Assert.True(Convert.ToDouble(rows["half_width"]) < 0.0008);
        (exit, _, err) = await CliRunner.Run("compare", CliRunner.Scenario("dallas-status-quo.yaml"), CliRunner.Scenario("dallas-5050.yaml"),
            "--rules", DallasComparison.Rules, "--replications", n.ToString(), "--out", plain, "--quiet", "--no-grains");
        Assert.True(exit == 0, err);
        foreach (var table in new[] { "differences.parquet", "compliance.parquet" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(plain, table)), File.ReadAllBytes(Path.Combine(adaptive, table)));
        // One round fewer would not have been precise enough: the stop is the first count that is.
        var previous = Path.Combine(folder, "previous");
        (exit, _, err) = await CliRunner.Run("compare", CliRunner.Scenario("dallas-status-quo.yaml"), CliRunner.Scenario("dallas-5050.yaml"),
            "--rules", DallasComparison.Rules, "--replications", (n - 5).ToString(), "--out", previous, "--quiet", "--no-grains");
        Assert.True(exit == 0, err);
        var before = DuckDb.Query($"SELECT half_width FROM read_parquet('{previous}/differences.parquet') WHERE metric = 'dissimilarity'").Single();
        Assert.True(Convert.ToDouble(before["half_width"]) >= 0.0008);
        return 0;
    });

    [Fact]
    public async Task Run_Sweep_WritesPairedDifferencesAgainstTheBaseline() => await InTemp(async folder =>
    {
        var (exit, _, err) = await CliRunner.Run("run", CliRunner.Scenario("dallas-boston-vs-da.yaml"), "--replications", "3", "--out", folder,
            "--quiet", "--no-grains", "--baseline", "1");
        Assert.True(exit == 0, err);
        var scenarios = DuckDb.Query($"SELECT scenario_id FROM read_parquet('{folder}/scenarios.parquet') ORDER BY scenario_index");
        var (first, second) = (scenarios[0]["scenario_id"], scenarios[1]["scenario_id"]);
        var rows = DuckDb.Query($"SELECT * FROM read_parquet('{folder}/differences.parquet')");
        Assert.All(rows, r => Assert.Equal(second, r["baseline_scenario_id"]));
        Assert.All(rows, r => Assert.Equal(first, r["scenario_id"]));
        // Paired by replication: the mean difference is the mean of per-replication differences in the replications table.
        var check = DuckDb.Query($"""
            SELECT avg(a.dissimilarity - b.dissimilarity) AS d
            FROM {DuckDb.Table(folder, "replications")} a JOIN {DuckDb.Table(folder, "replications")} b USING (replication)
            WHERE a.scenario_id = '{first}' AND b.scenario_id = '{second}'
            """).Single();
        var row = rows.Single(r => (string)r["metric"]! == "dissimilarity");
        Assert.Equal(Convert.ToDouble(check["d"]), Convert.ToDouble(row["mean_difference"]), 12);
        Assert.Equal(3, Convert.ToInt32(row["n"]));
        var manifest = File.ReadAllText(Path.Combine(folder, "manifest.json"));
        Assert.Contains("differences.parquet", manifest);
        return 0;
    });

    [Fact]
    public async Task Statewide_TwoDistricts_OneComplianceRowPerDistrictAndRule() => await InTemp(async folder =>
    {
        var scenarios = Path.Combine(Simulation.Testing.RepositoryPaths.Scenarios, "statewide");
        var rules = Path.Combine(Simulation.Testing.RepositoryPaths.Root, "rules", "statewide-equity.yaml");
        var (exit, stdout, err) = await CliRunner.Run("statewide", scenarios, "--rules", rules, "--replications", "3", "--out", folder, "--quiet");
        Assert.True(exit == 0, err);
        var rows = DuckDb.Query($"SELECT district_id, rule_id, n, undefined, role FROM read_parquet('{folder}/compliance.parquet')");
        Assert.Equal(["dallas-isd", "lakeside-synthetic"], rows.Select(r => r["district_id"]!.ToString()!).Distinct().Order().ToArray());
        Assert.Equal(2 * 5, rows.Count);
        Assert.All(rows, r => Assert.Equal(3, Convert.ToInt32(r["n"]) + Convert.ToInt32(r["undefined"])));
        Assert.Contains("lakeside-synthetic", stdout);
        Assert.True(File.Exists(Path.Combine(folder, "statewide.md")));
        Assert.True(File.Exists(Path.Combine(folder, "manifest.json")));
        return 0;
    });

    [Fact]
    public async Task Statewide_RuleNeedingABaseline_ExitsTwo_WritesNothing() => await InTemp(async folder =>
    {
        var output = Path.Combine(folder, "out");
        var (exit, _, err) = await CliRunner.Run("statewide", Path.Combine(Simulation.Testing.RepositoryPaths.Scenarios, "statewide"),
            "--rules", DallasComparison.Rules, "--replications", "2", "--out", output, "--quiet");
        Assert.Equal(2, exit);
        Assert.Contains("dallas-equity.yaml: line ", err);
        Assert.Contains("less-segregation", err);
        Assert.False(Directory.Exists(output));
        return 0;
    });
}
