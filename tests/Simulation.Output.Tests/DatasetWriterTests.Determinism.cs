namespace Simulation.Output.Tests;

/// <summary>Equal inputs give byte-identical files.</summary>
public sealed partial class DatasetWriterTests
{
    [Fact]
    public async Task CompleteAsync_SameInputsTwice_FilesAreByteIdentical()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();

        await new TinyDataset().WriteAsync(first.Path);
        await new TinyDataset().WriteAsync(second.Path);

        AssertSameFiles(first.Path, second.Path);
    }

    [Fact]
    public async Task CompleteAsync_ScenariosWrittenInReverseOrder_FilesAreByteIdentical()
    {
        using var forward = new TempDirectory();
        using var reverse = new TempDirectory();
        var data = new TinyDataset();
        await data.WriteAsync(forward.Path);

        var reversed = data.OpenWriter(reverse.Path);
        for (var s = data.Scenarios.Count - 1; s >= 0; s--)
            await reversed.WriteScenarioAsync(data.Scenarios[s], data.Layouts[s], data.Results[s]);
        await reversed.CompleteAsync([.. data.Scenarios.Reverse()], data.Manifest(TinyDataset.CreatedAt));

        AssertSameFiles(forward.Path, reverse.Path);
    }

    [Fact]
    public async Task WriteScenarioAsync_ScenariosWrittenConcurrently_FilesAreByteIdentical()
    {
        using var sequential = new TempDirectory();
        using var concurrent = new TempDirectory();
        var data = new TinyDataset();
        await data.WriteAsync(sequential.Path);

        var many = data.OpenWriter(concurrent.Path);
        await Task.WhenAll(Enumerable.Range(0, data.Scenarios.Count).Select(s =>
            Task.Run(() => many.WriteScenarioAsync(data.Scenarios[s], data.Layouts[s], data.Results[s]))));
        await many.CompleteAsync(data.Scenarios, data.Manifest(TinyDataset.CreatedAt));

        AssertSameFiles(sequential.Path, concurrent.Path);
    }

    private static void AssertSameFiles(string expectedDirectory, string actualDirectory)
    {
        var expected = Snapshot(expectedDirectory);
        var actual = Snapshot(actualDirectory);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (path, bytes) in expected)
            Assert.True(bytes.AsSpan().SequenceEqual(actual[path]), $"{path} differs");
    }
}
