using Simulation.Core.Model;
using Simulation.Core.Scenarios;

namespace Simulation.Testing;

/// <summary>
/// A small synthetic district for simulation tests, and scenarios over it.
/// </summary>
/// <remarks>
/// <code>
///   neighborhoods (zoned school)      choice campuses (seats per grade K, 1)
///   N1 (Z1)  poor,  mostly ED           C1: 10, 10   rating A
///   N2 (Z2)  mixed                      C2:  6,  0   rating B   (K only)
///   N3 (Z3)  affluent, mostly not ED
/// </code>
/// Distances grow with the index gap; 2 grades (K, 1), groups ed / not_ed.
/// </remarks>
public static class ToyScenarios
{
    public static District District()
    {
        SchoolInfo Zoned(int i) => new($"Z{i}", $"Zoned {i}", i * 2000, 0, "B", 3, false, 100, 0.5);
        var schools = new[]
        {
            Zoned(1), Zoned(2), Zoned(3),
            new SchoolInfo("C1", "Choice 1", 3000, 1000, "A", 4, true, 20, 0.5),
            new SchoolInfo("C2", "Choice 2", 5000, 1000, "B", 3, true, 6, 0.5),
        };
        var neighborhoods = new[]
        {
            new NeighborhoodInfo("N1", "Poor", 2000, 0, 0, 0.45),
            new NeighborhoodInfo("N2", "Mixed", 4000, 0, 1, 0.25),
            new NeighborhoodInfo("N3", "Affluent", 6000, 0, 2, 0.05),
        };
        // cohort counts [n][grade][group]: ED, not ED
        int[] cohorts =
        [
            40, 5, 38, 6,
            25, 20, 22, 24,
            6, 40, 5, 41,
        ];
        int[] seats = [45, 44, 45, 46, 46, 46, 10, 10, 6, 0];
        var distance = new double[3 * 5];
        for (var n = 0; n < 3; n++)
            for (var s = 0; s < 5; s++)
            {
                var dx = neighborhoods[n].X - schools[s].X;
                var dy = neighborhoods[n].Y - schools[s].Y;
                distance[n * 5 + s] = Math.Sqrt(dx * dx + dy * dy) / 1000;
            }
        return new District("toy", "Toy district", ["K", "1"], ["ed", "not_ed"], schools, neighborhoods, cohorts, seats, distance);
    }

    /// <summary>Both campuses run 50/50 pools by status; a high application rate so pools are contested.</summary>
    public static ScenarioSpec FiftyFifty(Spillover? spillover = null, TieBreaking tieBreaking = TieBreaking.Multiple, ulong seed = 7) =>
        new("toy-5050", seed, 20, [],
            Choice(tieBreaking),
            new HomeAreaSpec(null),
            [
                new CampusSetSpec("fifty_fifty", ["C1", "C2"],
                [
                    new SeatPoolSpec("ed", 0.5, new Eligibility("ed", null), 1, spillover ?? Spillover.None),
                    new SeatPoolSpec("not_ed", 0.5, new Eligibility("not_ed", null), 2, spillover ?? Spillover.None),
                ]),
            ],
            []);

    /// <summary>Both campuses run one open lottery.</summary>
    public static ScenarioSpec SingleLottery(ulong seed = 7) =>
        new("toy-single", seed, 20, [], Choice(TieBreaking.Multiple), new HomeAreaSpec(null),
            [new CampusSetSpec("single", ["C1", "C2"], [new SeatPoolSpec("open", 1.0, Eligibility.Any, 1, Spillover.None)])],
            []);

    public static ChoiceSpec Choice(TieBreaking tieBreaking) =>
        new(2, tieBreaking,
            new Dictionary<string, double> { ["ed"] = 0.3, ["not_ed"] = 0.6 },
            new Dictionary<string, UtilitySpec> { ["ed"] = new(-0.3, 0.4), ["not_ed"] = new(-0.2, 0.8) });
}
