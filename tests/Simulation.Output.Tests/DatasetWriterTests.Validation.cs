using Simulation.Core.Replications;

namespace Simulation.Output.Tests;

/// <summary>Inputs that cannot make a consistent dataset are rejected before anything is written.</summary>
public sealed partial class DatasetWriterTests
{
    [Fact]
    public async Task WriteScenarioAsync_ResultsOutOfOrder_Throws()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        var writer = data.OpenWriter(dir.Path);
        var results = data.Results[0];

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            writer.WriteScenarioAsync(data.Scenarios[0], data.Layouts[0], [results[0], results[2], results[1]]));

        Assert.Contains("sorted", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task WriteScenarioAsync_RepeatedReplication_Throws()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        var writer = data.OpenWriter(dir.Path);
        var results = data.Results[0];

        await Assert.ThrowsAsync<ArgumentException>(() =>
            writer.WriteScenarioAsync(data.Scenarios[0], data.Layouts[0], [results[0], results[0], results[1]]));
    }

    [Fact]
    public async Task WriteScenarioAsync_FewerResultsThanTheSpecsReplications_Throws()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        var writer = data.OpenWriter(dir.Path);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            writer.WriteScenarioAsync(data.Scenarios[0], data.Layouts[0], [.. data.Results[0].Take(2)]));
    }

    [Fact]
    public async Task WriteScenarioAsync_MetricsOfAnotherCatalog_Throws()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        var writer = data.OpenWriter(dir.Path);
        var r = data.Results[0];
        ReplicationResult Short(ReplicationResult x) => new(x.Replication, x.Enrollment, x.Applicants, x.Waitlisted, x.Metrics[..^1]);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            writer.WriteScenarioAsync(data.Scenarios[0], data.Layouts[0], [Short(r[0]), Short(r[1]), Short(r[2])]));
    }

    [Fact]
    public async Task WriteScenarioAsync_LayoutOfAnotherDistrict_Throws()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        var writer = data.OpenWriter(dir.Path);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            writer.WriteScenarioAsync(data.Scenarios[0], data.Layouts[0] with { Seats = [80, 80] }, data.Results[0]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")] // would climb out of the table folder
    [InlineData(".hidden")] // hidden folders are skipped by some readers
    [InlineData("a/b")] // a path separator makes a nested partition
    [InlineData("a=b")] // '=' confuses Hive partition parsing
    [InlineData("é")] // non-ASCII names differ between file systems
    public async Task WriteScenarioAsync_IdUnfitForAPartitionFolder_Throws(string id)
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        var writer = data.OpenWriter(dir.Path);

        await Assert.ThrowsAsync<ArgumentException>(() =>
            writer.WriteScenarioAsync(data.Scenarios[0] with { ScenarioId = id }, data.Layouts[0], data.Results[0]));
    }

    [Fact]
    public async Task CompleteAsync_ListedScenarioNotWritten_Throws()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        var writer = data.OpenWriter(dir.Path);
        await writer.WriteScenarioAsync(data.Scenarios[0], data.Layouts[0], data.Results[0]);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            writer.CompleteAsync(data.Scenarios, data.Manifest(DateTimeOffset.UnixEpoch)));

        Assert.Contains("s001", error.Message);
        Assert.False(File.Exists(dir["manifest.json"]));
    }

    [Fact]
    public async Task CompleteAsync_WrittenScenarioNotListed_Throws()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        var writer = data.OpenWriter(dir.Path);
        await data.WriteScenariosAsync(writer);

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            writer.CompleteAsync([data.Scenarios[0]], data.Manifest(DateTimeOffset.UnixEpoch)));

        Assert.Contains("s001", error.Message);
    }

    [Fact]
    public void Constructor_CatalogOfOtherGroups_Throws()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();

        Assert.Throws<ArgumentException>(() => new DatasetWriter(dir.Path, data.District, new MetricCatalog(["ed"])));
    }
}
