namespace Simulation.Cli.Tests;

/// <summary>
/// The funding comparison of <c>scenarios/compare-funding/</c> under <c>rules/dallas-funding.yaml</c>: the compliance
/// counts of its resource and program rules must equal counts taken independently, with DuckDB, from plain runs of the
/// two scenarios on the same seed and replications.
/// </summary>
public sealed class FundingComparison : IAsyncLifetime
{
    public const int Replications = 12;

    public string Folder { get; } = CliRunner.TempFolder();
    public string Baseline { get; } = CliRunner.TempFolder();
    public string Proposal { get; } = CliRunner.TempFolder();
    public (int Exit, string Out, string Err) Compare { get; private set; }
    public (int Exit, string Out, string Err) BaselineRun { get; private set; }
    public (int Exit, string Out, string Err) ProposalRun { get; private set; }

    public static string BaselineFile => CliRunner.Scenario(Path.Combine("compare-funding", "dallas-status-quo-funding.yaml"));
    public static string ProposalFile => CliRunner.Scenario(Path.Combine("compare-funding", "dallas-5050-funding.yaml"));
    public static string Rules => Path.Combine(Simulation.Testing.RepositoryPaths.Root, "rules", "dallas-funding.yaml");

    public async Task InitializeAsync()
    {
        var n = Replications.ToString();
        Compare = await CliRunner.Run("compare", BaselineFile, ProposalFile, "--rules", Rules, "--replications", n,
            "--out", Folder, "--quiet", "--no-grains");
        BaselineRun = await CliRunner.Run("run", BaselineFile, "--replications", n, "--out", Baseline, "--quiet", "--no-grains");
        ProposalRun = await CliRunner.Run("run", ProposalFile, "--replications", n, "--out", Proposal, "--quiet", "--no-grains");
    }

    public Task DisposeAsync()
    {
        foreach (var f in new[] { Folder, Baseline, Proposal })
            if (Directory.Exists(f)) Directory.Delete(f, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class CompareFundingTests(FundingComparison f) : IClassFixture<FundingComparison>
{
    private (long Compliant, long N) Compliance(string role, string rule)
    {
        var rows = DuckDb.Query($"""
            SELECT compliant, n FROM read_parquet('{f.Folder}/compliance.parquet') WHERE role = '{role}' AND rule_id = '{rule}'
            """);
        Assert.Single(rows);
        return (Convert.ToInt64(rows[0]["compliant"]), Convert.ToInt64(rows[0]["n"]));
    }

    private static long Count(string sql) => Convert.ToInt64(DuckDb.Query(sql)[0]["c"]);

    [Fact]
    public void Compare_AllRunsSucceed()
    {
        Assert.True(f.Compare.Exit == 0, f.Compare.Err);
        Assert.True(f.BaselineRun.Exit == 0, f.BaselineRun.Err);
        Assert.True(f.ProposalRun.Exit == 0, f.ProposalRun.Err);
    }

    [Theory]
    [InlineData("baseline")]
    [InlineData("proposal")]
    public void ResourcesParity_CountsTheReplicationsWhereEdResourcesReachOthers(string role)
    {
        Assert.True(f.Compare.Exit == 0, f.Compare.Err);
        var folder = role == "baseline" ? f.Baseline : f.Proposal;
        var expected = Count($"""
            SELECT count(*) FILTER (WHERE resources_per_pupil_ed >= resources_per_pupil_not_ed) AS c
            FROM {DuckDb.Table(folder, "replications")}
            """);
        Assert.Equal((expected, FundingComparison.Replications), Compliance(role, "resources-parity"));
    }

    [Fact]
    public void ResourcesNotLower_PairsEachReplicationWithTheBaselines()
    {
        Assert.True(f.Compare.Exit == 0, f.Compare.Err);
        var expected = Count($"""
            SELECT count(*) FILTER (WHERE p.resources_per_pupil_ed >= b.resources_per_pupil_ed) AS c
            FROM {DuckDb.Table(f.Proposal, "replications")} p JOIN {DuckDb.Table(f.Baseline, "replications")} b USING (replication)
            """);
        Assert.Equal((expected, FundingComparison.Replications), Compliance("proposal", "resources-not-lower"));
    }

    [Theory]
    [InlineData("keep-title-i", "program_lost_title_i_schoolwide")]
    [InlineData("keep-high-poverty-grant", "program_lost_high_poverty_grant")]
    public void KeepProgram_CountsTheReplicationsWhereNoCampusLosesIt(string rule, string metric)
    {
        Assert.True(f.Compare.Exit == 0, f.Compare.Err);
        var expected = Count($"""
            SELECT count(*) FILTER (WHERE {metric} <= 0) AS c FROM {DuckDb.Table(f.Proposal, "replications")}
            """);
        Assert.Equal((expected, FundingComparison.Replications), Compliance("proposal", rule));
    }
}
