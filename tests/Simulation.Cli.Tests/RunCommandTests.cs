using Simulation.Input.Scenarios;

namespace Simulation.Cli.Tests;

/// <summary>One 20-replication run of the Dallas 50/50 scenario, shared by the tests that inspect its dataset.</summary>
public sealed class Dallas5050Run : IAsyncLifetime
{
    public const int Replications = 20;

    public string Folder { get; } = CliRunner.TempFolder();
    public (int Exit, string Out, string Err) Result { get; private set; }

    public async Task InitializeAsync() =>
        Result = await CliRunner.Run("run", CliRunner.Scenario("dallas-5050.yaml"), "--replications", Replications.ToString(), "--out", Folder, "--quiet");

    public Task DisposeAsync()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}

public class RunCommandTests(Dallas5050Run run) : IClassFixture<Dallas5050Run>
{
    [Fact]
    public void Run_Dallas5050_SucceedsAndPrintsTheSummaryTable()
    {
        Assert.True(run.Result.Exit == 0, run.Result.Err);
        Assert.Contains("dallas-5050", run.Result.Out);
        Assert.Contains("D (ED vs not)", run.Result.Out);
        Assert.True(File.Exists(Path.Combine(run.Folder, "manifest.json")));
        Assert.Empty(Directory.GetFiles(run.Folder, "*.tmp-*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Run_Dallas5050_EveryStudentCountedExactlyOncePerReplication()
    {
        var students = ScenarioInput.Load(CliRunner.Scenario("dallas-5050.yaml")).District.District.StudentCount;
        var rows = DuckDb.Query($"""
            SELECT s.replication, sum(s.enrolled)::BIGINT AS enrolled, sum(s.enrolled_ed + s.enrolled_not_ed)::BIGINT AS by_group,
                   count(*) AS schools, min(r.students) AS students
            FROM {DuckDb.Table(run.Folder, "schools")} s
            JOIN {DuckDb.Table(run.Folder, "replications")} r USING (scenario_id, replication)
            GROUP BY s.replication ORDER BY s.replication
            """);
        Assert.Equal(Dallas5050Run.Replications, rows.Count);
        Assert.Equal(Enumerable.Range(0, Dallas5050Run.Replications), rows.Select(r => Convert.ToInt32(r["replication"])));
        foreach (var row in rows)
        {
            Assert.Equal(students, Convert.ToInt64(row["enrolled"]));
            Assert.Equal(students, Convert.ToInt64(row["by_group"]));
            Assert.Equal(students, Convert.ToDouble(row["students"]));
        }
    }

    [Fact]
    public void Run_Dallas5050WithoutSpillover_CampusesNeverExceedTheirPools()
    {
        var rows = DuckDb.Query($"""
            SELECT school_id, enrolled_ed, enrolled_not_ed, seats, target_share_ed, target_share_not_ed
            FROM {DuckDb.Table(run.Folder, "schools")} WHERE target_share_ed IS NOT NULL
            """);
        Assert.Equal(6 * Dallas5050Run.Replications, rows.Count);
        foreach (var row in rows)
        {
            var seats = Convert.ToInt32(row["seats"]);
            Assert.True(Convert.ToInt32(row["enrolled_ed"]) <= Math.Round(Convert.ToDouble(row["target_share_ed"]) * seats), $"school {row["school_id"]}");
            Assert.True(Convert.ToInt32(row["enrolled_not_ed"]) <= Math.Round(Convert.ToDouble(row["target_share_not_ed"]) * seats), $"school {row["school_id"]}");
        }
        // Open-lottery campuses never exceed their seats.
        var over = DuckDb.Query($"SELECT count(*) AS n FROM {DuckDb.Table(run.Folder, "schools")} WHERE is_choice AND enrolled > seats");
        Assert.Equal(0L, Convert.ToInt64(over[0]["n"]));
    }

    [Fact]
    public void Run_Dallas5050_RowsCarryScenarioIdAndSeed()
    {
        var rows = DuckDb.Query($"""
            SELECT DISTINCT scenario_id, seed, scenario FROM {DuckDb.Table(run.Folder, "schools")}
            """);
        var row = Assert.Single(rows);
        Assert.Equal(20261128L, Convert.ToInt64(row["seed"]));
        Assert.Equal(row["scenario_id"], row["scenario"]);
        var summary = DuckDb.Query($"SELECT n FROM {DuckDb.Table(run.Folder, "summary")} WHERE metric = 'dissimilarity'");
        Assert.Equal(Dallas5050Run.Replications, Convert.ToInt32(Assert.Single(summary)["n"]));
    }

    [Theory]
    // Why: neither batching, nor parallelism, nor Orleans itself may change a single byte of the results.
    [InlineData("--batch-size", "3", "--parallel", "1")]
    [InlineData("--batch-size", "8", "--no-grains")]
    public async Task Run_SameSeedOtherEngineSettings_BitIdenticalParquetFiles(params string[] settings)
    {
        var other = CliRunner.TempFolder();
        try
        {
            string[] args = ["run", CliRunner.Scenario("dallas-5050.yaml"), "--replications", Dallas5050Run.Replications.ToString(), "--out", other, "--quiet", .. settings];
            var result = await CliRunner.Run(args);
            Assert.True(result.Exit == 0, result.Err);
            var files = Directory.GetFiles(run.Folder, "*.parquet", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(run.Folder, f)).Order().ToArray();
            Assert.Equal(4, files.Length);
            Assert.Equal(files, Directory.GetFiles(other, "*.parquet", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(other, f)).Order());
            foreach (var f in files)
                Assert.True(File.ReadAllBytes(Path.Combine(run.Folder, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(other, f))), f);
        }
        finally
        {
            if (Directory.Exists(other)) Directory.Delete(other, true);
        }
    }

    [Fact]
    public async Task Run_OtherSeed_OtherResults()
    {
        var other = CliRunner.TempFolder();
        try
        {
            var result = await CliRunner.Run("run", CliRunner.Scenario("dallas-5050.yaml"), "--replications", "5", "--seed", "99", "--out", other, "--quiet");
            Assert.True(result.Exit == 0, result.Err);
            var a = DuckDb.Query($"SELECT applicants FROM {DuckDb.Table(run.Folder, "replications")} WHERE replication < 5 ORDER BY replication");
            var b = DuckDb.Query($"SELECT applicants, seed FROM {DuckDb.Table(other, "replications")} ORDER BY replication");
            Assert.NotEqual(a.Select(r => r["applicants"]), b.Select(r => r["applicants"]));
            Assert.All(b, r => Assert.Equal(99L, Convert.ToInt64(r["seed"])));
        }
        finally
        {
            if (Directory.Exists(other)) Directory.Delete(other, true);
        }
    }
}
