namespace Simulation.Input.Matching;

/// <summary>The CSV files of one <c>schoolsim match</c> instance; optional files are null. Formats: docs/match.md.</summary>
public sealed record MatchingFiles(string Schools, string Preferences, string? Priorities = null, string? Students = null, string? Pools = null);
