using Simulation.Core.Scenarios;
using Simulation.Input.Scenarios;

namespace Simulation.Input.Tests.Scenarios;

/// <summary>Scenario YAML → <see cref="ScenarioSpec"/>s: values, defaults, sweeps and error locations.</summary>
public sealed partial class ScenarioFileTests
{
    /// <summary>A complete scenario for <see cref="TinyDistrictFolder"/>; line numbers below are referenced by tests.</summary>
    private const string Complete = """
        name: tiny-5050
        description: "a test"
        district: districts/tiny
        grades: [K]
        seed: 42
        replications: 10
        output: out/tiny
        home_area:
          cutoff: 0.35
        choice:
          list_length: 2
          tie_breaking: single
          apply:
            ed: 0.10
            not_ed: 0.20
          utility:
            ed: {distance_per_km: -0.35, rating: 0.35}
            not_ed: {distance_per_km: -0.25, rating: 0.60}
        campuses:
          fifty_fifty:
            schools: ["3"]
            pools:
              ed:     {share: 0.5, eligible: ed,     order: 2, spillover: other-pool}
              not_ed: {share: 0.5, eligible: "not_ed+home_area:other", spillover: open}

        """;

    private static ScenarioFile Parse(string text, string path = "scenarios/s.yaml") => ScenarioFile.Parse(path, text, "hash");

    private static InputException ParseError(string text) => Assert.Throws<InputException>(() => Parse(text));

    [Fact]
    public void Parse_CompleteScenario_BindsEveryField()
    {
        var file = Parse(Complete);

        var spec = Assert.Single(file.Scenarios).Spec;
        Assert.Equal(("tiny-5050", 42UL, 10), (spec.Name, spec.Seed, spec.Replications));
        Assert.Equal(["K"], spec.Grades);
        Assert.Equal(0.35, spec.HomeArea.Cutoff);
        Assert.Equal((2, TieBreaking.Single), (spec.Choice.ListLength, spec.Choice.TieBreaking));
        Assert.Equal(0.10, spec.Choice.ApplyProbability["ed"]);
        Assert.Equal(0.20, spec.Choice.ApplyProbability["not_ed"]);
        Assert.Equal(new UtilitySpec(-0.25, 0.60), spec.Choice.Utility["not_ed"]);
        var set = Assert.Single(spec.CampusSets);
        Assert.Equal("fifty_fifty", set.Name);
        Assert.Equal(["3"], set.Schools);
        Assert.Equal(new SeatPoolSpec("ed", 0.5, new Eligibility("ed", null), 2, new Spillover(SpilloverKind.OtherPool)), set.Pools[0]);
        Assert.Equal(new SeatPoolSpec("not_ed", 0.5, new Eligibility("not_ed", HomeAreaTier.Other), 2, Spillover.Open), set.Pools[1]);
        Assert.Empty(spec.Parameters);
    }

    [Fact]
    public void Parse_CompleteScenario_KeepsFileFacts()
    {
        var file = Parse(Complete);

        Assert.Equal(("scenarios/s.yaml", "hash", "a test", "out/tiny"), (file.Path, file.Sha256, file.Description, file.Output));
        Assert.Equal(Path.Combine("scenarios", "districts/tiny"), file.DistrictFolder);
        Assert.Empty(file.Sweep);
        Assert.Equal(17, file.LineOf("choice.utility.ed"));
        Assert.Equal(0, file.LineOf("choice.nothing"));
    }

    [Fact]
    public void Parse_OptionalFieldsLeftOut_UsesDefaults()
    {
        var text = Complete
            .Replace("grades: [K]\n", "").Replace("output: out/tiny\n", "").Replace("description: \"a test\"\n", "")
            .Replace("home_area:\n  cutoff: 0.35\n", "")
            .Replace(",     order: 2, spillover: other-pool}", "}").Replace(", spillover: open}", "}");

        var file = Parse(text);

        var spec = file.Scenarios[0].Spec;
        Assert.Empty(spec.Grades);
        Assert.Null(spec.HomeArea.Cutoff);
        Assert.Null(file.Output);
        Assert.Null(file.Description);
        Assert.Equal([1, 2], spec.CampusSets[0].Pools.Select(p => p.Order));
        Assert.All(spec.CampusSets[0].Pools, p => Assert.Equal(Spillover.None, p.Spillover));
    }

    [Fact]
    public void Parse_MedianCutoff_IsNull() =>
        Assert.Null(Parse(Complete.Replace("cutoff: 0.35", "cutoff: median")).Scenarios[0].Spec.HomeArea.Cutoff);

    [Fact]
    public void Parse_SpilloverToNamedPool_KeepsItsName()
    {
        var spec = Parse(Complete.Replace("spillover: other-pool", "spillover: not_ed")).Scenarios[0].Spec;

        Assert.Equal(new Spillover(SpilloverKind.Named, "not_ed"), spec.CampusSets[0].Pools[0].Spillover);
    }

    [Fact]
    public void Parse_RestShare_TakesWhatTheOtherPoolsLeave()
    {
        var spec = Parse(Complete.Replace("{share: 0.5, eligible: ed,", "{share: 0.3, eligible: ed,")
            .Replace("{share: 0.5, eligible: \"not_ed", "{share: rest, eligible: \"not_ed")).Scenarios[0].Spec;

        Assert.Equal([0.3, 0.7], spec.CampusSets[0].Pools.Select(p => p.Share));
    }

    [Fact]
    public void Parse_EmptyCampusMap_MeansNoChoiceCampuses()
    {
        var text = Complete[..Complete.IndexOf("campuses:", StringComparison.Ordinal)] + "campuses: {}\n";

        Assert.Empty(Parse(text).Scenarios[0].Spec.CampusSets);
    }

    [Theory]
    // Why: the two-tier names are aliases of tier numbers; ToString gives the canonical (numbered) form.
    [InlineData("any", 2, null, null, "any")]
    [InlineData("ed", 2, "ed", null, "ed")]
    [InlineData("home_area:disadvantaged", 2, null, 1, "home_area:tier1")]
    [InlineData("home_area:other", 2, null, 2, "home_area:tier2")]
    [InlineData("not_ed+home_area:disadvantaged", 2, "not_ed", 1, "not_ed+home_area:tier1")]
    [InlineData("home_area:tier4", 4, null, 4, "home_area:tier4")]
    [InlineData("ed+home_area:tier3", 4, "ed", 3, "ed+home_area:tier3")]
    public void ParseEligibility_ValidForms_ParseToTierNumbers(string text, int tiers, string? group, int? tier, string canonical)
    {
        var eligibility = ScenarioBinder.ParseEligibility(text, tiers);

        Assert.Equal(new Eligibility(group, tier), eligibility);
        Assert.Equal(canonical, eligibility!.ToString());
        Assert.Equal(eligibility, ScenarioBinder.ParseEligibility(canonical, tiers));
    }

    [Theory]
    [InlineData("home_area:rich", 2)] // unknown tier
    [InlineData("home_area:tier3", 2)] // beyond the tier count
    [InlineData("home_area:tier0", 4)]
    [InlineData("home_area:tier01", 4)] // not canonical
    [InlineData("home_area:other", 4)] // two-tier names only with two tiers
    [InlineData("ed+", 2)] // dangling plus
    [InlineData("ed+not_ed", 2)] // two groups
    [InlineData("", 2)]
    [InlineData("e d", 2)]
    public void ParseEligibility_InvalidForms_AreNull(string text, int tiers) => Assert.Null(ScenarioBinder.ParseEligibility(text, tiers));

    [Fact]
    public void Load_File_HashesItAndResolvesDistrictBesideIt()
    {
        using var folder = new TempFolder();
        var path = folder.Write("scenarios/s.yaml", Complete);

        var file = ScenarioFile.Load(path);

        Assert.Equal(Path.Combine(folder.Path, "scenarios", "districts/tiny"), file.DistrictFolder);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), file.Sha256);
    }
}
