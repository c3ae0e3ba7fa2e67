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
}

/// <summary>Family choice behaviour: who applies and how applicants rank choice campuses (multinomial logit).</summary>
/// <param name="ListLength">Maximum campuses an applicant ranks (k).</param>
/// <param name="ApplyProbability">Per group name: the probability that a student applies at all.</param>
/// <param name="Utility">Per group name: utility coefficients.</param>
public sealed record ChoiceSpec(
    int ListLength,
    TieBreaking TieBreaking,
    IReadOnlyDictionary<string, double> ApplyProbability,
    IReadOnlyDictionary<string, UtilitySpec> Utility);

/// <summary>Systematic utility of a campus: <c>DistancePerKm · km + Rating · rating score</c> (A = 4 … F = 0).</summary>
public sealed record UtilitySpec(double DistancePerKm, double Rating);

/// <summary>How neighborhoods are split into home-area tiers: a neighborhood whose child poverty rate is at least
/// <see cref="Cutoff"/> is "disadvantaged"; a null cutoff means the student-weighted median over neighborhoods.</summary>
public sealed record HomeAreaSpec(double? Cutoff);

/// <summary>A named set of choice campuses sharing one seat-pool layout.</summary>
public sealed record CampusSetSpec(string Name, IReadOnlyList<string> Schools, IReadOnlyList<SeatPoolSpec> Pools);

/// <summary>
/// A seat pool (reserve) at each campus of a set: a share of every grade's seats, an eligibility rule, a fill order
/// and where seats it cannot fill go.
/// </summary>
/// <param name="Order">Fill precedence; lower fills first. Ties keep file order.</param>
public sealed record SeatPoolSpec(string Name, double Share, Eligibility Eligible, int Order, Spillover Spillover);

/// <summary>Which students a pool admits: a student group (null = any) and a home-area tier (null = any).</summary>
public sealed record Eligibility(string? Group, HomeAreaTier? Tier)
{
    public static readonly Eligibility Any = new(null, null);

    public override string ToString() => (Group, Tier) switch
    {
        (null, null) => "any",
        ({ } g, null) => g,
        (null, { } t) => $"home_area:{t.ToString().ToLowerInvariant()}",
        ({ } g, { } t) => $"{g}+home_area:{t.ToString().ToLowerInvariant()}",
    };
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
