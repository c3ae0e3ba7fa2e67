namespace Simulation.Input.Districts;

/// <summary>
/// The contents of a district folder's <c>district.yaml</c>: identity, data files, simulated grades and groups, the
/// enrollment calibration, the rating scale and the curated lists of choice and excluded campuses.
/// </summary>
/// <remarks>The format is documented field by field in <c>scenarios/README.md</c>.</remarks>
/// <param name="Grades">Simulated grade names, in order (e.g. K, 1 … 5).</param>
/// <param name="Groups">Student groups; the first is the group counted by the schools file's
/// <c>econ_disadv</c> column, the second everyone else.</param>
public sealed record DistrictDefinition(
    string Id,
    string Name,
    DistrictFiles Files,
    IReadOnlyList<string> Grades,
    IReadOnlyList<string> Groups,
    GradeLadder Ladder,
    IReadOnlyList<string> GradeCodes,
    RatingScale Ratings,
    IReadOnlyList<CuratedCampus> ChoiceCampuses,
    IReadOnlyList<CuratedCampus> ExcludedCampuses);

/// <summary>Data file names, relative to the district folder.</summary>
/// <param name="Summary">Optional <c>measure,count</c> table of published district totals.</param>
public sealed record DistrictFiles(string Schools, string Zones, string Tracts, string TractZoneOverlap, string? Summary)
{
    public IEnumerable<string> All()
    {
        yield return Schools;
        yield return Zones;
        yield return Tracts;
        yield return TractZoneOverlap;
        if (Summary is not null) yield return Summary;
    }
}

/// <summary>Rating labels of the schools file's <paramref name="Column"/> and the score the choice model uses for
/// each; a label outside <paramref name="Scores"/> is an error.</summary>
public sealed record RatingScale(string Column, IReadOnlyDictionary<string, double> Scores);

/// <summary>A campus named in <c>district.yaml</c>'s curated lists, with why it is there.</summary>
/// <param name="Line">Line in <c>district.yaml</c>, for messages.</param>
public sealed record CuratedCampus(string Id, string Note, int Line);
