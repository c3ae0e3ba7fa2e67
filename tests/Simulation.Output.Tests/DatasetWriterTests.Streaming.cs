using Simulation.Core.Replications;
using Simulation.Core.Statistics;

namespace Simulation.Output.Tests;

/// <summary>Scenarios streamed replication by replication: fixed row groups, bounded summaries, checkpoints, resume.</summary>
public sealed partial class DatasetWriterTests
{
    /// <summary>2,500 synthetic replications of the tiny district's first scenario.</summary>
    private static (ScenarioRecord Scenario, ReplicationResult[] Results) Long(TinyDataset data, int replications = 2_500)
    {
        var scenario = data.Scenarios[0] with { Spec = data.Scenarios[0].Spec with { Replications = replications } };
        var template = data.Results[0][0];
        var results = Enumerable.Range(0, replications).Select(r =>
        {
            var metrics = template.Metrics.ToArray();
            for (var m = 1; m < metrics.Length; m++) metrics[m] = Math.Sin(r * 0.37 + m);
            var enrollment = template.Enrollment.ToArray();
            enrollment[0] += r % 7;
            return new ReplicationResult(r, enrollment, template.Applicants, template.Waitlisted, metrics);
        }).ToArray();
        return (scenario, results);
    }

    [Fact]
    public async Task OpenScenario_2500Replications_RowGroupsOf1000ReplicationsInOrder()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        var (scenario, results) = Long(data);
        var writer = data.OpenWriter(dir.Path);

        await using (var partitions = writer.OpenScenario(scenario, data.Layouts[0]))
        {
            foreach (var r in results) await partitions.AppendAsync(r);
            await partitions.CompleteAsync();
        }

        var path = dir["replications/scenario=s000/part-0.parquet"];
        var groups = DuckDb.Query($"SELECT row_group_num_rows FROM parquet_metadata('{path}') WHERE column_id = 0 ORDER BY row_group_id");
        Assert.Equal([1000L, 1000L, 500L], groups.Select(g => Convert.ToInt64(g["row_group_num_rows"])));
        var schools = dir["schools/scenario=s000/part-0.parquet"];
        var schoolGroups = DuckDb.Query($"SELECT row_group_num_rows FROM parquet_metadata('{schools}') WHERE column_id = 0 ORDER BY row_group_id");
        Assert.Equal([3000L, 3000L, 1500L], schoolGroups.Select(g => Convert.ToInt64(g["row_group_num_rows"])));
        var replications = DuckDb.Query($"SELECT replication FROM read_parquet('{path}')").Select(r => (int)r["replication"]!);
        Assert.Equal(Enumerable.Range(0, 2500), replications);
        var enrolled = DuckDb.Query($"SELECT replication, enrolled_ed FROM read_parquet('{schools}') WHERE school_id = '{data.District.Schools[0].Id}' ORDER BY replication");
        Assert.Equal(results.Select(r => r.Enrollment[0]), enrolled.Select(r => (int)r["enrolled_ed"]!));
    }

    [Fact]
    public async Task OpenScenario_AppendedInOneCallOrManyWriters_SameBytesAsWriteScenarioAsync()
    {
        using var whole = new TempDirectory();
        using var streamed = new TempDirectory();
        var data = new TinyDataset();
        var (scenario, results) = Long(data, 1_234);

        await data.OpenWriter(whole.Path).WriteScenarioAsync(scenario, data.Layouts[0], results);
        await using (var partitions = data.OpenWriter(streamed.Path).OpenScenario(scenario, data.Layouts[0]))
        {
            foreach (var r in results) await partitions.AppendAsync(r);
            await partitions.CompleteAsync();
        }

        AssertSameFiles(whole.Path, streamed.Path);
    }

    /// <summary>The writer copies each replication into its own row-group arrays: a producer that reuses one set
    /// of arrays for every replication (overwriting them after each append) gets the same files as one that does
    /// not, and a second scenario through the same writer (its row-group arrays come back from the pool) is
    /// unaffected by the first.</summary>
    [Fact]
    public async Task OpenScenario_ProducerReusesItsArrays_SameBytesAsDistinctArrays()
    {
        using var distinct = new TempDirectory();
        using var reused = new TempDirectory();
        var data = new TinyDataset();
        var (scenario, results) = Long(data, 1_234);
        var second = scenario with { ScenarioId = scenario.ScenarioId + "-b" };

        var plain = data.OpenWriter(distinct.Path);
        foreach (var s in new[] { scenario, second })
            await using (var partitions = plain.OpenScenario(s, data.Layouts[0]))
            {
                foreach (var r in results) await partitions.AppendAsync(r);
                await partitions.CompleteAsync();
            }

        var shared = new ReplicationResult(0, new int[results[0].Enrollment.Length], new int[results[0].Applicants.Length],
            new int[results[0].Waitlisted.Length], new double[results[0].Metrics.Length]);
        var writer = data.OpenWriter(reused.Path);
        foreach (var s in new[] { scenario, second })
            await using (var partitions = writer.OpenScenario(s, data.Layouts[0]))
            {
                foreach (var r in results)
                {
                    r.Enrollment.CopyTo(shared.Enrollment, 0);
                    r.Applicants.CopyTo(shared.Applicants, 0);
                    r.Waitlisted.CopyTo(shared.Waitlisted, 0);
                    r.Metrics.CopyTo(shared.Metrics, 0);
                    await partitions.AppendAsync(new ReplicationResult(r.Replication, shared.Enrollment, shared.Applicants, shared.Waitlisted, shared.Metrics));
                    Array.Fill(shared.Enrollment, -1);
                    Array.Fill(shared.Metrics, double.NaN);
                }
                await partitions.CompleteAsync();
            }

        AssertSameFiles(distinct.Path, reused.Path);
    }

    [Fact]
    public async Task OpenScenario_DisposedBeforeComplete_LeavesNoFileAndNoScenario()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        var (scenario, results) = Long(data);
        var writer = data.OpenWriter(dir.Path);

        await using (var partitions = writer.OpenScenario(scenario, data.Layouts[0]))
            foreach (var r in results.Take(1_500)) await partitions.AppendAsync(r); // one row group already on disk

        Assert.Empty(Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories));
        await Assert.ThrowsAsync<ArgumentException>(() => writer.CompleteAsync([scenario], data.Manifest(TinyDataset.CreatedAt)));
    }

    [Fact]
    public async Task OpenScenario_GapOrTooManyReplications_Throws()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        await using var partitions = data.OpenWriter(dir.Path).OpenScenario(data.Scenarios[0], data.Layouts[0]);
        await partitions.AppendAsync(data.Results[0][0]);

        await Assert.ThrowsAsync<ArgumentException>(() => partitions.AppendAsync(data.Results[0][0]));
        await Assert.ThrowsAsync<ArgumentException>(() => partitions.CompleteAsync());
        await partitions.AppendAsync(data.Results[0][1]);
        await partitions.AppendAsync(data.Results[0][2]);
        await Assert.ThrowsAsync<ArgumentException>(() => partitions.AppendAsync(
            new ReplicationResult(3, data.Results[0][2].Enrollment, data.Results[0][2].Applicants, data.Results[0][2].Waitlisted, data.Results[0][2].Metrics)));
    }

    [Fact]
    public async Task ResumeAsync_CheckpointedScenarios_DatasetIsByteIdenticalToAnUninterruptedRun()
    {
        using var uninterrupted = new TempDirectory();
        using var resumed = new TempDirectory();
        var data = new TinyDataset();
        await data.WriteAsync(uninterrupted.Path);

        // first run: scenario 0 finishes, then the run dies
        await data.OpenWriter(resumed.Path).WriteScenarioAsync(data.Scenarios[0], data.Layouts[0], data.Results[0]);
        // second run: takes scenario 0 back, runs only scenario 1
        var writer = data.OpenWriter(resumed.Path);
        var taken = await writer.ResumeAsync([(data.Scenarios[0], data.Layouts[0]), (data.Scenarios[1], data.Layouts[1])]);
        Assert.Equal(["s000"], taken);
        await writer.WriteScenarioAsync(data.Scenarios[1], data.Layouts[1], data.Results[1]);
        await writer.CompleteAsync(data.Scenarios, data.Manifest(TinyDataset.CreatedAt));

        AssertSameFiles(uninterrupted.Path, resumed.Path);
    }

    [Theory]
    [InlineData("corrupt")]   // a partition's bytes changed since its checkpoint
    [InlineData("missing")]   // a partition deleted
    [InlineData("version")]   // written by another engine version
    [InlineData("replications")] // the scenario now asks for more replications
    public async Task ResumeAsync_CheckpointThatNoLongerHolds_IsIgnored(string change)
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        await data.OpenWriter(dir.Path).WriteScenarioAsync(data.Scenarios[0], data.Layouts[0], data.Results[0]);
        var partition = dir["schools/scenario=s000/part-0.parquet"];
        var writer = data.OpenWriter(dir.Path);
        var scenario = data.Scenarios[0];
        switch (change)
        {
            case "corrupt":
                var bytes = await File.ReadAllBytesAsync(partition);
                bytes[bytes.Length / 2] ^= 0xFF;
                await File.WriteAllBytesAsync(partition, bytes);
                break;
            case "missing":
                File.Delete(partition);
                break;
            case "version":
                writer = new DatasetWriter(dir.Path, data.District, data.Catalog, "9.9.9");
                break;
            case "replications":
                scenario = scenario with { Spec = scenario.Spec with { Replications = 4 } };
                break;
        }

        Assert.Empty(await writer.ResumeAsync([(scenario, data.Layouts[0])]));
    }

    [Fact]
    public async Task Summary_PastTheExactLimit_StreamsWithExactMeanAndEstimatedQuantiles()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        var n = MetricSummaryBuilder.ExactLimit + 2_000;
        var (scenario, results) = Long(data, n);

        var rows = await data.OpenWriter(dir.Path).WriteScenarioAsync(scenario, data.Layouts[0], results);

        var values = results.Select(r => r.Metrics[1]).ToArray();
        var exact = MetricSummary.Compute(values);
        var streamed = rows[1].Summary;
        Assert.Equal(n, streamed.N);
        Assert.Equal(exact.Mean, streamed.Mean, 12);
        Assert.Equal(exact.Sd, streamed.Sd, 12);
        // sin of an equidistributed angle: P² within 0.01 of the exact quantiles at n = 12,000
        Assert.Equal(exact.Q025, streamed.Q025, 0.01);
        Assert.Equal(exact.Q50, streamed.Q50, 0.01);
        Assert.Equal(exact.Q975, streamed.Q975, 0.01);
        Assert.NotEqual(exact.Q50, streamed.Q50); // estimated, not recomputed from kept values
    }
}
