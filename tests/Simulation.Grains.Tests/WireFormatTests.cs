using System.Text;
using Simulation.Core.Scenarios;
using Simulation.Grains.Wire;
using Simulation.Testing;

namespace Simulation.Grains.Tests;

/// <summary>The scenario wire form: rules added later leave older scenarios' bytes (and so their ids) unchanged, and
/// specs using them reach the grains intact.</summary>
public sealed class WireFormatTests
{
    [Fact]
    public void SerializeScenario_WithoutNewerRules_WritesNoneOfTheirFields()
    {
        var json = Encoding.UTF8.GetString(WireFormat.SerializeScenario(ToyScenarios.FiftyFifty()));

        foreach (var name in new[] { "Tiers", "TierCount", "Score", "Tickets", "Ranking", "ControlledChoice", "Mechanism" })
            Assert.DoesNotContain($"\"{name}\"", json);
    }

    [Fact]
    public void SerializeScenario_WithEveryRule_RoundTripsToTheSameBytes()
    {
        var spec = ToyScenarios.FiftyFifty(tieBreaking: TieBreaking.Pool) with
        {
            HomeArea = new HomeAreaSpec(null, 4),
            Choice = ToyScenarios.Choice(TieBreaking.Pool) with
            {
                Score = new Dictionary<string, ScoreSpec> { ["ed"] = new(-0.4, 1), ["not_ed"] = new(0.4, 1) },
            },
            CampusSets =
            [
                new CampusSetSpec("sel", ["C1"], [new SeatPoolSpec("t1", 1, new Eligibility(null, 1), 1, Spillover.None)],
                    Tickets: [new TicketRule(new Eligibility("ed", 2, WalkZone: true), 3)], Ranking: AdmissionRanking.Score),
                new CampusSetSpec("cc", ["C2"], [], ControlledChoice: new ControlledChoiceSpec("ed", 0.15, SpilloverKind.Open)),
            ],
        };

        var bytes = WireFormat.SerializeScenario(spec);
        var back = WireFormat.DeserializeScenario(bytes);

        Assert.Equal(bytes, WireFormat.SerializeScenario(back));
        Assert.Equal(4, back.HomeArea.TierCount);
        Assert.Equal(new TicketRule(new Eligibility("ed", 2, WalkZone: true), 3), back.CampusSets[0].Tickets!.Single());
        Assert.Equal(new ControlledChoiceSpec("ed", 0.15, SpilloverKind.Open), back.CampusSets[1].ControlledChoice);
        Assert.Equal(new ScoreSpec(0.4, 1), back.Choice.Score!["not_ed"]);
    }
}
