namespace Simulation.Core.Model;

/// <summary>
/// An immutable struct-of-arrays snapshot of a school district: schools, neighborhoods (residential units with a
/// zoned school) and student cohorts (neighborhood × grade × group counts).
/// </summary>
/// <remarks>
/// <para>Indices are dense: school <c>s</c> in <c>[0, SchoolCount)</c>, neighborhood <c>n</c>, grade <c>g</c> in
/// <c>[0, GradeCount)</c>, group <c>k</c> in <c>[0, GroupCount)</c>. Flattened arrays use row-major order given by
/// the index helpers (<see cref="CohortIndex"/>, <see cref="SeatIndex"/>, <see cref="DistanceIndex"/>).</para>
/// <para>Distances are straight-line kilometres between projected points (the loader projects lon/lat with a
/// transverse Mercator); they are inputs here, so the core never touches geometry libraries or files.</para>
/// <para>Thread safety: immutable after construction; share freely across threads and replications.</para>
/// </remarks>
public sealed class District
{
    public District(
        string id,
        string name,
        IReadOnlyList<string> gradeNames,
        IReadOnlyList<string> groupNames,
        IReadOnlyList<SchoolInfo> schools,
        IReadOnlyList<NeighborhoodInfo> neighborhoods,
        int[] cohortCounts,
        int[] seatsByGrade,
        double[] distanceKm)
    {
        Id = Preconditions.NotNull(id, nameof(id));
        Name = Preconditions.NotNull(name, nameof(name));
        GradeNames = [.. Preconditions.NotNull(gradeNames, nameof(gradeNames))];
        GroupNames = [.. Preconditions.NotNull(groupNames, nameof(groupNames))];
        Schools = [.. Preconditions.NotNull(schools, nameof(schools))];
        Neighborhoods = [.. Preconditions.NotNull(neighborhoods, nameof(neighborhoods))];
        Preconditions.Check(GradeNames.Length > 0, nameof(gradeNames), "a district needs at least one grade");
        Preconditions.Check(GroupNames.Length is > 0 and <= 8, nameof(groupNames), "a district needs 1 to 8 groups");
        Preconditions.Check(Schools.Length > 0, nameof(schools), "a district needs at least one school");
        Preconditions.Check(Neighborhoods.Length > 0, nameof(neighborhoods), "a district needs at least one neighborhood");
        Preconditions.Check(cohortCounts.Length == NeighborhoodCount * GradeCount * GroupCount, nameof(cohortCounts),
            "cohort counts must have neighborhoods × grades × groups entries");
        Preconditions.Check(seatsByGrade.Length == SchoolCount * GradeCount, nameof(seatsByGrade),
            "seats must have schools × grades entries");
        Preconditions.Check(distanceKm.Length == NeighborhoodCount * SchoolCount, nameof(distanceKm),
            "distances must have neighborhoods × schools entries");
        foreach (var c in cohortCounts) Preconditions.NonNegative(c, nameof(cohortCounts));
        foreach (var c in seatsByGrade) Preconditions.NonNegative(c, nameof(seatsByGrade));
        foreach (var d in distanceKm)
            Preconditions.Check(double.IsFinite(d) && d >= 0, nameof(distanceKm), "distances must be finite and ≥ 0");
        for (var n = 0; n < Neighborhoods.Length; n++)
        {
            var z = Neighborhoods[n].ZonedSchool;
            Preconditions.Check(z >= 0 && z < Schools.Length, nameof(neighborhoods),
                $"neighborhood {Neighborhoods[n].Id} has no valid zoned school");
        }
        CohortCounts = cohortCounts;
        SeatsByGrade = seatsByGrade;
        DistanceKm = distanceKm;
        var total = 0L;
        foreach (var c in cohortCounts) total += c;
        StudentCount = checked((int)total);
    }

    public string Id { get; }
    public string Name { get; }
    public string[] GradeNames { get; }
    public string[] GroupNames { get; }
    public SchoolInfo[] Schools { get; }
    public NeighborhoodInfo[] Neighborhoods { get; }

    /// <summary>Students per cohort, indexed by <see cref="CohortIndex"/>.</summary>
    public int[] CohortCounts { get; }

    /// <summary>Seats per school and grade, indexed by <see cref="SeatIndex"/>. For zoned schools this is the
    /// estimated real enrollment (every zoned student is guaranteed a seat regardless).</summary>
    public int[] SeatsByGrade { get; }

    /// <summary>Kilometres from each neighborhood's representative point to each school, by <see cref="DistanceIndex"/>.</summary>
    public double[] DistanceKm { get; }

    public int SchoolCount => Schools.Length;
    public int NeighborhoodCount => Neighborhoods.Length;
    public int GradeCount => GradeNames.Length;
    public int GroupCount => GroupNames.Length;
    public int CohortCount => CohortCounts.Length;
    public int StudentCount { get; }

    public int CohortIndex(int neighborhood, int grade, int group) =>
        (neighborhood * GradeCount + grade) * GroupCount + group;

    public int SeatIndex(int school, int grade) => school * GradeCount + grade;

    public int DistanceIndex(int neighborhood, int school) => neighborhood * SchoolCount + school;

    public int IndexOfSchool(string schoolId)
    {
        for (var s = 0; s < Schools.Length; s++)
            if (Schools[s].Id == schoolId) return s;
        return -1;
    }

    public int IndexOfGroup(string group) => Array.IndexOf(GroupNames, group);

    public int IndexOfGrade(string grade) => Array.IndexOf(GradeNames, grade);

    /// <summary>Total seats of a school over all grades.</summary>
    public int Seats(int school)
    {
        var sum = 0;
        for (var g = 0; g < GradeCount; g++) sum += SeatsByGrade[SeatIndex(school, g)];
        return sum;
    }
}

/// <summary>A school: identity, location (projected metres), accountability rating and whether it is a choice
/// campus (no attendance zone; seats filled by lottery).</summary>
/// <param name="Id">Stable id (Dallas: the campus SLN).</param>
/// <param name="Rating">Accountability rating label, e.g. "A" … "F" or "Not Rated".</param>
/// <param name="RatingScore">Numeric rating used by the choice model (A = 4 … F = 0).</param>
/// <param name="IsChoice">True for a choice campus without an attendance zone.</param>
/// <param name="RealEnrollment">Real total enrollment (all grades) the capacities were derived from.</param>
/// <param name="RealEdShare">Real share of economically disadvantaged students, for reference.</param>
/// <param name="EnglishLearnerShare">Real share of English learners among the campus's students (all grades); NaN
/// when the district data has no such count. Used by funding formulas.</param>
/// <param name="SpecialEducationShare">Real share of special-education students; NaN when unknown.</param>
public sealed record SchoolInfo(
    string Id,
    string Name,
    double X,
    double Y,
    string Rating,
    double RatingScore,
    bool IsChoice,
    int RealEnrollment,
    double RealEdShare,
    double EnglishLearnerShare = double.NaN,
    double SpecialEducationShare = double.NaN);

/// <summary>A residential unit with its zoned school.</summary>
/// <param name="ChildPovertyRate">Share of children below poverty (ACS, area-weighted); defines home-area tiers.</param>
public sealed record NeighborhoodInfo(
    string Id,
    string Name,
    double X,
    double Y,
    int ZonedSchool,
    double ChildPovertyRate);
