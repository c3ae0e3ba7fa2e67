namespace Simulation.Cli.Tests;

/// <summary><c>schoolsim run</c> end to end on the Chicago selective-enrollment scenario file (a sweep of two
/// processing orders), read back with DuckDB.</summary>
public sealed class RunPolicyScenarioTests : IDisposable
{
    private readonly string _folder = CliRunner.TempFolder();

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Run_SelectiveTiers_WritesBothProcessingOrdersWithinSeats()
    {
        var (exit, stdout, err) = await CliRunner.Run("run", CliRunner.Scenario("dallas-selective-tiers.yaml"), "--replications", "3",
            "--out", _folder, "--quiet", "--no-grains");

        Assert.True(exit == 0, err);
        Assert.Contains("campuses.selective.pools.rank.order=1", stdout);
        Assert.Contains("campuses.selective.pools.rank.order=6", stdout);
        var scenarios = DuckDb.Query($"SELECT param_campuses_selective_pools_rank_order AS rank_order, campus_sets FROM read_parquet('{Path.Combine(_folder, "scenarios.parquet")}') ORDER BY scenario_index");
        Assert.Equal([1.0, 6.0], scenarios.Select(r => Convert.ToDouble(r["rank_order"])));
        Assert.All(scenarios, r => Assert.Contains("\"ranking\":\"score\"", (string)r["campus_sets"]!));
        // The two magnets are full in every replication and never over their seats.
        var magnets = DuckDb.Query($"""
            SELECT school_id, min(enrolled) AS low, max(enrolled) AS high, any_value(seats) AS seats, count(*) AS n
            FROM {DuckDb.Table(_folder, "schools")} WHERE school_id IN ('186', '220') GROUP BY school_id ORDER BY school_id
            """);
        Assert.Equal(["186", "220"], magnets.Select(r => (string)r["school_id"]!));
        Assert.All(magnets, r =>
        {
            Assert.Equal(6L, Convert.ToInt64(r["n"]));
            Assert.Equal(Convert.ToInt64(r["seats"]), Convert.ToInt64(r["high"]));
            Assert.Equal(Convert.ToInt64(r["seats"]), Convert.ToInt64(r["low"]));
        });
    }
}
