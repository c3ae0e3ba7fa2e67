using System.Text.Json.Serialization;
using Simulation.Core.Mechanisms;

namespace Simulation.Core.Scenarios;

/// <summary>
/// One fully resolved scenario: a district reference, the families' choice behaviour and the assignment policy.
/// A sweep expands into many of these; each is simulated for <see cref="Replications"/> replications.
/// </summary>
/// <param name="Name">Human label (the scenario file's <c>name</c>).</param>
/// <param name="Seed">Seed of every random stream of this scenario. Scenarios of one sweep share it unless
/// <c>seed</c> is itself a sweep axis, so they run on common random numbers (paired replications).</param>
/// <param name="Grades">Simulated grades (names as in the district); empty means all.</param>
/// <param name="Parameters">The sweep-axis values that define this scenario, path → value as text; empty for a
/// scenario without a sweep.</param>
/// <param name="Funding">The funding formula whose resources per pupil the replications report; null for none.
/// Left out of serialized forms when null, so scenarios without it keep their ids.</param>
/// <param name="Boundaries">The attendance-boundary plan the scenario zones students by; null for the district's own
/// zoning. Left out of serialized forms when null.</param>
public sealed record ScenarioSpec(
    string Name,
    ulong Seed,
    int Replications,
    IReadOnlyList<string> Grades,
    ChoiceSpec Choice,
    HomeAreaSpec HomeArea,
    IReadOnlyList<CampusSetSpec> CampusSets,
    IReadOnlyList<KeyValuePair<string, string>> Parameters,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] FundingSpec? Funding = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] BoundarySpec? Boundaries = null);

/// <summary>
/// An attendance-boundary plan: which zoned school each neighborhood of the district is zoned to. With a plan the
/// district's neighborhoods are the boundary units (zone × tract pieces), so plans that re-zone parts of a zone can be
/// simulated; the input layer reads the plan file and fills <see cref="ZonedSchools"/>.
/// </summary>
/// <param name="Plan">The plan as the scenario names it: <c>current</c> or a plan file path (as written).</param>
/// <param name="ZonedSchools">Per neighborhood of the district, in order: the id of the zoned school the plan zones
/// it to. Part of the serialized spec, so two plans give two scenario ids even under one file name.</param>
public sealed record BoundarySpec(string Plan, IReadOnlyList<string> ZonedSchools)
{
    /// <summary>The plan value meaning the district's own attendance zones.</summary>
    public const string Current = "current";
}

/// <summary>How ties in campus priority are broken.</summary>
public enum TieBreaking
{
    /// <summary>One lottery number per student, used at every campus.</summary>
    Single,

    /// <summary>An independent lottery number per student and campus (separate campus lotteries).</summary>
    Multiple,

    /// <summary>An independent lottery number per student and seat pool: each pool of a campus runs its own lottery
    /// (as separately drawn 50/50 lotteries do). Needs a mechanism with seat pools.</summary>
    Pool,
}

/// <summary>Family choice behaviour: who applies and how applicants rank choice campuses (multinomial logit).</summary>
/// <param name="ListLength">Maximum campuses an applicant ranks (k).</param>
/// <param name="ApplyProbability">Per group name: the probability that a student applies at all.</param>
/// <param name="Utility">Per group name: utility coefficients.</param>
/// <param name="Mechanism">How campuses' seats are assigned from the applicants' lists; deferred acceptance unless
/// the scenario says otherwise.</param>
/// <param name="Score">Per group name: the distribution of the composite admission score that campus sets ranking by
/// score (<see cref="CampusSetSpec.Ranking"/>) order applicants by; null when no set does.</param>
/// <remarks>Fields added after scenario ids were first published are left out of serialized forms at their default
/// value (<see cref="JsonIgnoreCondition.WhenWritingDefault"/>), so a scenario that does not use them keeps its id.</remarks>
public sealed record ChoiceSpec(
    int ListLength,
    TieBreaking TieBreaking,
    IReadOnlyDictionary<string, double> ApplyProbability,
    IReadOnlyDictionary<string, UtilitySpec> Utility,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] MechanismKind Mechanism = MechanismKind.DeferredAcceptance,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] IReadOnlyDictionary<string, ScoreSpec>? Score = null);

/// <summary>A group's composite admission score: normal with this mean and standard deviation, drawn once per
/// applicant and replication; higher is better.</summary>
public sealed record ScoreSpec(double Mean, double Sd);

/// <summary>Systematic utility of a campus: <c>DistancePerKm · km + Rating · rating score</c> (A = 4 … F = 0).</summary>
public sealed record UtilitySpec(double DistancePerKm, double Rating);

/// <summary>How neighborhoods are split into home-area tiers by child poverty rate, tier 1 the poorest.</summary>
/// <param name="Cutoff">With two tiers: a neighborhood whose rate is at least the cutoff is in tier 1
/// ("disadvantaged"), the others in tier 2 ("other"); null means the student-weighted median.</param>
/// <param name="Tiers">Number of tiers; null means 2. With more than two, the cut points are the student-weighted
/// quantiles of the rate (quartiles for 4) and <see cref="Cutoff"/> must be null.</param>
public sealed record HomeAreaSpec(
    double? Cutoff,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int? Tiers = null)
{
    public const int MaxTiers = 8;

    /// <summary>The number of tiers, 2 when <see cref="Tiers"/> is null. Not serialized (scenario ids hash the
    /// serialized spec).</summary>
    [JsonIgnore]
    public int TierCount => Tiers ?? 2;
}

/// <summary>A named set of choice campuses sharing one seat-pool layout and one priority order.</summary>
/// <param name="Priorities">Priority classes, highest first; a student in none of them is in the lowest class, and
/// ties within a class go by lottery. Null or empty: the lottery alone.</param>
/// <param name="WalkZoneKm">Radius of a campus's walk zone (home neighborhood to campus, km); null means
/// <see cref="DefaultWalkZoneKm"/>.</param>
/// <param name="ProximityBandKm">Width of the distance bands of the <c>proximity</c> class (km); null means
/// <see cref="DefaultProximityBandKm"/>.</param>
/// <remarks>Fields added after scenario ids were first published are left out of serialized forms at their default
/// value (<see cref="JsonIgnoreCondition.WhenWritingDefault"/>), so a scenario that does not use them keeps its id.</remarks>
/// <param name="Tickets">Weighted lottery: rules giving students extra lottery tickets at the set's campuses; a student
/// gets the tickets of the first rule they match, else one. Null or empty: one ticket each.</param>
/// <param name="Ranking">What orders applicants within a priority class: the lottery, or the composite score
/// (<see cref="ChoiceSpec.Score"/>), higher first.</param>
/// <param name="ControlledChoice">Cambridge-style controlled choice: the set's seat pools are derived from a band
/// around the district share of a group, and <see cref="Pools"/> is empty.</param>
public sealed record CampusSetSpec(
    string Name,
    IReadOnlyList<string> Schools,
    IReadOnlyList<SeatPoolSpec> Pools,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] IReadOnlyList<PriorityClassSpec>? Priorities = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] double? WalkZoneKm = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] double? ProximityBandKm = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] IReadOnlyList<TicketRule>? Tickets = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] AdmissionRanking Ranking = AdmissionRanking.Lottery,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] ControlledChoiceSpec? ControlledChoice = null)
{
    /// <summary>One mile, Boston's walk-zone radius.</summary>
    public const double DefaultWalkZoneKm = 1.6;

    public const double DefaultProximityBandKm = 1.0;
}

/// <summary>A weighted-lottery rule: students matching <see cref="Who"/> hold <see cref="Count"/> tickets (≥ 1) and
/// draw the best of that many numbers.</summary>
public sealed record TicketRule(Eligibility Who, int Count);

/// <summary>What orders a campus's applicants within a priority class.</summary>
public enum AdmissionRanking
{
    /// <summary>The lottery (per the scenario's tie-breaking and tickets).</summary>
    Lottery,

    /// <summary>The composite admission score, higher first (selective enrollment).</summary>
    Score,
}

/// <summary>Controlled choice: each campus of the set keeps the share of <see cref="Group"/> among its admitted
/// students within ±<see cref="Band"/> of the group's share of the district's simulated students, by reserving
/// ⌈low × seats⌉ seats for the group and seats − ⌊high × seats⌋ for everyone else, the rest open.</summary>
/// <param name="Spillover">Where reserve seats nobody eligible claims go: <see cref="SpilloverKind.None"/> (they
/// stay empty, a hard band) or <see cref="SpilloverKind.Open"/> (to open competition, a soft band).</param>
public sealed record ControlledChoiceSpec(string Group, double Band, SpilloverKind Spillover = SpilloverKind.None);

/// <summary>One priority class of a campus set: the students of a group, of a home-area tier, living in the
/// campus's walk zone, or — for <see cref="PriorityClassKind.Proximity"/> — one class per distance band, closer
/// first.</summary>
/// <remarks><see cref="Tier"/> is a home-area tier number, 1 (poorest) to the scenario's tier count.</remarks>
public sealed record PriorityClassSpec(PriorityClassKind Kind, string? Group = null, int? Tier = null)
{
    public override string ToString() => Kind switch
    {
        PriorityClassKind.WalkZone => "walk_zone",
        PriorityClassKind.Proximity => "proximity",
        PriorityClassKind.HomeArea => $"home_area:tier{Tier}",
        _ => Group!,
    };
}

public enum PriorityClassKind
{
    /// <summary>The student's home neighborhood is within the set's walk-zone radius of the campus.</summary>
    WalkZone,

    /// <summary>The student's home neighborhood has the given home-area tier.</summary>
    HomeArea,

    /// <summary>The student is in the given group.</summary>
    Group,

    /// <summary>Distance bands of the set's band width, closer first (everyone is in one).</summary>
    Proximity,
}

/// <summary>
/// A seat pool (reserve) at each campus of a set: a share of every grade's seats, an eligibility rule, a fill order
/// and where seats it cannot fill go.
/// </summary>
/// <param name="Order">Fill precedence; lower fills first. Ties keep file order.</param>
public sealed record SeatPoolSpec(string Name, double Share, Eligibility Eligible, int Order, Spillover Spillover);

/// <summary>Which students a pool admits: a student group (null = any), a home-area tier number (1 = poorest;
/// null = any) and, if <see cref="WalkZone"/>, only those living in the campus's walk zone. All conditions given
/// must hold.</summary>
/// <remarks>Fields added after scenario ids were first published are left out of serialized forms at their default
/// value (<see cref="JsonIgnoreCondition.WhenWritingDefault"/>), so a scenario that does not use them keeps its id.</remarks>
public sealed record Eligibility(
    string? Group,
    int? Tier,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool WalkZone = false)
{
    public static readonly Eligibility Any = new(null, null);

    public override string ToString()
    {
        var parts = new List<string>(3);
        if (Group is { } g) parts.Add(g);
        if (Tier is { } t) parts.Add($"home_area:tier{t}");
        if (WalkZone) parts.Add("walk_zone");
        return parts.Count == 0 ? "any" : string.Join('+', parts);
    }
}

/// <summary>The names of the two tiers of the default two-tier split.</summary>
public static class HomeAreaTier
{
    /// <summary>Tier 1 of two: child poverty at or above the cutoff.</summary>
    public const int Disadvantaged = 1;

    /// <summary>Tier 2 of two: the other neighborhoods.</summary>
    public const int Other = 2;
}

/// <summary>Where a pool's unfilled seats go: nowhere, to open competition, or to a named pool.</summary>
public sealed record Spillover(SpilloverKind Kind, string? Pool = null)
{
    public static readonly Spillover None = new(SpilloverKind.None);
    public static readonly Spillover Open = new(SpilloverKind.Open);

    public override string ToString() => Kind switch
    {
        SpilloverKind.None => "none",
        SpilloverKind.Open => "open",
        SpilloverKind.OtherPool => "other-pool",
        _ => Pool!,
    };
}

public enum SpilloverKind
{
    None,
    Open,

    /// <summary>The only other pool of a two-pool layout.</summary>
    OtherPool,

    /// <summary>The pool named in <see cref="Spillover.Pool"/>.</summary>
    Named,
}
