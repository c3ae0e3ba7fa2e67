using Simulation.Input.Districts;

namespace Simulation.Input.Scenarios;

/// <summary>Everything a run reads: a scenario file and the district it names, checked against each other.</summary>
public sealed record ScenarioInput(ScenarioFile Scenario, DistrictSource District)
{
    /// <summary>Loads the scenario file, then its district, then checks the scenarios against the district. A file
    /// with a <c>boundaries</c> section gets the unit-level district and its plans read (<see cref="BoundaryPlans"/>).</summary>
    /// <exception cref="InputException">Any problem in either, naming the file, location and field.</exception>
    public static ScenarioInput Load(string scenarioPath)
    {
        var scenario = ScenarioFile.Load(scenarioPath);
        var district = DistrictLoader.Load(scenario.DistrictFolder);
        (scenario, district) = BoundaryPlans.Apply(scenario, district);
        scenario.ValidateAgainst(district.District);
        return new ScenarioInput(scenario, district);
    }
}
