using Simulation.Core.Scenarios;

namespace Simulation.Testing;

/// <summary>Scenario specs for <see cref="TinyDistricts"/>.</summary>
public static class TinyScenarioSpecs
{
    /// <summary>
    /// A 50/50 lottery at Cedar (201): half the seats reserved for <c>ed</c> students (unfilled seats open to all),
    /// half open; lists of 2, single tie-breaking, median home-area cutoff.
    /// </summary>
    /// <param name="parameters">Sweep-axis values to record on the spec (path → value).</param>
    public static ScenarioSpec FiftyFifty(
        string name = "fifty-fifty",
        ulong seed = 42,
        int replications = 3,
        double edShare = 0.5,
        params KeyValuePair<string, string>[] parameters) => new(
        Name: name,
        Seed: seed,
        Replications: replications,
        Grades: [],
        Choice: new ChoiceSpec(
            ListLength: 2,
            TieBreaking: TieBreaking.Single,
            ApplyProbability: new Dictionary<string, double> { ["ed"] = 0.3, ["not_ed"] = 0.2 },
            Utility: new Dictionary<string, UtilitySpec>
            {
                ["ed"] = new(DistancePerKm: -0.5, Rating: 0.8),
                ["not_ed"] = new(DistancePerKm: -0.3, Rating: 1.0),
            }),
        HomeArea: new HomeAreaSpec(Cutoff: null),
        CampusSets:
        [
            new CampusSetSpec("fifty_fifty", ["201"],
            [
                new SeatPoolSpec("ed", edShare, new Eligibility("ed", null), Order: 0, Spillover.Open),
                new SeatPoolSpec("open", 1 - edShare, Eligibility.Any, Order: 1, Spillover.None),
            ]),
        ],
        Parameters: parameters);
}
