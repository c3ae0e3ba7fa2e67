namespace Simulation.Output.Tests;

/// <summary>Every file appears whole or not at all; failures leave earlier files as they were.</summary>
public sealed partial class DatasetWriterTests
{
    [Fact]
    public async Task CompleteAsync_Success_LeavesNoTemporaryFiles()
    {
        using var dir = new TempDirectory();
        await new TinyDataset().WriteAsync(dir.Path);

        Assert.Empty(TemporaryFiles(dir.Path));
    }

    [Fact]
    public async Task WriteScenarioAsync_BeforeComplete_PartitionsAreReadableAndThereIsNoManifest()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        var writer = data.OpenWriter(dir.Path);

        await writer.WriteScenarioAsync(data.Scenarios[0], data.Layouts[0], data.Results[0]);

        // what a crash before CompleteAsync leaves: the finished scenario, readable, and no mark of completion
        Assert.False(File.Exists(dir["manifest.json"]));
        var count = DuckDb.Query($"SELECT count(*) AS n FROM {DuckDb.ReadParquet(dir.Path, "schools/*/*.parquet")}")[0]["n"];
        Assert.Equal(9L, Convert.ToInt64(count));
    }

    [Fact]
    public async Task WriteScenarioAsync_CancelledToken_WritesNothing()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        var writer = data.OpenWriter(dir.Path);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            writer.WriteScenarioAsync(data.Scenarios[0], data.Layouts[0], data.Results[0], new CancellationToken(true)));

        Assert.Empty(Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task WriteScenarioAsync_CancelledRewrite_LeavesThePreviousPartitionIntact()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        var writer = data.OpenWriter(dir.Path);
        await writer.WriteScenarioAsync(data.Scenarios[0], data.Layouts[0], data.Results[0]);
        var before = Snapshot(dir.Path);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            writer.WriteScenarioAsync(data.Scenarios[0], data.Layouts[1], data.Results[1], new CancellationToken(true)));

        Assert.Equal(before, Snapshot(dir.Path));
    }

    [Fact]
    public async Task WriteScenarioAsync_DirectoryWhereThePartitionGoes_FailsAndKeepsOtherFiles()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        var writer = data.OpenWriter(dir.Path);
        await writer.WriteScenarioAsync(data.Scenarios[0], data.Layouts[0], data.Results[0]);
        Directory.CreateDirectory(dir["schools/scenario=s001/part-0.parquet"]);
        var before = Snapshot(dir.Path);

        await Assert.ThrowsAnyAsync<IOException>(() =>
            writer.WriteScenarioAsync(data.Scenarios[1], data.Layouts[1], data.Results[1]));

        Assert.Empty(TemporaryFiles(dir.Path));
        Assert.True(Directory.Exists(dir["schools/scenario=s001/part-0.parquet"]));
        var after = Snapshot(dir.Path);
        foreach (var (path, bytes) in before) Assert.Equal(bytes, after[path]);
        // a failed scenario is not part of the dataset
        await Assert.ThrowsAsync<ArgumentException>(() =>
            writer.CompleteAsync(data.Scenarios, data.Manifest(DateTimeOffset.UnixEpoch)));
    }

    [Fact]
    public async Task CompleteAsync_DirectoryWhereSummaryGoes_FailsWithoutManifest()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        var writer = data.OpenWriter(dir.Path);
        await data.WriteScenariosAsync(writer);
        Directory.CreateDirectory(dir["summary.parquet"]);
        var partitions = Snapshot(dir.Path);

        await Assert.ThrowsAnyAsync<IOException>(() =>
            writer.CompleteAsync(data.Scenarios, data.Manifest(DateTimeOffset.UnixEpoch)));

        Assert.False(File.Exists(dir["manifest.json"]));
        Assert.Empty(TemporaryFiles(dir.Path));
        var after = Snapshot(dir.Path);
        foreach (var (path, bytes) in partitions) Assert.Equal(bytes, after[path]);
    }

    [Fact]
    public async Task Constructor_FolderWithManifest_DeletesTheStaleManifest()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        await data.WriteAsync(dir.Path);

        _ = data.OpenWriter(dir.Path);

        Assert.False(File.Exists(dir["manifest.json"]));
        Assert.True(File.Exists(dir["summary.parquet"]));
    }

    private static IEnumerable<string> TemporaryFiles(string directory) =>
        Directory.EnumerateFileSystemEntries(directory, "*.tmp-*", SearchOption.AllDirectories);

    private static Dictionary<string, byte[]> Snapshot(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f), File.ReadAllBytes);
}
