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
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory,
            "." + Path.GetFileName(path) + ".tmp-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        try
        {
            FileDigest digest;
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16,
                FileOptions.Asynchronous);
            await using (stream)
            {
                await write(stream, ct);
                await stream.FlushAsync(ct);
                stream.Flush(flushToDisk: true);
                stream.Position = 0;
                var hash = await SHA256.HashDataAsync(stream, ct);
                digest = new FileDigest(stream.Length, Convert.ToHexStringLower(hash));
            }
            ct.ThrowIfCancellationRequested();
            File.Move(temp, path, overwrite: true);
            return digest;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>The SHA-256 of an existing file, lower-case hex.</summary>
    public static async Task<string> Sha256Async(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16,
            FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }
}
