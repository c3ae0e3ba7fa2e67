using Simulation.Core.Replications;
using Simulation.Core.Scenarios;
using Simulation.Input.Districts;

namespace Simulation.Input.Tests.Scenarios;

/// <summary>The <c>funding</c> section: binding, sweeps, errors, and the English-learner and special-education counts
/// of the schools file.</summary>
public sealed partial class ScenarioFileTests
{
    // Appended after Complete's 24 lines and blank line: 'funding:' is line 25, base_per_pupil 26, weights 27 … pupils 39.
    private const string Funding = """
        funding:
          base_per_pupil: 6160
          weights:
            ed: 0.2
            english_learner: 0.1
            special_education: 1.1
          programs:
            title_i:
              min_poverty_share: 0.4
              per_pupil: 700
            ranked:
              min_poverty_share: 0.75
              per_pupil: 300
              pot: 50000
              pupils: poverty

        """;

    [Fact]
    public void Parse_FundingSection_BindsEveryField()
    {
        var funding = Assert.Single(Parse(Complete + Funding).Scenarios).Spec.Funding!;

        Assert.Equal(6160, funding.BasePerPupil);
        Assert.Equal(0.2, Assert.Single(funding.GroupWeights, w => w.Key == "ed").Value);
        Assert.Single(funding.GroupWeights);
        Assert.Equal((0.1, 1.1), (funding.EnglishLearnerWeight, funding.SpecialEducationWeight));
        Assert.Null(funding.PovertyGroup);
        Assert.Equal(
        [
            new FundingProgramSpec("title_i", 0.4, 700, null, FundingCount.AllPupils),
            new FundingProgramSpec("ranked", 0.75, 300, 50000, FundingCount.PovertyPupils),
        ], funding.Programs);
    }

    [Fact]
    public void Parse_WithoutFunding_SpecHasNone()
    {
        Assert.Null(Assert.Single(Parse(Complete).Scenarios).Spec.Funding);
    }

    [Fact]
    public void Parse_SweepOverAProgramCutoff_MakesOneScenarioPerValue()
    {
        var file = Parse(Complete + Funding + "sweep:\n  funding.programs.title_i.min_poverty_share: [0.35, 0.4, 0.5]\n");

        Assert.Equal([0.35, 0.4, 0.5], file.Scenarios.Select(s => s.Spec.Funding!.Programs[0].MinPovertyShare));
    }

    [Theory]
    [InlineData("  base_per_pupil: 6160", "  base_per_pupil: -1", "funding.base_per_pupil", 26, "expected a number ≥ 0")]
    [InlineData("      min_poverty_share: 0.4", "      min_poverty_share: 40", "funding.programs.title_i.min_poverty_share", 33, "expected a number in [0, 1]")]
    [InlineData("      pupils: poverty", "      pupils: needy", "funding.programs.ranked.pupils", 39, "expected 'all' or 'poverty'")]
    [InlineData("      per_pupil: 700\n", "", "funding.programs.title_i", 32, "give 'per_pupil', 'pot' or both")]
    [InlineData("    ed: 0.2", "    ed: 0.2\n    extra: x", "funding.weights.extra", 29, "expected a number")]
    [InlineData("  base_per_pupil: 6160", "  base_per_pupil: 6160\n  bonus: 3", "funding.bonus", 27, "unknown key")]
    public void Parse_BadFunding_NamesFieldAndLine(string find, string replace, string field, int line, string reason)
    {
        Assert.Contains(find, Funding);

        AssertLocated(ParseError(Complete + Funding.Replace(find, replace)), field, line, reason);
    }

    [Theory]
    [InlineData("    ed: 0.2", "    frl: 0.2", "funding.weights.frl", 28, "is neither a group of district tiny")]
    [InlineData("  base_per_pupil: 6160", "  base_per_pupil: 6160\n  poverty_group: poor", "funding.poverty_group", 27, "'poor' is not a group of district tiny")]
    public void Load_FundingDisagreeingWithDistrict_NamesFieldAndLine(string find, string replace, string field, int line, string reason)
    {
        AssertLocated(DistrictError(Complete + Funding.Replace(find, replace)), field, line, reason);
    }

    [Fact]
    public void Load_SchoolsFileWithEllAndSpecialEd_FundingUsesTheirShares()
    {
        using var folder = new TempFolder();
        var tiny = new TinyDistrictFolder
        {
            SchoolsCsv = """
                sln,name,lat,lon,grade_low,grade_high,enrollment,econ_disadv,rating,has_elem_zone,ell,special_ed
                1,ONE EL,32.79,-96.79,PK,02,100,37,B,1,20,10
                2,TWO EL,32.79,-96.77,EE,01,70,70,Not Rated,1,35,
                3,THREE ACADEMY,32.81,-96.78,KG,05,90,30,A,0,0,9
                4,FOUR MIDDLE,32.82,-96.75,06,08,300,200,C,0,,

                """,
        };
        var district = DistrictLoader.Load(tiny.WriteTo(folder)).District;

        Assert.Equal([0.2, 0.5, 0.0], district.Schools.Select(s => s.EnglishLearnerShare));
        Assert.Equal(0.1, district.Schools[0].SpecialEducationShare);
        Assert.True(double.IsNaN(district.Schools[1].SpecialEducationShare)); // blank cell: unknown
        // A weight on special education needs every simulated school's share: school 2 has none.
        var spec = Assert.Single(Parse(Complete + Funding).Scenarios).Spec;
        var error = Assert.Throws<ScenarioFormatException>(() => CompiledScenario.Compile(district, spec));
        Assert.Contains("funding.weights.special_education", error.Message);
        Assert.Contains("TWO EL", error.Message);
    }

    [Fact]
    public void Load_EllAboveEnrollment_NamesRowAndField()
    {
        using var folder = new TempFolder();
        var tiny = new TinyDistrictFolder();
        tiny.SchoolsCsv = tiny.SchoolsCsv.Replace("has_elem_zone\n", "has_elem_zone,ell\n").Replace("B,1\n", "B,1,101\n")
            .Replace("Not Rated,1\n", "Not Rated,1,0\n").Replace("A,0\n", "A,0,0\n").Replace("C,0\n", "C,0,0\n");

        var error = Assert.Throws<InputException>(() => DistrictLoader.Load(tiny.WriteTo(folder)));

        Assert.Equal(("row 2", "ell"), (error.Location, error.Field));
        Assert.Contains("between 0 and the enrollment (100)", error.Reason);
    }
}
