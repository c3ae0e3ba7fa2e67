using Simulation.Core.Scenarios;

namespace Simulation.Output;

/// <summary>A scenario of a run as the dataset identifies it.</summary>
/// <param name="ScenarioId">Stable id; names the Hive partition folder <c>scenario=&lt;id&gt;</c>, so it may only
/// contain ASCII letters, digits, '-', '_' and '.', and may not start with '.'.</param>
/// <param name="ScenarioIndex">Position of the scenario in its sweep (0-based); tables list scenarios in this order.</param>
public sealed record ScenarioRecord(string ScenarioId, int ScenarioIndex, ScenarioSpec Spec);
