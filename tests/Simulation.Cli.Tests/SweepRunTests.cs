namespace Simulation.Cli.Tests;

public class SweepRunTests
{
    [Fact]
    public async Task Run_SweepExample_OneScenarioRowPerGridPointWithParameterColumns()
    {
        var folder = CliRunner.TempFolder();
        try
        {
            var (exit, stdout, err) = await CliRunner.Run("run", CliRunner.Scenario("dallas-sweep-example.yaml"), "--replications", "2", "--out", folder, "--quiet");
            Assert.True(exit == 0, err);
            var rows = DuckDb.Query($"SELECT * FROM {DuckDb.Table(folder, "scenarios")} ORDER BY scenario_index");
            Assert.Equal(9, rows.Count);
            Assert.Equal(Enumerable.Range(0, 9), rows.Select(r => Convert.ToInt32(r["scenario_index"])));
            var paramColumns = rows[0].Keys.Where(k => k.StartsWith("param_")).ToArray();
            Assert.Equal(2, paramColumns.Length);
            Assert.Equal(9, rows.Select(r => string.Join("|", paramColumns.Select(c => r[c]))).Distinct().Count());
            // All scenarios share the seed (common random numbers), and every scenario has its partitions.
            Assert.Single(rows.Select(r => r["seed"]).Distinct());
            var counts = DuckDb.Query($"SELECT scenario_id, count(*) AS n FROM {DuckDb.Table(folder, "replications")} GROUP BY scenario_id");
            Assert.Equal(9, counts.Count);
            Assert.All(counts, c => Assert.Equal(2L, Convert.ToInt64(c["n"])));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }
}
