using Simulation.Core.Model;
using Simulation.Core.Scenarios;
using Simulation.Grains.Wire;
using Simulation.Testing;

namespace Simulation.Grains.Tests;

/// <summary>The funding formula and the schools' English-learner and special-education shares survive the wire
/// format that carries scenarios and districts to the grains, and leave the ids of scenarios without funding alone.</summary>
public sealed class WireFormatFundingTests
{
    private static readonly FundingSpec Funding = new(6160, new Dictionary<string, double> { ["ed"] = 0.2 }, 0.1, 1.15, null,
    [
        new FundingProgramSpec("title_i", 0.4, 600, null, FundingCount.AllPupils),
        new FundingProgramSpec("grant", 0.75, 400, 2_000_000, FundingCount.PovertyPupils),
    ]);

    [Fact]
    public void Scenario_WithFunding_RoundTrips()
    {
        var spec = TinyScenarioSpecs.FiftyFifty() with { Funding = Funding };

        var back = WireFormat.DeserializeScenario(WireFormat.SerializeScenario(spec)).Funding!;

        Assert.Equal(Funding.BasePerPupil, back.BasePerPupil);
        Assert.Equal(Funding.GroupWeights, back.GroupWeights);
        Assert.Equal((Funding.EnglishLearnerWeight, Funding.SpecialEducationWeight, Funding.PovertyGroup),
            (back.EnglishLearnerWeight, back.SpecialEducationWeight, back.PovertyGroup));
        Assert.Equal(Funding.Programs, back.Programs);
    }

    [Fact]
    public void Scenario_WithoutFunding_SerializesAsBefore()
    {
        var bytes = WireFormat.SerializeScenario(TinyScenarioSpecs.FiftyFifty());

        Assert.DoesNotContain("Funding", System.Text.Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void District_SchoolShares_RoundTripIncludingUnknown()
    {
        var d = TinyDistricts.ThreeSchools();
        var schools = d.Schools.Select((s, i) => i == 0 ? s with { EnglishLearnerShare = 0.25, SpecialEducationShare = 0.125 } : s).ToArray();
        var district = new District(d.Id, d.Name, d.GradeNames, d.GroupNames, schools, d.Neighborhoods, d.CohortCounts, d.SeatsByGrade, d.DistanceKm);

        var back = WireFormat.DeserializeDistrict(WireFormat.SerializeDistrict(district));

        Assert.Equal((0.25, 0.125), (back.Schools[0].EnglishLearnerShare, back.Schools[0].SpecialEducationShare));
        Assert.True(double.IsNaN(back.Schools[1].EnglishLearnerShare));
    }
}
