using System.Globalization;
using System.Text.RegularExpressions;
using Parquet.Serialization;
using Simulation.Report.Html;

namespace Simulation.Report.Tests;

public sealed class TinySweepReport : IAsyncLifetime
{
    public TinyReportDataset Data { get; private set; } = null!;
    public string Html { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Data = await TinyReportDataset.CreateAsync();
        Html = await ReportWriter.RenderAsync(Data.Folder, Data.Map());
    }

    public Task DisposeAsync()
    {
        Data.Dispose();
        return Task.CompletedTask;
    }
}

public sealed partial class ReportPageTests(TinySweepReport report) : IClassFixture<TinySweepReport>
{
    [Theory]
    // one map, target chart and summary per scenario, shown by the switcher
    [InlineData("map-0")] [InlineData("map-2")] [InlineData("targets-1")] [InlineData("summary-2")] [InlineData("scenario-switcher")]
    // every scenario in one distribution chart and one comparison table
    [InlineData("dist-dissimilarity")] [InlineData("dist-admission_rate_ed")] [InlineData("summary-compare")]
    // the swept pool share is numeric, so response curves are drawn
    [InlineData("sweep-campus_sets_fifty_fifty_pools_ed_share-dissimilarity")]
    // no verdict table in the folder: the slot says so
    [InlineData("verdict-absent")]
    public void Render_TinySweep_HasThePart(string id) => Assert.Contains($"id=\"{id}\"", report.Html);

    [Fact]
    public void Render_Header_NamesTheDatasetFolderButNotWhereItLives()
    {
        var folder = report.Data.Folder.TrimEnd(Path.DirectorySeparatorChar);
        Assert.Contains($"dataset <code>{Path.GetFileName(folder)}</code>", report.Html);
        Assert.DoesNotContain(folder, report.Html);
    }

    [Fact]
    public void Render_IsSelfContained_NothingIsFetched()
    {
        Assert.DoesNotMatch("(src|href)\\s*=\\s*\"(https?:)?//", report.Html);
        Assert.DoesNotContain("<link", report.Html);
        Assert.DoesNotContain("<img", report.Html);
        Assert.DoesNotMatch("<script[^>]+src", report.Html);
    }

    [Fact]
    public void Render_MapOfFirstScenario_ShowsEachSchoolsMeanEdShareAndColoursItAgainstTheDistrictShare()
    {
        var map = Regex.Match(report.Html, "<svg id=\"map-0\".*?</svg>", RegexOptions.Singleline).Value;
        var district = report.Data.District;
        // district ed share: 72 of 160 students (30 + 28 + 8 + 6 ed in TinyDistricts' cohorts)
        const double districtShare = 72.0 / 160;
        for (var school = 0; school < district.SchoolCount; school++)
        {
            var info = district.Schools[school];
            var circle = Regex.Match(map, $"<circle class=\"[^\"]*\" cx=\"[^\"]*\" cy=\"[^\"]*\" r=\"[^\"]*\" fill=\"(#[0-9a-f]{{6}})\"><title>{Regex.Escape(info.Name)} \\({info.Id}\\): ed share ([0-9.]+)%");
            Assert.True(circle.Success, $"no circle for {info.Name}");
            var mean = report.Data.MeanEdShare(0, school);
            Assert.Equal(Math.Round(100 * mean, 1), double.Parse(circle.Groups[2].Value, CultureInfo.InvariantCulture), 3);
            var colour = Convert.FromHexString(circle.Groups[1].Value[1..]);
            // blue dominates below the district share, red above
            if (mean < districtShare - 0.02) Assert.True(colour[2] > colour[0], $"{info.Name}: {circle.Groups[1].Value} should be blue");
            if (mean > districtShare + 0.02) Assert.True(colour[0] > colour[2], $"{info.Name}: {circle.Groups[1].Value} should be red");
        }
        Assert.Contains($"district {Svg.P(districtShare)}", report.Html);
    }

    [Fact]
    public void Render_Sweep_DrawsOnePointPerScenarioOnEachCurve()
    {
        var chart = Regex.Match(report.Html, "<svg id=\"sweep-campus_sets_fifty_fifty_pools_ed_share-dissimilarity\".*?</svg>", RegexOptions.Singleline).Value;

        Assert.Equal(TinyReportDataset.Shares.Length, Regex.Matches(chart, "<circle").Count);
    }

    [Fact]
    public void Render_Targets_ListsCedarWithItsPoolTargetInEveryScenario()
    {
        for (var s = 0; s < TinyReportDataset.Shares.Length; s++)
        {
            var table = Regex.Match(report.Html, $"<table class=\"data\" id=\"targets-table-{s}\">.*?</table>", RegexOptions.Singleline).Value;
            Assert.Contains("Cedar Montessori", table);
            Assert.Contains(Svg.P(TinyReportDataset.Shares[s]), table);
            Assert.DoesNotContain("Alder", table);
        }
    }

    [Fact]
    public async Task Render_VerdictTableInTheFolder_IsShownWithPassAndFail()
    {
        using var data = await TinyReportDataset.CreateAsync();
        await ParquetSerializer.SerializeAsync(
            [new VerdictRow { Rule = "dissimilarity does not rise", Pass = true, Probability = 0.97 },
             new VerdictRow { Rule = "ed share within 15 pt", Pass = false, Probability = 0.41 }],
            Path.Combine(data.Folder, "verdict.parquet"));

        var html = await ReportWriter.RenderAsync(data.Folder, data.Map());

        Assert.DoesNotContain("id=\"verdict-absent\"", html);
        var table = Regex.Match(html, "<table class=\"data verdict\" id=\"verdict-verdict\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Contains("<td>dissimilarity does not rise</td><td class=\"pass\">yes</td><td>0.97</td>", table);
        Assert.Contains("<td>ed share within 15 pt</td><td class=\"fail\">no</td><td>0.41</td>", table);
    }

    [Fact]
    public async Task Render_SuppressedDataset_HatchesSchoolsWithHiddenCellsAndShowsNoShareForThem()
    {
        // Cedar (20 + 20 seats) holds few not_ed students in most replications: under 25 they are hidden.
        using var data = await TinyReportDataset.CreateAsync(suppressBelow: 25);

        var html = await ReportWriter.RenderAsync(data.Folder, data.Map());

        Assert.Contains("id=\"suppression-notice\"", html);
        var map = Regex.Match(html, "<svg id=\"map-0\".*?</svg>", RegexOptions.Singleline).Value;
        Assert.Matches("fill=\"url\\(#hatch\\)\"><title>Cedar Montessori \\(201\\): suppressed</title>", map);
        var table = Regex.Match(html, "<table class=\"data\" id=\"targets-table-0\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Contains("<td>suppressed</td><td>—</td><td>—</td>", table);
    }

    [Fact]
    public async Task Render_NoMap_SaysSoInsteadOfDrawing()
    {
        var html = await ReportWriter.RenderAsync(report.Data.Folder, map: null);

        Assert.Contains("id=\"map-missing\"", html);
        Assert.DoesNotContain("id=\"map-0\"", html);
    }

    [Fact]
    public async Task Render_FolderWithoutManifest_Throws()
    {
        var folder = Directory.CreateTempSubdirectory("schoolsim-report-empty-").FullName;
        try
        {
            var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReportWriter.RenderAsync(folder, null));
            Assert.Contains("manifest.json", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task FindDistrictFolder_RelativePathInManifest_IsResolvedFromTheDatasetsParents()
    {
        var root = Directory.CreateTempSubdirectory("schoolsim-report-find-").FullName;
        try
        {
            var district = Directory.CreateDirectory(Path.Combine(root, "districts", "tiny")).FullName;
            await File.WriteAllTextAsync(Path.Combine(district, "district.yaml"), "id: tiny\n");
            var dataset = Directory.CreateDirectory(Path.Combine(root, "out", "run1")).FullName;
            await File.WriteAllTextAsync(Path.Combine(dataset, "manifest.json"),
                """{"district":{"id":"tiny","name":"Tiny","inputs":[{"path":"districts/tiny/district.yaml","sha256":"x"}]}}""");

            Assert.Equal(district, await ReportWriter.FindDistrictFolderAsync(dataset));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task ChangedDistrictInputs_FileEditedSinceTheRun_IsNamed()
    {
        var root = Directory.CreateTempSubdirectory("schoolsim-report-hash-").FullName;
        try
        {
            var district = Directory.CreateDirectory(Path.Combine(root, "district")).FullName;
            await File.WriteAllTextAsync(Path.Combine(district, "district.yaml"), "id: tiny\n");
            await File.WriteAllTextAsync(Path.Combine(district, "zones.geojson"), "{}");
            // SHA-256 of "id: tiny\n" is recorded correctly; the zones file's recorded hash is of other content.
            var yamlHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("id: tiny\n"u8));
            var dataset = Directory.CreateDirectory(Path.Combine(root, "out")).FullName;
            await File.WriteAllTextAsync(Path.Combine(dataset, "manifest.json"),
                $$$"""{"district":{"inputs":[{"path":"d/district.yaml","sha256":"{{{yamlHash}}}"},{"path":"d/zones.geojson","sha256":"00"},{"path":"d/gone.csv","sha256":"00"}]}}""");

            Assert.Equal(["zones.geojson", "gone.csv"], await ReportWriter.ChangedDistrictInputsAsync(dataset, district));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    public sealed class VerdictRow
    {
        public string Rule { get; set; } = "";
        public bool Pass { get; set; }
        public double Probability { get; set; }
    }
}
