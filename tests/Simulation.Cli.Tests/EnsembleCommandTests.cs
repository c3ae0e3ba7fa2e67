using Simulation.Core.Boundaries;
using Simulation.Core.Metrics;
using Simulation.Input.Boundaries;
using Simulation.Input.Districts;
using Simulation.Testing;

namespace Simulation.Cli.Tests;

/// <summary>A small Dallas ensemble run twice — on the embedded silo and with <c>--no-grains</c> — shared by the
/// tests that inspect its dataset.</summary>
public sealed class DallasEnsembleRun : IAsyncLifetime
{
    public const int Steps = 400;
    public const int Chains = 2;
    public const int Samples = 3;

    public string Folder { get; } = CliRunner.TempFolder();
    public string PlainFolder { get; } = CliRunner.TempFolder();
    public string BoundaryFile { get; } = Path.Combine(Path.GetTempPath(), $"schoolsim-ensemble-test-{Guid.NewGuid():N}.yaml");
    public (int Exit, string Out, string Err) Result { get; private set; }
    public (int Exit, string Out, string Err) Plain { get; private set; }

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(BoundaryFile, $"""
            district: {RepositoryPaths.District("dallas-isd")}
            seed: 7
            proposal: flip
            constraints:
              capacity: [0.85, 1.10]
              max_travel_increase_km: 3
            """);
        Result = await CliRunner.Run("ensemble", BoundaryFile, "--steps", Steps.ToString(), "--chains", Chains.ToString(), "--out", Folder, "--quiet",
            "--samples", Samples.ToString());
        Plain = await CliRunner.Run("ensemble", BoundaryFile, "--steps", Steps.ToString(), "--chains", Chains.ToString(), "--out", PlainFolder, "--quiet", "--no-grains");
    }

    public Task DisposeAsync()
    {
        File.Delete(BoundaryFile);
        foreach (var f in new[] { Folder, PlainFolder })
            if (Directory.Exists(f)) Directory.Delete(f, recursive: true);
        return Task.CompletedTask;
    }
}

public class EnsembleCommandTests(DallasEnsembleRun run) : IClassFixture<DallasEnsembleRun>
{
    private string Table(string name) => $"read_parquet('{Path.Combine(run.Folder, name + ".parquet")}')";

    [Fact]
    public void Ensemble_Dallas_SucceedsAndPrintsTheCurrentPlansPercentile()
    {
        Assert.True(run.Result.Exit == 0, run.Result.Err);
        Assert.Contains("dissimilarity", run.Result.Out);
        Assert.Contains("current", run.Result.Out);
        Assert.True(File.Exists(Path.Combine(run.Folder, "manifest.json")));
        Assert.Empty(Directory.GetFiles(run.Folder, ".*tmp-*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Ensemble_Samples_ArePlanFilesOfEvenlySpacedStepsWithTheRecordedMetrics()
    {
        var geography = BoundaryUnits.Build(DistrictLoader.Load(RepositoryPaths.District("dallas-isd")));
        // ⌈400 j / 3⌉ for j = 1, 2, 3.
        long[] steps = [134, 267, 400];
        Assert.Equal(steps, Commands.EnsembleCommand.SampleSteps(DallasEnsembleRun.Steps, DallasEnsembleRun.Samples));
        var files = Directory.GetFiles(Path.Combine(run.Folder, "samples")).Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(DallasEnsembleRun.Chains * steps.Length, files.Length);
        for (var chain = 0; chain < DallasEnsembleRun.Chains; chain++)
            foreach (var step in steps)
            {
                var (assignment, _) = PlanFile.Load(Path.Combine(run.Folder, "samples", $"chain-{chain}-step-{step}.csv"), geography);
                var plan = Plan.FromAssignment(geography.Graph, assignment);
                var recorded = DuckDb.Query($"SELECT dissimilarity, students_moved FROM {Table("plan_metrics")} WHERE chain = {chain} AND step = {step}");
                var row = Assert.Single(recorded);
                Assert.Equal(Convert.ToDouble(row["dissimilarity"]), plan.Dissimilarity, 12);
                Assert.Equal(Convert.ToDouble(row["students_moved"]), plan.StudentsMoved);
            }
        Assert.False(Directory.Exists(Path.Combine(run.PlainFolder, "samples")));
    }

    [Fact]
    public void Ensemble_GrainsAndPlainLoop_WriteByteIdenticalTables()
    {
        Assert.True(run.Plain.Exit == 0, run.Plain.Err);
        foreach (var table in new[] { "units", "plans", "plan_metrics", "acceptance", "outliers" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(run.Folder, table + ".parquet")),
                File.ReadAllBytes(Path.Combine(run.PlainFolder, table + ".parquet")));
    }

    [Fact]
    public void PlanMetrics_OneRowPerChainAndStep_StepsCountRejectionsToo()
    {
        var rows = DuckDb.Query($"SELECT chain, count(*) AS n, min(step) AS lo, max(step) AS hi FROM {Table("plan_metrics")} GROUP BY chain ORDER BY chain");
        Assert.Equal(DallasEnsembleRun.Chains, rows.Count);
        Assert.All(rows, r => Assert.Equal(DallasEnsembleRun.Steps + 1L, Convert.ToInt64(r["n"])));
        var stats = DuckDb.Query($"SELECT accepted + rejected AS steps, proposals, proposal_failures, invalid_schools_in_own_zones + invalid_capacity + invalid_travel + invalid_contiguity AS invalid FROM {Table("acceptance")}");
        Assert.All(stats, s =>
        {
            Assert.Equal((long)DallasEnsembleRun.Steps, Convert.ToInt64(s["steps"]));
            Assert.Equal(Convert.ToInt64(s["proposals"]), Convert.ToInt64(s["proposal_failures"]) + Convert.ToInt64(s["invalid"]) + DallasEnsembleRun.Steps);
        });
    }

    [Fact]
    public void Plans_ChangeLogReplaysToTheRecordedMetrics()
    {
        // The plan of chain 1 at the last step: for each unit, the last plans row at or before that step. Its zone
        // counts, computed here from units.parquet, give the dissimilarity recorded in plan_metrics.
        var zones = DuckDb.Query($"""
            WITH last AS (
              SELECT unit_id, arg_max(to_zone, step) AS zone FROM {Table("plans")} WHERE chain = 1 GROUP BY unit_id)
            SELECT zone, sum(u.students_ed)::BIGINT AS ed, sum(u.students_not_ed)::BIGINT AS other
            FROM last JOIN {Table("units")} u USING (unit_id) GROUP BY zone ORDER BY zone
            """);
        var counts = zones.SelectMany(z => new[] { Convert.ToInt32(z["ed"]), Convert.ToInt32(z["other"]) }).ToArray();
        var recorded = Convert.ToDouble(DuckDb.Query($"SELECT dissimilarity FROM {Table("plan_metrics")} WHERE chain = 1 AND step = {DallasEnsembleRun.Steps}")[0]["dissimilarity"]);
        Assert.Equal(DissimilarityIndex.Compute(counts, 2), recorded, 10);
        var moved = DuckDb.Query($"SELECT count(*) AS n FROM {Table("plans")} WHERE step > 0");
        Assert.True(Convert.ToInt64(moved[0]["n"]) > 50);
    }

    [Fact]
    public void Outliers_CurrentPlanPercentileMatchesTheMetricsTable()
    {
        var row = DuckDb.Query($"SELECT value, percentile, n FROM {Table("outliers")} WHERE plan = 'current' AND metric = 'dissimilarity'")[0];
        var value = Convert.ToDouble(row["value"]);
        var counts = DuckDb.Query($"""
            SELECT count(*) FILTER (WHERE dissimilarity < CAST('{value:R}' AS DOUBLE) - 1e-12) AS below,
                   count(*) FILTER (WHERE abs(dissimilarity - CAST('{value:R}' AS DOUBLE)) <= 1e-12) AS equal,
                   count(*) AS n
            FROM {Table("plan_metrics")} WHERE step > 0
            """)[0];
        var n = Convert.ToDouble(counts["n"]);
        Assert.Equal(n, Convert.ToDouble(row["n"]));
        Assert.Equal(100 * (Convert.ToDouble(counts["below"]) + 0.5 * Convert.ToDouble(counts["equal"])) / n, Convert.ToDouble(row["percentile"]), 9);
    }
}

public class EnsembleCommandErrorTests
{
    [Fact]
    public async Task BadBoundaryFile_ExitsTwoNamingLineAndField()
    {
        var file = Path.Combine(Path.GetTempPath(), $"schoolsim-bad-boundary-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, $"district: {RepositoryPaths.District("dallas-isd")}\nconstraints:\n  capacity: [0.9, 0.5]\n");
        try
        {
            var (exit, _, err) = await CliRunner.Run("ensemble", file, "--out", CliRunner.TempFolder());
            Assert.Equal(2, exit);
            Assert.Contains("line 3", err);
            Assert.Contains("constraints.capacity.1", err);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task InvalidStart_ExitsTwoNamingTheFailedConstraintAndWritesNothing()
    {
        var file = Path.Combine(Path.GetTempPath(), $"schoolsim-bad-start-{Guid.NewGuid():N}.yaml");
        var output = CliRunner.TempFolder();
        // Every zone starts at exactly 100% of capacity, so a band of 101-120% rejects the current plan.
        await File.WriteAllTextAsync(file, $"district: {RepositoryPaths.District("dallas-isd")}\nconstraints:\n  capacity: [1.01, 1.2]\n");
        try
        {
            var (exit, _, err) = await CliRunner.Run("ensemble", file, "--out", output);
            Assert.Equal(2, exit);
            Assert.Contains("breaks constraint(s): capacity", err);
            Assert.False(Directory.Exists(output));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
