using System.Security.Cryptography;
using Simulation.Output.Files;

namespace Simulation.Output.Tests;

public sealed class AtomicFileTests
{
    [Fact]
    public async Task WriteAsync_WhileWriting_ContentGoesToAHiddenTemporaryFileBesideTheDestination()
    {
        using var dir = new TempDirectory();
        string[] during = [];

        await AtomicFile.WriteAsync(dir["a.parquet"], (stream, ct) =>
        {
            during = [.. Directory.EnumerateFiles(dir.Path).Select(Path.GetFileName)!];
            return stream.WriteAsync("abc"u8.ToArray(), ct).AsTask();
        }, CancellationToken.None);

        Assert.Matches(@"^\.a\.parquet\.tmp-[0-9a-f]+$", Assert.Single(during));
        Assert.Equal(["a.parquet"], Directory.EnumerateFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task WriteAsync_Success_ReturnsSizeAndSha256OfTheContent()
    {
        using var dir = new TempDirectory();

        var digest = await AtomicFile.WriteAsync(dir["a.bin"],
            (stream, ct) => stream.WriteAsync("hello"u8.ToArray(), ct).AsTask(), CancellationToken.None);

        Assert.Equal(5, digest.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("hello"u8)), digest.Sha256);
        Assert.Equal("hello"u8.ToArray(), await File.ReadAllBytesAsync(dir["a.bin"]));
    }

    [Fact]
    public async Task WriteAsync_WriterFailsHalfway_KeepsThePreviousFileAndLeavesNoTemporary()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir["a.bin"], "old");

        await Assert.ThrowsAsync<InvalidDataException>(() => AtomicFile.WriteAsync(dir["a.bin"], async (stream, ct) =>
        {
            await stream.WriteAsync("new and partial"u8.ToArray(), ct);
            throw new InvalidDataException("halfway");
        }, CancellationToken.None));

        Assert.Equal("old", await File.ReadAllTextAsync(dir["a.bin"]));
        Assert.Equal(["a.bin"], Directory.EnumerateFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task WriteAsync_CancelledAfterTheContentIsWritten_DoesNotReplaceTheDestination()
    {
        using var dir = new TempDirectory();
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AtomicFile.WriteAsync(dir["a.bin"], async (stream, ct) =>
        {
            await stream.WriteAsync("complete"u8.ToArray(), ct);
            await cts.CancelAsync();
        }, cts.Token));

        Assert.Empty(Directory.EnumerateFiles(dir.Path));
    }
}
