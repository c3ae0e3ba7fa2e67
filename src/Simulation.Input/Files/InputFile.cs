using System.Security.Cryptography;

namespace Simulation.Input.Files;

/// <summary>An input file as read for a run: its path, size and SHA-256, for the run manifest.</summary>
/// <param name="Path">The path as the loader opened it (relative paths stay relative).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the bytes that were parsed.</param>
public sealed record InputFile(string Path, long Bytes, string Sha256)
{
    /// <summary>Reads a whole file once, so that the hash describes exactly the bytes parsed.</summary>
    /// <exception cref="InputException">The file does not exist or cannot be read.</exception>
    public static (InputFile File, byte[] Content) Read(string path)
    {
        byte[] content;
        try
        {
            content = System.IO.File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException(path, null, null, "file not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, null, null, "cannot read the file: " + e.Message, e);
        }
        return (new InputFile(path, content.LongLength, Convert.ToHexStringLower(SHA256.HashData(content))), content);
    }
}
