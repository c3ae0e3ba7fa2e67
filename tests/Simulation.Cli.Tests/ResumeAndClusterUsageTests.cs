using System.Security.Cryptography;

namespace Simulation.Cli.Tests;

public class ResumeAndClusterUsageTests
{
    /// <summary>SHA-256 of every Parquet file and checkpoint, by relative path.</summary>
    private static SortedDictionary<string, string> Fingerprint(string folder) => new(
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".parquet", StringComparison.Ordinal) || f.Contains("_checkpoint", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(folder, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))),
        StringComparer.Ordinal);

    [Fact]
    public async Task Run_ResumeAfterAnInterruptedSweep_RunsOnlyUnfinishedScenariosAndEndsByteIdentical()
    {
        var whole = CliRunner.TempFolder();
        var interrupted = CliRunner.TempFolder();
        try
        {
            string[] run = ["run", CliRunner.Scenario("dallas-sweep-example.yaml"), "--replications", "3", "--quiet"];
            var (exit, _, err) = await CliRunner.Run([.. run, "--out", whole]);
            Assert.True(exit == 0, err);
            (exit, _, err) = await CliRunner.Run([.. run, "--out", interrupted]);
            Assert.True(exit == 0, err);

            // What a crash leaves: no manifest nor final tables; two scenarios never finished (no checkpoint, no
            // partitions); a third's partition damaged after its checkpoint.
            foreach (var f in new[] { "manifest.json", "scenarios.parquet", "summary.parquet" }) File.Delete(Path.Combine(interrupted, f));
            var checkpoints = Directory.GetFiles(Path.Combine(interrupted, "_checkpoint")).Order(StringComparer.Ordinal).ToArray();
            foreach (var checkpoint in checkpoints.Take(2))
            {
                var id = Path.GetFileNameWithoutExtension(checkpoint);
                File.Delete(checkpoint);
                Directory.Delete(Path.Combine(interrupted, "replications", "scenario=" + id), true);
                Directory.Delete(Path.Combine(interrupted, "schools", "scenario=" + id), true);
            }
            var damaged = Path.Combine(interrupted, "schools", "scenario=" + Path.GetFileNameWithoutExtension(checkpoints[2]), "part-0.parquet");
            File.WriteAllBytes(damaged, [.. File.ReadAllBytes(damaged).Take(100)]);

            (exit, _, err) = await CliRunner.Run([.. run.Where(a => a != "--quiet"), "--out", interrupted, "--resume"]);

            Assert.True(exit == 0, err);
            Assert.Contains("resuming: 6 scenario(s) already complete, 3 to run", err);
            Assert.True(File.Exists(Path.Combine(interrupted, "manifest.json")));
            Assert.Equal(Fingerprint(whole), Fingerprint(interrupted));
        }
        finally
        {
            foreach (var f in new[] { whole, interrupted })
                if (Directory.Exists(f)) Directory.Delete(f, true);
        }
    }

    [Theory]
    [InlineData("redis://:s3cret-pw@127.0.0.1", "needs a port")]      // no port
    [InlineData("http://:s3cret-pw@127.0.0.1:6379", "expected redis://")] // wrong scheme
    [InlineData("redis://:s3cret-pw@127.0.0.1:6379/x", "database")]   // database not a number
    public async Task Run_BadClusterAddress_ExitsTwoWithoutEchoingThePassword(string address, string message)
    {
        var (exit, stdout, err) = await CliRunner.Run("run", CliRunner.Scenario("dallas-5050.yaml"), "--cluster", address, "--out", CliRunner.TempFolder());

        Assert.Equal(2, exit);
        Assert.Contains(message, err);
        Assert.DoesNotContain("s3cret-pw", err + stdout);
    }

    [Fact]
    public async Task Silo_WithoutCluster_ExitsTwoWithUsage()
    {
        var (exit, _, err) = await CliRunner.Run("silo");

        Assert.Equal(2, exit);
        Assert.Contains("--cluster redis://HOST:PORT", err);
    }
}
