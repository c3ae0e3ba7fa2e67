using System.Security.Cryptography;

namespace Simulation.Output.Files;

/// <summary>The size and SHA-256 of a file as written.</summary>
internal readonly record struct FileDigest(long Bytes, string Sha256);

/// <summary>
/// Writes a file so that readers see either the old file or the complete new one, never a partial file.
/// </summary>
/// <remarks>
/// <para>The content goes to <c>.&lt;name&gt;.tmp-&lt;random&gt;</c> in the destination folder (so the final rename
/// stays on one file system), is flushed to disk, hashed, and then renamed over the destination. On any failure,
/// cancellation included, the temporary file is deleted and the destination is left as it was.</para>
/// <para>The leading dot hides the temporary file from dataset readers that list a folder while a run is still
/// writing it: pyarrow, Spark and Hive skip names starting with '.' or '_'; DuckDB globs on <c>*.parquet</c>.</para>
/// </remarks>
internal static class AtomicFile
{
    public static async Task<FileDigest> WriteAsync(
        string path, Func<Stream, CancellationToken, Task> write, CancellationToken ct)
    {
        await using var pending = PendingFile.Create(path);
        await write(pending.Stream, ct);
        return await pending.CommitAsync(ct);
    }

    /// <summary>The SHA-256 of an existing file, lower-case hex.</summary>
    public static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16,
            FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }
}

/// <summary>
/// A file being written in several steps (for example a Parquet file one row group at a time) that appears at its
/// destination only when <see cref="CommitAsync"/> succeeds; disposing it uncommitted deletes what was written.
/// Same temporary-file scheme as <see cref="AtomicFile"/>. Not thread-safe.
/// </summary>
internal sealed class PendingFile : IAsyncDisposable
{
    private readonly string _path;
    private readonly string _temp;
    private readonly FileStream _stream;
    private bool _committed;

    private PendingFile(string path, string temp, FileStream stream)
    {
        _path = path;
        _temp = temp;
        _stream = stream;
    }

    /// <summary>The temporary file's stream; write the content here.</summary>
    public Stream Stream => _stream;

    public static PendingFile Create(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory,
            "." + Path.GetFileName(path) + ".tmp-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.Asynchronous);
        return new PendingFile(path, temp, stream);
    }

    /// <summary>Flushes the content to disk, hashes it and renames it over the destination.</summary>
    public async Task<FileDigest> CommitAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        await _stream.FlushAsync(ct);
        _stream.Flush(flushToDisk: true);
        _stream.Position = 0;
        var hash = await SHA256.HashDataAsync(_stream, ct);
        var digest = new FileDigest(_stream.Length, Convert.ToHexStringLower(hash));
        await _stream.DisposeAsync();
        ct.ThrowIfCancellationRequested();
        File.Move(_temp, _path, overwrite: true);
        _committed = true;
        return digest;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        if (!_committed) File.Delete(_temp);
    }
}
