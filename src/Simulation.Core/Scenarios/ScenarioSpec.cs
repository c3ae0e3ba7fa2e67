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
public sealed record ScenarioSpec(
    string Name,
    ulong Seed,
    int Replications,
    IReadOnlyList<string> Grades,
    ChoiceSpec Choice,
    HomeAreaSpec HomeArea,
    IReadOnlyList<CampusSetSpec> CampusSets,
    IReadOnlyList<KeyValuePair<string, string>> Parameters);

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
/// <remarks>Fields added after scenario ids were first published are left out of serialized forms at their default
/// value (<see cref="JsonIgnoreCondition.WhenWritingDefault"/>), so a scenario that does not use them keeps its id.</remarks>
public sealed record ChoiceSpec(
    int ListLength,
    TieBreaking TieBreaking,
    IReadOnlyDictionary<string, double> ApplyProbability,
    IReadOnlyDictionary<string, UtilitySpec> Utility,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] MechanismKind Mechanism = MechanismKind.DeferredAcceptance);

/// <summary>Systematic utility of a campus: <c>DistancePerKm · km + Rating · rating score</c> (A = 4 … F = 0).</summary>
public sealed record UtilitySpec(double DistancePerKm, double Rating);

/// <summary>How neighborhoods are split into home-area tiers: a neighborhood whose child poverty rate is at least
/// <see cref="Cutoff"/> is "disadvantaged"; a null cutoff means the student-weighted median over neighborhoods.</summary>
public sealed record HomeAreaSpec(double? Cutoff);

/// <summary>A named set of choice campuses sharing one seat-pool layout and one priority order.</summary>
/// <param name="Priorities">Priority classes, highest first; a student in none of them is in the lowest class, and
/// ties within a class go by lottery. Null or empty: the lottery alone.</param>
/// <param name="WalkZoneKm">Radius of a campus's walk zone (home neighborhood to campus, km); null means
/// <see cref="DefaultWalkZoneKm"/>.</param>
/// <param name="ProximityBandKm">Width of the distance bands of the <c>proximity</c> class (km); null means
/// <see cref="DefaultProximityBandKm"/>.</param>
/// <remarks>Fields added after scenario ids were first published are left out of serialized forms at their default
/// value (<see cref="JsonIgnoreCondition.WhenWritingDefault"/>), so a scenario that does not use them keeps its id.</remarks>
public sealed record CampusSetSpec(
    string Name,
    IReadOnlyList<string> Schools,
    IReadOnlyList<SeatPoolSpec> Pools,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] IReadOnlyList<PriorityClassSpec>? Priorities = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] double? WalkZoneKm = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] double? ProximityBandKm = null)
{
    /// <summary>One mile, Boston's walk-zone radius.</summary>
    public const double DefaultWalkZoneKm = 1.6;

    public const double DefaultProximityBandKm = 1.0;
}

/// <summary>One priority class of a campus set: the students of a group, of a home-area tier, living in the
/// campus's walk zone, or — for <see cref="PriorityClassKind.Proximity"/> — one class per distance band, closer
/// first.</summary>
public sealed record PriorityClassSpec(PriorityClassKind Kind, string? Group = null, HomeAreaTier? Tier = null)
{
    public override string ToString() => Kind switch
    {
        PriorityClassKind.WalkZone => "walk_zone",
        PriorityClassKind.Proximity => "proximity",
        PriorityClassKind.HomeArea => $"home_area:{Tier.ToString()!.ToLowerInvariant()}",
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

/// <summary>Which students a pool admits: a student group (null = any), a home-area tier (null = any) and, if
/// <see cref="WalkZone"/>, only those living in the campus's walk zone. All conditions given must hold.</summary>
/// <remarks>Fields added after scenario ids were first published are left out of serialized forms at their default
/// value (<see cref="JsonIgnoreCondition.WhenWritingDefault"/>), so a scenario that does not use them keeps its id.</remarks>
public sealed record Eligibility(
    string? Group,
    HomeAreaTier? Tier,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool WalkZone = false)
{
    public static readonly Eligibility Any = new(null, null);

    public override string ToString()
    {
        var parts = new List<string>(3);
        if (Group is { } g) parts.Add(g);
        if (Tier is { } t) parts.Add($"home_area:{t.ToString().ToLowerInvariant()}");
        if (WalkZone) parts.Add("walk_zone");
        return parts.Count == 0 ? "any" : string.Join('+', parts);
    }
}

/// <summary>Home-area tier of a neighborhood.</summary>
public enum HomeAreaTier
{
    Disadvantaged = 0,
    Other = 1,
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
