using Simulation.Core.Scenarios;
using Simulation.Grains.Wire;
using Simulation.Testing;

namespace Simulation.Grains.Tests;

/// <summary>A scenario's boundary plan travels to the grains with the scenario and is part of its id.</summary>
public sealed class WireFormatBoundaryTests
{
    private static string Id(ScenarioSpec spec) => WireFormat.ScenarioId("district", WireFormat.SerializeScenario(spec));

    [Fact]
    public void Scenario_WithPlan_RoundTrips()
    {
        var spec = TinyScenarioSpecs.FiftyFifty() with { Boundaries = new BoundarySpec("plans/a.csv", ["102", "102"]) };

        var back = WireFormat.DeserializeScenario(WireFormat.SerializeScenario(spec)).Boundaries!;

        Assert.Equal("plans/a.csv", back.Plan);
        Assert.Equal(["102", "102"], back.ZonedSchools);
    }

    [Fact]
    public void ScenarioId_DependsOnThePlansZoningNotOnlyItsName()
    {
        var plain = TinyScenarioSpecs.FiftyFifty();
        var a = plain with { Boundaries = new BoundarySpec("plan.csv", ["101", "102"]) };
        var b = plain with { Boundaries = new BoundarySpec("plan.csv", ["102", "102"]) };

        Assert.NotEqual(Id(a), Id(b));
        Assert.NotEqual(Id(a), Id(plain));
        Assert.DoesNotContain("Boundaries", System.Text.Encoding.UTF8.GetString(WireFormat.SerializeScenario(plain)));
    }
}
