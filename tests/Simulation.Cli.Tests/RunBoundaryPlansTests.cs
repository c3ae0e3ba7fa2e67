namespace Simulation.Cli.Tests;

/// <summary><c>schoolsim run</c> on <c>scenarios/dallas-boundaries.yaml</c>: boundary plans as a sweep axis, simulated
/// together with the 50/50 lotteries, read back with DuckDB.</summary>
public sealed class RunBoundaryPlansTests : IDisposable
{
    private readonly string _grains = CliRunner.TempFolder();
    private readonly string _loop = CliRunner.TempFolder();

    public void Dispose()
    {
        foreach (var folder in new[] { _grains, _loop })
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Run_PlanSweep_OneScenarioPerPlanOnCommonRandomNumbersAndSameBytesWithoutGrains()
    {
        string[] args = ["run", CliRunner.Scenario("dallas-boundaries.yaml"), "--replications", "3", "--quiet", "--baseline", "0"];
        var grains = await CliRunner.Run([.. args, "--out", _grains, "--report"]);
        Assert.True(grains.Exit == 0, grains.Err);
        var loop = await CliRunner.Run([.. args, "--out", _loop, "--no-grains"]);
        Assert.True(loop.Exit == 0, loop.Err);

        var scenarios = DuckDb.Query($"SELECT scenario_id, boundary_plan, param_boundaries_plan AS axis FROM read_parquet('{Path.Combine(_grains, "scenarios.parquet")}') ORDER BY scenario_index");
        Assert.Equal(
            ["current", "boundaries/plans/optimized-travel-0.05.csv", "boundaries/plans/optimized-travel-0.2.csv", "boundaries/plans/ensemble-chain-0-step-20000.csv"],
            scenarios.Select(r => (string)r["boundary_plan"]!));
        Assert.Equal(scenarios.Select(r => r["boundary_plan"]), scenarios.Select(r => r["axis"]));
        Assert.Equal(4, scenarios.Select(r => r["scenario_id"]).Distinct().Count());

        // Plans move zoned students only: the lotteries (applicants, admissions) are the same draws under every plan,
        // while the zoned schools' enrollment and the district's segregation change.
        var byPlan = DuckDb.Query($"""
            SELECT s.boundary_plan AS plan, r.replication, r.applicants, r.dissimilarity, r.students
            FROM {DuckDb.Table(_grains, "replications")} r JOIN read_parquet('{Path.Combine(_grains, "scenarios.parquet")}') s USING (scenario_id)
            ORDER BY r.replication, s.scenario_index
            """);
        foreach (var replication in byPlan.GroupBy(r => r["replication"]))
        {
            Assert.Single(replication.Select(r => r["applicants"]).Distinct());
            Assert.Single(replication.Select(r => r["students"]).Distinct());
            var d = replication.ToDictionary(r => (string)r["plan"]!, r => Convert.ToDouble(r["dissimilarity"]));
            Assert.True(d["boundaries/plans/optimized-travel-0.05.csv"] < d["current"] - 0.01, $"optimized {d["boundaries/plans/optimized-travel-0.05.csv"]} vs current {d["current"]}");
        }
        // Paired differences against the current plan exist for the three other plans.
        var differences = DuckDb.Query($"SELECT count(DISTINCT scenario_id) AS n FROM read_parquet('{Path.Combine(_grains, "differences.parquet")}') WHERE metric = 'dissimilarity'");
        Assert.Equal(3L, Convert.ToInt64(Assert.Single(differences)["n"]));

        // The plan files are inputs of the run, with their hashes.
        var manifest = File.ReadAllText(Path.Combine(_grains, "manifest.json"));
        Assert.Contains("optimized-travel-0.05.csv", manifest);
        Assert.Contains("ensemble-chain-0-step-20000.csv", manifest);

        // The report finds the district behind the plans and does not mistake the plan files for changed district files.
        // `run --report` and `report DIR` both draw the district's zones: the same page.
        var again = Path.Combine(_loop, "..", Path.GetFileName(_loop) + "-report.html");
        var report = await CliRunner.Run("report", _grains, "--out", again);
        Assert.True(report.Exit == 0, report.Err);
        Assert.DoesNotContain("warning", report.Err);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_grains, "report.html")), File.ReadAllBytes(again));
        File.Delete(again);

        var files = Directory.GetFiles(_grains, "*.parquet", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_grains, f)).Order().ToArray();
        Assert.Equal(files, Directory.GetFiles(_loop, "*.parquet", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_loop, f)).Order());
        foreach (var f in files)
            Assert.True(File.ReadAllBytes(Path.Combine(_grains, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(_loop, f))), f);
    }

    [Fact]
    public async Task Run_PlanFileWithBadRow_ExitsWithTheFileRowAndFieldAndWritesNothing()
    {
        var folder = CliRunner.TempFolder();
        try
        {
            var plans = Path.Combine(CliRunner.Scenario("boundaries"), "plans");
            var bad = File.ReadAllLines(Path.Combine(plans, "optimized-travel-0.2.csv"));
            bad[3] = bad[3].Split(',')[0] + ",not-a-zone";
            Directory.CreateDirectory(Path.Combine(folder, "in", "boundaries", "plans"));
            File.WriteAllLines(Path.Combine(folder, "in", "boundaries", "plans", "optimized-travel-0.2.csv"), bad);
            foreach (var name in new[] { "optimized-travel-0.05.csv", "ensemble-chain-0-step-20000.csv" })
                File.Copy(Path.Combine(plans, name), Path.Combine(folder, "in", "boundaries", "plans", name));
            var scenario = File.ReadAllText(CliRunner.Scenario("dallas-boundaries.yaml"))
                .Replace("district: districts/dallas-isd", $"district: {RepositoryPathsDistrict()}");
            var path = Path.Combine(folder, "in", "dallas-boundaries.yaml");
            File.WriteAllText(path, scenario);
            var outDir = Path.Combine(folder, "out");

            var (exit, _, err) = await CliRunner.Run("run", path, "--replications", "2", "--out", outDir, "--quiet");

            Assert.Equal(2, exit);
            Assert.Contains("optimized-travel-0.2.csv: row 4, field 'zone_id': no zone 'not-a-zone'", err);
            Assert.False(Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string RepositoryPathsDistrict() => Simulation.Testing.RepositoryPaths.District("dallas-isd").Replace("\\", "/");
}
