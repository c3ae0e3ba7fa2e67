using Simulation.Core.Mechanisms;
using Simulation.Core.Scenarios;

namespace Simulation.Input.Tests.Scenarios;

/// <summary>The mechanism, priority classes and walk zones of a scenario file, and the combinations it rejects.</summary>
public sealed partial class ScenarioFileTests
{
    [Fact]
    public void Parse_NoMechanism_IsDeferredAcceptance()
    {
        var spec = Assert.Single(Parse(Complete).Scenarios).Spec;

        Assert.Equal(MechanismKind.DeferredAcceptance, spec.Choice.Mechanism);
        Assert.Null(spec.CampusSets[0].Priorities);
    }

    [Fact]
    public void Parse_MechanismSweep_ExpandsOneScenarioPerMechanism()
    {
        var text = Complete.Replace("tie_breaking: single", "tie_breaking: single\n  mechanism: da")
            + "sweep:\n  choice.mechanism: [da, boston, school-lotteries]\n";

        var file = Parse(text);

        Assert.Equal([MechanismKind.DeferredAcceptance, MechanismKind.ImmediateAcceptance, MechanismKind.SchoolLotteries],
            file.Scenarios.Select(s => s.Spec.Choice.Mechanism));
        Assert.Equal(["da", "boston", "school-lotteries"], file.Scenarios.Select(s => s.Spec.Parameters.Single().Value));
    }

    [Fact]
    public void Parse_PrioritiesAndWalkZone_BindInOrder()
    {
        var text = Complete.Replace("    schools: [\"3\"]",
            "    schools: [\"3\"]\n    priorities: [walk_zone, \"home_area:disadvantaged\", ed, proximity]\n    walk_zone_km: 2.5\n    proximity_band_km: 0.5")
            .Replace("eligible: ed,", "eligible: \"ed+walk_zone\",");

        var set = Assert.Single(Parse(text).Scenarios).Spec.CampusSets[0];

        Assert.Equal(
            [new PriorityClassSpec(PriorityClassKind.WalkZone), new PriorityClassSpec(PriorityClassKind.HomeArea, Tier: HomeAreaTier.Disadvantaged),
             new PriorityClassSpec(PriorityClassKind.Group, Group: "ed"), new PriorityClassSpec(PriorityClassKind.Proximity)],
            set.Priorities!);
        Assert.Equal((2.5, 0.5), (set.WalkZoneKm, set.ProximityBandKm));
        Assert.Equal(new Eligibility("ed", null, WalkZone: true), set.Pools[0].Eligible);
        Assert.Equal("ed+walk_zone", set.Pools[0].Eligible.ToString());
    }

    [Theory]
    // Each row: what to replace, with what, the field and line the error must name, and part of its reason.
    [InlineData("tie_breaking: single", "tie_breaking: single\n  mechanism: gale-shapley", "choice.mechanism", 13, "expected one of da, boston, ttc, rsd, school-lotteries")]
    // rsd has one lottery order: a per-campus lottery is meaningless, so it is refused at tie_breaking
    [InlineData("tie_breaking: single", "tie_breaking: multiple\n  mechanism: rsd", "choice.tie_breaking", 12, "use 'single'")]
    // ttc and rsd fill total seats: an ED-only pool would silently be ignored
    [InlineData("tie_breaking: single", "tie_breaking: single\n  mechanism: ttc", "campuses.fifty_fifty.pools.ed.eligible", 24, "cannot keep reserves")]
    [InlineData("    schools: [\"3\"]", "    schools: [\"3\"]\n    priorities: [walk_zone, \"home_area:rich\"]", "campuses.fifty_fifty.priorities.1", 22, "expected 'walk_zone', 'proximity'")]
    [InlineData("    schools: [\"3\"]", "    schools: [\"3\"]\n    priorities: [ed, ed]", "campuses.fifty_fifty.priorities.1", 22, "'ed' appears twice")]
    // proximity puts everyone in a band, so a later class could never apply
    [InlineData("    schools: [\"3\"]", "    schools: [\"3\"]\n    priorities: [proximity, walk_zone]", "campuses.fifty_fifty.priorities.1", 22, "must come last")]
    [InlineData("    schools: [\"3\"]", "    schools: [\"3\"]\n    walk_zone_km: 0", "campuses.fifty_fifty.walk_zone_km", 22, "positive number of km")]
    [InlineData("    schools: [\"3\"]", "    schools: [\"3\"]\n    proximity_band_km: -1", "campuses.fifty_fifty.proximity_band_km", 22, "expected a number ≥ 0")]
    [InlineData("eligible: ed,", "eligible: \"walk_zone+walk_zone\",", "campuses.fifty_fifty.pools.ed.eligible", 23, "joined by '+'")]
    public void Parse_InvalidMechanismOrPriority_NamesFieldAndLine(string find, string replace, string field, int line, string reason)
    {
        Assert.Contains(find, Complete);

        AssertLocated(ParseError(Complete.Replace(find, replace)), field, line, reason);
    }

    [Fact]
    public void Parse_RsdSweptOverASetWithPriorities_NamesThePriorities()
    {
        var text = Complete.Replace("tie_breaking: single", "tie_breaking: single\n  mechanism: da")
            .Replace("eligible: ed,", "eligible: any,").Replace("eligible: \"not_ed+home_area:other\"", "eligible: any")
            .Replace("    schools: [\"3\"]", "    schools: [\"3\"]\n    priorities: [walk_zone]")
            + "sweep:\n  choice.mechanism: [da, rsd]\n";

        AssertLocated(ParseError(text), "campuses.fifty_fifty.priorities", 23, "has no priorities");
    }
}
