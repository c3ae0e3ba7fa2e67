using Simulation.Core.Comparisons;
using Simulation.Core.Rules;
using Simulation.Core.Statistics;

namespace Simulation.Output.Tests;

public class ComparisonWriterTests
{
    private static readonly Rule Dissimilarity = new("d", "D at most 0.3", RuleKind.Metric, "dissimilarity", RuleTest.AtMost, RuleBound.Number(0.3));

    private static async Task<string> Write(TempDirectory dir)
    {
        var writer = new ComparisonWriter(dir.Path);
        var difference = new PairedDifference(MetricDirection.LowerIsBetter);
        difference.Add(0.5, 0.4);
        difference.Add(0.6, 0.4);
        difference.Add(0.5, double.NaN);
        await writer.WriteDifferencesAsync([new DifferenceRow("base", "prop", ulong.MaxValue, new MetricDifference("dissimilarity", difference.ToSummary()))]);
        await writer.WriteComplianceAsync([
            new ComplianceRow("tiny", "base", 7, "baseline", Dissimilarity, Compliance.Of(0, 2, 0)),
            new ComplianceRow("tiny", "prop", 7, "proposal", Dissimilarity, Compliance.Of(2, 0, 1)),
        ]);
        await writer.WriteVerdictsAsync([
            new VerdictRow("base", "prop", 7, 2, Dissimilarity, Verdict.Inconclusive, "because", 0, 1),
            new VerdictRow("base", "prop", 7, 2, null, Verdict.Inconclusive, "overall", double.NaN, double.NaN),
        ]);
        await writer.WriteTextAsync("verdict.md", "# verdict\n");
        await writer.CompleteAsync(new ComparisonManifest(1, "compare", "test", DateTimeOffset.UnixEpoch, ["compare"], [], [], []));
        return dir.Path;
    }

    [Fact]
    public async Task Tables_ReadBackWithDuckDb()
    {
        using var dir = new TempDirectory();
        var folder = await Write(dir);
        var d = DuckDb.Query($"SELECT * FROM read_parquet('{folder}/differences.parquet')").Single();
        Assert.Equal(("base", "prop", -1L, "lower"), ((string)d["baseline_scenario_id"]!, (string)d["scenario_id"]!, (long)d["seed"]!, (string)d["better"]!));
        Assert.Equal((2, 1), ((int)d["n"]!, (int)d["missing"]!));
        Assert.Equal(-0.15, (double)d["mean_difference"]!, 12);
        Assert.Equal(1.0, (double)d["p_better"]!);
        var c = DuckDb.Query($"SELECT * FROM read_parquet('{folder}/compliance.parquet') ORDER BY role");
        Assert.Equal(["fails", "inconclusive"], c.Select(r => (string)r["status"]!).ToArray());
        Assert.Equal("dissimilarity ≤ 0.3", c[0]["rule"]);
        Assert.Equal(1, (int)c[1]["undefined"]!);
        var v = DuckDb.Query($"SELECT * FROM read_parquet('{folder}/verdicts.parquet') ORDER BY reason");
        Assert.Equal("d", v[0]["rule_id"]);
        // The overall verdict has no rule: null, not an empty string.
        Assert.Null(v[1]["rule_id"]);
        Assert.Null(v[1]["baseline_probability"]);
        var manifest = File.ReadAllText(Path.Combine(folder, "manifest.json"));
        foreach (var f in new[] { "differences.parquet", "compliance.parquet", "verdicts.parquet", "verdict.md" }) Assert.Contains(f, manifest);
        Assert.Empty(Directory.GetFiles(folder, ".*"));
    }

    [Fact]
    public async Task Tables_SameRowsGiveSameBytes()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();
        await Write(a);
        await Write(b);
        foreach (var f in new[] { "differences.parquet", "compliance.parquet", "verdicts.parquet" })
            Assert.Equal(File.ReadAllBytes(a[f]), File.ReadAllBytes(b[f]));
    }
}

public class DatasetDifferencesTests
{
    /// <summary>The run's differences table pairs each scenario with the first by replication number: its mean
    /// difference equals the mean of per-replication differences read back from the replications table.</summary>
    [Fact]
    public async Task CompleteAsync_TwoScenarios_DifferencesAgainstTheFirst()
    {
        using var dir = new TempDirectory();
        await new TinyDataset().WriteAsync(dir.Path);
        var rows = DuckDb.Query($"SELECT * FROM read_parquet('{dir["differences.parquet"]}')");
        Assert.All(rows, r => Assert.Equal(("s000", "s001"), ((string)r["baseline_scenario_id"]!, (string)r["scenario_id"]!)));
        var replications = $"read_parquet('{dir.Path}/replications/*/*.parquet')";
        foreach (var r in rows.Where(r => r["mean_difference"] is not null))
        {
            var metric = (string)r["metric"]!;
            var check = DuckDb.Query($"""
                SELECT avg(b."{metric}" - a."{metric}") AS d, count(*) AS n FROM {replications} a JOIN {replications} b USING (replication)
                WHERE a.scenario_id = 's000' AND b.scenario_id = 's001' AND a."{metric}" IS NOT NULL AND b."{metric}" IS NOT NULL
                """).Single();
            Assert.Equal(Convert.ToDouble(check["d"]), (double)r["mean_difference"]!, 12);
            Assert.Equal(Convert.ToInt64(check["n"]), (int)r["n"]!);
        }
    }
}
