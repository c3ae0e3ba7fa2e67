using System.Text.Json;
using System.Text.RegularExpressions;

namespace Simulation.Cli.Tests;

/// <summary>One small Dallas 50/50 run with <c>--report --suppress-below 10</c>, shared by the report tests.</summary>
public sealed class SuppressedReportRun : IAsyncLifetime
{
    public const int Threshold = 10;

    public string Folder { get; } = CliRunner.TempFolder();
    public (int Exit, string Out, string Err) Result { get; private set; }

    public async Task InitializeAsync() =>
        Result = await CliRunner.Run("run", CliRunner.Scenario("dallas-5050.yaml"), "--replications", "5", "--out", Folder,
            "--no-grains", "--quiet", "--report", "--suppress-below", Threshold.ToString());

    public Task DisposeAsync()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class ReportCommandTests(SuppressedReportRun run) : IClassFixture<SuppressedReportRun>
{
    [Fact]
    public void RunWithReport_WritesReportNextToTheDatasetWithEveryZoneOnTheMap()
    {
        Assert.True(run.Result.Exit == 0, run.Result.Err);
        var html = File.ReadAllText(Path.Combine(run.Folder, "report.html"));
        var map = Regex.Match(html, "<svg id=\"map-0\".*?</svg>", RegexOptions.Singleline).Value;
        // Dallas ISD: 135 elementary zones, outlined once and filled in the scenario's map
        Assert.Equal(135, Regex.Matches(html, "<path id=\"zone-").Count);
        Assert.Equal(135, Regex.Matches(map, "<use href=\"#zone-").Count);
        Assert.Contains("id=\"targets-0\"", html);
        Assert.Contains("id=\"suppression-notice\"", html);
        Assert.Empty(Directory.GetFiles(run.Folder, "*.tmp-*", SearchOption.AllDirectories));
    }

    [Fact]
    public void RunWithSuppression_NoPublishedCountIsUnderTheThresholdAndTheManifestSaysSo()
    {
        Assert.True(run.Result.Exit == 0, run.Result.Err);
        var rows = DuckDb.Query($"""
            SELECT count(*) FILTER (WHERE enrolled_ed < {SuppressedReportRun.Threshold} OR enrolled_not_ed < {SuppressedReportRun.Threshold}) AS small,
                   count(*) FILTER (WHERE suppressed_ed AND (enrolled_ed IS NOT NULL OR share_ed IS NOT NULL)) AS leaked_ed,
                   count(*) FILTER (WHERE suppressed_not_ed AND (enrolled_not_ed IS NOT NULL OR share_not_ed IS NOT NULL)) AS leaked_not_ed,
                   count(*) FILTER (WHERE suppressed_ed) AS suppressed
            FROM {DuckDb.Table(run.Folder, "schools")}
            """);
        Assert.Equal(0L, Convert.ToInt64(rows[0]["small"]));
        Assert.Equal(0L, Convert.ToInt64(rows[0]["leaked_ed"]));
        Assert.Equal(0L, Convert.ToInt64(rows[0]["leaked_not_ed"]));
        Assert.True(Convert.ToInt64(rows[0]["suppressed"]) > 0, "Dallas has campuses with fewer than 10 not-ED students; some cells must be hidden");
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.Folder, "manifest.json")));
        Assert.Equal(SuppressedReportRun.Threshold, manifest.RootElement.GetProperty("suppress_below").GetInt32());
    }

    [Fact]
    public async Task Report_OnTheDataset_WritesTheSameBytesAsRunWithReport()
    {
        Assert.True(run.Result.Exit == 0, run.Result.Err);
        var other = Path.Combine(run.Folder, "again.html");

        var result = await CliRunner.Run("report", run.Folder, "--out", other);

        Assert.True(result.Exit == 0, result.Err);
        Assert.Equal(File.ReadAllBytes(Path.Combine(run.Folder, "report.html")), File.ReadAllBytes(other));
    }

    [Fact]
    public async Task Report_FolderWithoutManifest_ExitsTwoAndWritesNothing()
    {
        var folder = CliRunner.TempFolder();
        Directory.CreateDirectory(folder);
        try
        {
            var result = await CliRunner.Run("report", folder);

            Assert.Equal(2, result.Exit);
            Assert.Contains("manifest.json", result.Err);
            Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Run_SuppressBelowZero_ExitsTwo()
    {
        var folder = CliRunner.TempFolder();
        var result = await CliRunner.Run("run", CliRunner.Scenario("dallas-5050.yaml"), "--out", folder, "--suppress-below", "0");

        Assert.Equal(2, result.Exit);
        Assert.Contains("--suppress-below", result.Err);
        Assert.False(Directory.Exists(folder));
    }
}
