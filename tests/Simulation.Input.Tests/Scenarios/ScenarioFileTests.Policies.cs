using Simulation.Core.Mechanisms;
using Simulation.Core.Scenarios;

namespace Simulation.Input.Tests.Scenarios;

/// <summary>Pool tie-breaking, weighted lotteries, home-area tiers, ranking by score and controlled choice in scenario
/// files; every rule family as a sweep axis.</summary>
public sealed partial class ScenarioFileTests
{
    [Fact]
    public void Parse_MechanismTieBreakingAndPoolShare_SweepAsOneGrid()
    {
        // The example axes together: mechanism × tie-breaking × ED pool share = 2 × 3 × 3 scenarios.
        var text = Complete.Replace("tie_breaking: single", "tie_breaking: single\n  mechanism: da")
                .Replace("not_ed: {share: 0.5,", "not_ed: {share: rest,")
            + "sweep:\n  choice.mechanism: [da, boston]\n  choice.tie_breaking: [single, multiple, pool]\n  campuses.fifty_fifty.pools.ed.share: [0.3, 0.5, 0.7]\n";

        var specs = Parse(text).Scenarios.Select(s => s.Spec).ToArray();

        Assert.Equal(18, specs.Length);
        Assert.Equal(
            from m in new[] { MechanismKind.DeferredAcceptance, MechanismKind.ImmediateAcceptance }
            from t in new[] { TieBreaking.Single, TieBreaking.Multiple, TieBreaking.Pool }
            from share in new[] { 0.3, 0.5, 0.7 }
            select (m, t, share, Math.Round(1 - share, 9)),
            specs.Select(s => (s.Choice.Mechanism, s.Choice.TieBreaking, s.CampusSets[0].Pools[0].Share, Math.Round(s.CampusSets[0].Pools[1].Share, 9))));
        Assert.Equal(["da", "single", "0.3"], specs[0].Parameters.Select(p => p.Value));
    }

    [Fact]
    public void Parse_TicketsRankingScoreAndTiers_Bind()
    {
        var text = Complete.Replace("  cutoff: 0.35", "  tiers: 4")
            .Replace("not_ed+home_area:other", "not_ed+home_area:tier4")
            .Replace("    not_ed: {distance_per_km: -0.25, rating: 0.60}",
                "    not_ed: {distance_per_km: -0.25, rating: 0.60}\n  score:\n    ed: {mean: -0.2, sd: 1}\n    not_ed: {mean: 0.2, sd: 0.5}")
            .Replace("    schools: [\"3\"]", "    schools: [\"3\"]\n    ranking: score\n    tickets:\n      \"ed+home_area:tier1\": 3\n      walk_zone: 2");

        var spec = Assert.Single(Parse(text).Scenarios).Spec;

        Assert.Equal((null, 4), (spec.HomeArea.Cutoff, spec.HomeArea.Tiers));
        Assert.Equal(new ScoreSpec(0.2, 0.5), spec.Choice.Score!["not_ed"]);
        var set = spec.CampusSets[0];
        Assert.Equal(AdmissionRanking.Score, set.Ranking);
        Assert.Equal([new TicketRule(new Eligibility("ed", 1), 3), new TicketRule(new Eligibility(null, null, WalkZone: true), 2)], set.Tickets!);
        Assert.Equal(new Eligibility("not_ed", 4), set.Pools[1].Eligible);
    }

    [Fact]
    public void Parse_ControlledChoice_BindsWithoutPools()
    {
        var start = Complete.IndexOf("    pools:", StringComparison.Ordinal);
        var text = Complete[..start] + "    controlled_choice: {group: ed, band: 0.15, spillover: open}\n";

        var set = Assert.Single(Parse(text).Scenarios).Spec.CampusSets[0];

        Assert.Equal(new ControlledChoiceSpec("ed", 0.15, SpilloverKind.Open), set.ControlledChoice);
        Assert.Empty(set.Pools);
    }

    [Fact]
    public void Parse_TicketsBandTiersAndRanking_SweepAsAxes()
    {
        var tiered = Complete.Replace("  cutoff: 0.35", "  tiers: 2");
        var text = tiered[..tiered.IndexOf("    pools:", StringComparison.Ordinal)]
            + "    ranking: lottery\n    tickets: {ed: 1}\n    controlled_choice: {group: ed, band: 0.1}\n"
            + "sweep:\n  campuses.fifty_fifty.tickets.ed: [1, 3]\n  campuses.fifty_fifty.controlled_choice.band: [0.1, 0.2]\n  home_area.tiers: [2, 4]\n";

        var specs = Parse(text).Scenarios.Select(s => s.Spec).ToArray();

        Assert.Equal(
            from t in new[] { 1, 3 } from b in new[] { 0.1, 0.2 } from tiers in new[] { 2, 4 } select (t, b, tiers),
            specs.Select(s => (s.CampusSets[0].Tickets!.Single().Count, s.CampusSets[0].ControlledChoice!.Band, s.HomeArea.TierCount)));
    }

    [Theory]
    // Each row: what to replace, with what, the field and line the error must name, and part of its reason.
    [InlineData("  cutoff: 0.35", "  tiers: 9", "home_area.tiers", 9, "expected 2 to 8 tiers")]
    [InlineData("  cutoff: 0.35", "  tiers: 4\n  cutoff: 0.35", "home_area.cutoff", 10, "with more tiers leave it out")]
    // the two-tier names would silently mean tiers 1 and 2 of four
    [InlineData("  cutoff: 0.35", "  tiers: 4", "campuses.fifty_fifty.pools.not_ed.eligible", 24, "'home_area:tier1' … 'home_area:tier4'")]
    [InlineData("    schools: [\"3\"]", "    schools: [\"3\"]\n    tickets: {ed: 0}", "campuses.fifty_fifty.tickets.ed", 22, "expected an integer ≥ 1")]
    [InlineData("    schools: [\"3\"]", "    schools: [\"3\"]\n    tickets: {any: 2}", "campuses.fifty_fifty.tickets.any", 22, "expected a group")]
    [InlineData("    schools: [\"3\"]", "    schools: [\"3\"]\n    ranking: best", "campuses.fifty_fifty.ranking", 22, "expected 'lottery' or 'score'")]
    [InlineData("    schools: [\"3\"]", "    schools: [\"3\"]\n    controlled_choice: {group: ed, band: 0.1}", "campuses.fifty_fifty.pools", 23, "leave 'pools' out")]
    [InlineData("    schools: [\"3\"]", "    schools: [\"3\"]\n    controlled_choice: {group: ed, band: 1.5}", "campuses.fifty_fifty.controlled_choice.band", 22, "[0, 1]")]
    [InlineData("tie_breaking: single", "tie_breaking: pool\n  mechanism: ttc", "choice.tie_breaking", 12, "no seat pools")]
    // rsd orders by one plain lottery number: tickets and scores would silently be ignored
    [InlineData("    schools: [\"3\"]", "    schools: [\"3\"]\n    tickets: {ed: 2}", "campuses.fifty_fifty.tickets", 23, "leave the tickets out", "rsd")]
    public void Parse_InvalidPolicy_NamesFieldAndLine(string find, string replace, string field, int line, string reason, string? mechanism = null)
    {
        Assert.Contains(find, Complete);
        var text = Complete.Replace(find, replace);
        if (mechanism is not null)
            text = text.Replace("tie_breaking: single", $"tie_breaking: single\n  mechanism: {mechanism}")
                .Replace("eligible: ed,", "eligible: any,").Replace("eligible: \"not_ed+home_area:other\"", "eligible: any");

        AssertLocated(ParseError(text), field, line, reason);
    }

    [Fact]
    public void Parse_RankingByScoreWithoutScores_NamesTheRanking() =>
        AssertLocated(ParseError(Complete.Replace("    schools: [\"3\"]", "    schools: [\"3\"]\n    ranking: score")),
            "campuses.fifty_fifty.ranking", 22, "needs 'choice.score'");

    [Fact]
    public void Load_ScoreForAnUnknownGroup_NamesTheGroup()
    {
        var text = Complete.Replace("    not_ed: {distance_per_km: -0.25, rating: 0.60}",
            "    not_ed: {distance_per_km: -0.25, rating: 0.60}\n  score:\n    ed: {mean: 0, sd: 1}\n    rich: {mean: 0, sd: 1}");

        AssertLocated(DistrictError(text), "choice.score.rich", 21, "not a group of district tiny");
    }
}
