using Simulation.Core.Randomness;
using Simulation.Core.Statistics;

namespace Simulation.Output.Tests;

/// <summary>The summary table against <see cref="MetricSummary"/> on the replication values.</summary>
public sealed partial class DatasetWriterTests
{
    [Fact]
    public async Task CompleteAsync_SummaryRows_EqualMetricSummaryOfTheReplicationValues()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        await data.WriteAsync(dir.Path);

        var rows = DuckDb.Query($"SELECT * FROM {DuckDb.ReadParquet(dir.Path, "summary.parquet")}");
        var i = 0;
        for (var s = 0; s < data.Scenarios.Count; s++)
            for (var m = 0; m < data.Catalog.Count; m++)
            {
                var bootstrap = RandomStream.For(data.Scenarios[s].Spec.Seed, 0, Stage.Bootstrap, m);
                var expected = MetricSummary.Compute(data.Results[s].Select(r => r.Metrics[m]).ToArray(), ref bootstrap);
                var row = rows[i++];
                Assert.Equal(data.Scenarios[s].ScenarioId, row["scenario_id"]);
                Assert.Equal(unchecked((long)data.Scenarios[s].Spec.Seed), row["seed"]);
                Assert.Equal(data.Catalog.Names[m], row["metric"]);
                Assert.Equal(expected.N, row["n"]);
                Assert.Equal(expected.Missing, row["missing"]);
                Assert.Equal(NullForNaN(expected.Mean), row["mean"]);
                Assert.Equal(NullForNaN(expected.Sd), row["sd"]);
                Assert.Equal(NullForNaN(expected.Q025), row["q025"]);
                Assert.Equal(NullForNaN(expected.Q50), row["q50"]);
                Assert.Equal(NullForNaN(expected.Q975), row["q975"]);
                Assert.Equal(NullForNaN(expected.MeanCiLow), row["mean_ci_low"]);
                Assert.Equal(NullForNaN(expected.MeanCiHigh), row["mean_ci_high"]);
                Assert.Equal(NullForNaN(expected.NormalLow), row["normal_low"]);
                Assert.Equal(NullForNaN(expected.NormalHigh), row["normal_high"]);
                Assert.Equal(NullForNaN(expected.MeanBootLow), row["mean_boot_low"]);
                Assert.Equal(NullForNaN(expected.MeanBootHigh), row["mean_boot_high"]);
            }
        Assert.Equal(rows.Count, i);
    }

    [Fact]
    public async Task CompleteAsync_MetricWithOneDefinedValue_HasNullSpread()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        await data.WriteAsync(dir.Path);

        // admission_rate_not_ed of s000 is NaN in replication 1 only: n = 2, missing = 1.
        var row = DuckDb.Query(
            $"SELECT * FROM {DuckDb.ReadParquet(dir.Path, "summary.parquet")} WHERE scenario_id = 's000' AND metric = 'admission_rate_not_ed'")
            .Single();
        Assert.Equal(2, row["n"]);
        Assert.Equal(1, row["missing"]);
        Assert.NotNull(row["sd"]);
    }

    [Fact]
    public async Task WriteScenarioAsync_ReturnedSummary_IsOneRowPerCatalogMetric()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        var writer = data.OpenWriter(dir.Path);

        var rows = await writer.WriteScenarioAsync(data.Scenarios[0], data.Layouts[0], data.Results[0]);

        Assert.Equal(data.Catalog.Names, rows.Select(r => r.Metric));
        Assert.All(rows, r => Assert.Equal("s000", r.ScenarioId));
        Assert.Equal(new MetricSummary(3, 0, 160, 0, 160, 160, 160, 160, 160, 160, 160, 160, 160), rows[0].Summary); // students: constant, so every interval is the value
    }

    private static double? NullForNaN(double value) => double.IsNaN(value) ? null : value;
}
