using System.Text.RegularExpressions;

namespace Simulation.Report.Tests;

/// <summary>Opens reports in headless Chromium: they must render without console or script errors, with the map and
/// charts in the DOM after the page's script ran.</summary>
public sealed class BrowserTests(TinySweepReport report) : IClassFixture<TinySweepReport>
{
    [Fact]
    public async Task Report_InHeadlessChromium_RendersWithoutErrorsWithMapAndCharts()
    {
        var file = Path.Combine(report.Data.Folder, ReportWriter.DefaultFileName);
        await ReportWriter.WriteAsync(report.Data.Folder, report.Data.Map(), file);

        var page = await HeadlessChromium.LoadAsync(file);

        Assert.True(page.ConsoleLines.Count == 0, string.Join('\n', page.ConsoleLines));
        Assert.Contains("data-ready=\"1\"", page.Dom);
        Assert.Matches("<div id=\"js-errors\" role=\"alert\"></div>", page.Dom);
        foreach (var id in new[] { "map-0", "dist-dissimilarity", "sweep-campus_sets_fifty_fifty_pools_ed_share-dissimilarity", "targets-0", "summary-0", "summary-compare", "verdict" })
            Assert.Contains($"id=\"{id}\"", page.Dom);
        // the map holds both zones and all three schools
        var map = Regex.Match(page.Dom, "<svg id=\"map-0\".*?</svg>", RegexOptions.Singleline).Value;
        Assert.Equal(2, Regex.Matches(map, "<use href=\"#zone-").Count);
        Assert.Equal(3, Regex.Matches(map, "<circle ").Count);
        // the switcher's script ran: only the first scenario's blocks are visible
        Assert.Matches("data-scenario=\"1\"[^>]*hidden", page.Dom);
        Assert.DoesNotMatch("data-scenario=\"0\"[^>]*hidden", page.Dom);
    }

    [Fact]
    public async Task Harness_PageWithAScriptError_IsCaught()
    {
        // Control: the same checks must fail on a broken page, or the test above proves nothing.
        var file = Path.Combine(report.Data.Folder, "broken.html");
        await File.WriteAllTextAsync(file, "<!DOCTYPE html><html><body><div id=\"js-errors\"></div><script>undefinedFunction();</script></body></html>");

        var page = await HeadlessChromium.LoadAsync(file);

        Assert.Contains(page.ConsoleLines, l => l.Contains("undefinedFunction", StringComparison.Ordinal));
        Assert.DoesNotContain("data-ready=\"1\"", page.Dom);
    }
}
