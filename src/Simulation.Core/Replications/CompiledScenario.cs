using Simulation.Core.Equity;
using Simulation.Core.Mechanisms;
using Simulation.Core.Model;
using Simulation.Core.Scenarios;

namespace Simulation.Core.Replications;

/// <summary>
/// A scenario bound to a district, with everything that does not change between replications precomputed once:
/// the simulated cohorts, each cohort's candidate programs and logit weights, the seat-pool layout of every program,
/// home-area tiers, and the metric catalog.
/// </summary>
/// <remarks>
/// <para>A <em>program</em> is one grade at one choice campus that belongs to a campus set and has seats in that
/// grade. Applicants of grade g rank programs of grade g only. A choice campus in no campus set takes no students.</para>
/// <para>A student's <em>type</em> at a program (for pool eligibility) is <see cref="TypeOf"/> of their group, their
/// home-area tier and whether they live in the program's walk zone. A student's <em>priority class</em> at a program
/// comes from the program's campus set (<see cref="CampusSetSpec.Priorities"/>).</para>
/// <para>Immutable and thread-safe after <see cref="Compile"/>.</para>
/// </remarks>
public sealed class CompiledScenario
{
    private CompiledScenario(District district, ScenarioSpec spec)
    {
        District = district;
        Spec = spec;
    }

    public District District { get; }
    public ScenarioSpec Spec { get; }
    public MetricCatalog Catalog { get; private set; } = null!;

    /// <summary>The scenario's funding formula bound to the district; null without a <c>funding</c> section.</summary>
    public FundingFormula? Funding { get; private set; }

    /// <summary>Per school: whether its rating label is <c>A</c> or <c>B</c> (the quality-access metrics).</summary>
    public bool[] RatedAOrB { get; private set; } = [];
    public ScenarioLayout Layout { get; private set; } = null!;
    public SeatPoolLayout Pools { get; private set; } = null!;

    /// <summary>Simulated cohorts (count &gt; 0, simulated grade), in district cohort order.</summary>
    public int[] CohortIds { get; private set; } = [];

    /// <summary>Per neighborhood: the school it is zoned to under the scenario's boundary plan (the district's own
    /// zoning without one).</summary>
    public int[] ZonedSchool { get; private set; } = [];

    /// <summary>Per simulated cohort: its neighborhood, grade, group, type and student count.</summary>
    public int[] CohortNeighborhood { get; private set; } = [];
    public int[] CohortGrade { get; private set; } = [];
    public int[] CohortGroup { get; private set; } = [];
    public byte[] CohortType { get; private set; } = [];
    public int[] CohortSize { get; private set; } = [];

    /// <summary>Per simulated cohort: offsets into <see cref="CandidateProgram"/> / <see cref="CandidateWeight"/>.</summary>
    public int[] CandidateStart { get; private set; } = [];
    public int[] CandidateProgram { get; private set; } = [];
    public double[] CandidateWeight { get; private set; } = [];

    /// <summary>Per candidate: the cohort's type at the program (walk zone included).</summary>
    public byte[] CandidateType { get; private set; } = [];

    /// <summary>Per candidate: the cohort's priority class at the program (0 = highest).</summary>
    public int[] CandidateClass { get; private set; } = [];

    /// <summary>Per candidate: the cohort's lottery tickets at the program (1 unless the set's ticket rules say
    /// otherwise).</summary>
    public int[] CandidateTickets { get; private set; } = [];

    /// <summary>Whether any candidate holds more than one ticket.</summary>
    public bool HasTickets { get; private set; }

    /// <summary>Per program: whether it ranks applicants by composite score instead of the lottery.</summary>
    public bool[] ProgramByScore { get; private set; } = [];

    /// <summary>Whether any program ranks by score, so applicants draw scores.</summary>
    public bool UsesScores { get; private set; }

    /// <summary>Per group: mean and standard deviation of the composite score (NaN without scores).</summary>
    public double[] ScoreMean { get; private set; } = [];
    public double[] ScoreSd { get; private set; } = [];

    /// <summary>Per pool of <see cref="Pools"/>: the lottery stream of its pool lottery under pool tie-breaking
    /// (<see cref="Lottery.PoolStream"/> of the campus index and the hash of the pool's name).</summary>
    public ulong[] PoolStream { get; private set; } = [];

    /// <summary>Number of home-area tiers (2 unless the scenario says otherwise).</summary>
    public int TierCount => Spec.HomeArea.TierCount;

    /// <summary>Per controlled-choice campus set (index into the spec's sets, else NaN): the low and high end of the
    /// band on the group's share.</summary>
    public double[] BandLow { get; private set; } = [];
    public double[] BandHigh { get; private set; } = [];

    /// <summary>Whether any campus set has priority classes. Without them a priority key is the whole 64-bit lottery
    /// hash; with them, the class sits above the hash's top <see cref="Lottery.Bits"/> bits.</summary>
    public bool HasPriorities { get; private set; }

    /// <summary>The class of a student at a program of another grade: below every real class, so top trading cycles
    /// never lets a program point at such a student while one of its own grade remains.</summary>
    public const int OtherGradeClass = PriorityClasses.MaxClasses;

    /// <summary>The child-poverty cut points between home-area tiers, ascending: a neighborhood at or above the last is
    /// in tier 1.</summary>
    public double[] HomeAreaCutoffs { get; private set; } = [];

    /// <summary>Per school: its campus set (index into the spec's sets), or -1.</summary>
    private int[] SetOfSchool { get; set; } = [];
    private int[] _tiers = [];

    /// <summary>Per program: its campus (school index) and grade.</summary>
    public int[] ProgramSchool { get; private set; } = [];
    public int[] ProgramGrade { get; private set; } = [];

    /// <summary>Per group: probability of applying.</summary>
    public double[] ApplyProbability { get; private set; } = [];

    public int ListLength => Spec.Choice.ListLength;
    public int StudentCount { get; private set; }
    public int MaxCandidates { get; private set; }

    /// <summary>Binds <paramref name="spec"/> to <paramref name="district"/>.</summary>
    /// <exception cref="ScenarioFormatException">A name in the scenario does not exist in the district, or a value is
    /// out of range; the exception names the scenario field.</exception>
    public static CompiledScenario Compile(District district, ScenarioSpec spec)
    {
        Preconditions.NotNull(district, nameof(district));
        Preconditions.NotNull(spec, nameof(spec));
        var c = new CompiledScenario(district, spec);
        c.Build();
        return c;
    }

    private void Build()
    {
        var d = District;
        var groups = d.GroupCount;
        if (Spec.Choice.ListLength < 1) throw Error("choice.list_length", "must be at least 1");
        if (Spec.Replications < 1) throw Error("replications", "must be at least 1");
        var tierCount = Spec.HomeArea.TierCount;
        if (tierCount < 2 || tierCount > HomeAreaSpec.MaxTiers) throw Error("home_area.tiers", $"must be 2 to {HomeAreaSpec.MaxTiers}, got {tierCount}");
        if (tierCount > 2 && Spec.HomeArea.Cutoff is not null) throw Error("home_area.cutoff", "a cutoff splits neighborhoods in two tiers; with more tiers leave it out (quantiles)");
        if (groups * tierCount * 2 > 64) throw Error("choice.apply", $"at most {64 / (2 * tierCount)} groups are supported with {tierCount} home-area tiers");
        if (MechanismRules.Violation(Spec) is { } violation) throw Error(violation.Path, violation.Message);

        var gradeSimulated = new bool[d.GradeCount];
        if (Spec.Grades.Count == 0) Array.Fill(gradeSimulated, true);
        foreach (var g in Spec.Grades)
        {
            var gi = d.IndexOfGrade(g);
            if (gi < 0) throw Error("grades", $"grade '{g}' is not a grade of district {d.Id} ({string.Join(", ", d.GradeNames)})");
            gradeSimulated[gi] = true;
        }

        ApplyProbability = new double[groups];
        var distanceCoef = new double[groups];
        var ratingCoef = new double[groups];
        for (var k = 0; k < groups; k++)
        {
            var name = d.GroupNames[k];
            if (!Spec.Choice.ApplyProbability.TryGetValue(name, out var p))
                throw Error($"choice.apply.{name}", $"missing: every group of district {d.Id} needs an application probability");
            if (!(p >= 0 && p <= 1)) throw Error($"choice.apply.{name}", $"must lie in [0, 1], got {p}");
            ApplyProbability[k] = p;
            if (!Spec.Choice.Utility.TryGetValue(name, out var u))
                throw Error($"choice.utility.{name}", $"missing: every group of district {d.Id} needs utility coefficients");
            if (!double.IsFinite(u.DistancePerKm) || !double.IsFinite(u.Rating))
                throw Error($"choice.utility.{name}", "coefficients must be finite");
            distanceCoef[k] = u.DistancePerKm;
            ratingCoef[k] = u.Rating;
        }
        foreach (var name in Spec.Choice.ApplyProbability.Keys)
            if (d.IndexOfGroup(name) < 0) throw Error($"choice.apply.{name}", $"'{name}' is not a group of district {d.Id}");
        foreach (var name in Spec.Choice.Utility.Keys)
            if (d.IndexOfGroup(name) < 0) throw Error($"choice.utility.{name}", $"'{name}' is not a group of district {d.Id}");

        BuildZoning();
        BuildScores();
        var tiers = BuildHomeAreaTiers(gradeSimulated, out var cutoff);
        BuildBands(gradeSimulated);
        BuildPrograms(gradeSimulated, out var programOfSchoolGrade);
        BuildCohorts(gradeSimulated, tiers, programOfSchoolGrade, distanceCoef, ratingCoef);

        var seats = new int[d.SchoolCount];
        for (var s = 0; s < d.SchoolCount; s++)
            for (var g = 0; g < d.GradeCount; g++)
                if (gradeSimulated[g]) seats[s] += d.SeatsByGrade[d.SeatIndex(s, g)];
        Funding = Spec.Funding is { } funding ? FundingFormula.Compile(funding, d, seats) : null;
        RatedAOrB = d.Schools.Select(school => school.Rating is "A" or "B").ToArray();
        Catalog = new MetricCatalog(d.GroupNames, Funding?.ProgramNames);
        Layout = new ScenarioLayout(seats, BuildTargetShares(), tiers, cutoff) { Funding = Funding };
    }

    private void BuildZoning()
    {
        var d = District;
        ZonedSchool = d.Neighborhoods.Select(n => n.ZonedSchool).ToArray();
        if (Spec.Boundaries is not { } plan) return;
        if (plan.ZonedSchools.Count != d.NeighborhoodCount)
            throw Error("boundaries.plan", $"plan '{plan.Plan}' zones {plan.ZonedSchools.Count} neighborhoods; district {d.Id} has {d.NeighborhoodCount}");
        for (var n = 0; n < d.NeighborhoodCount; n++)
        {
            var s = d.IndexOfSchool(plan.ZonedSchools[n]);
            if (s < 0) throw Error("boundaries.plan", $"plan '{plan.Plan}' zones neighborhood {d.Neighborhoods[n].Id} to '{plan.ZonedSchools[n]}', not a school of district {d.Id}");
            if (d.Schools[s].IsChoice)
                throw Error("boundaries.plan", $"plan '{plan.Plan}' zones neighborhood {d.Neighborhoods[n].Id} to choice campus '{plan.ZonedSchools[n]}', which has no attendance zone");
            ZonedSchool[n] = s;
        }
    }

    private int[] BuildHomeAreaTiers(bool[] gradeSimulated, out double cutoff)
    {
        var d = District;
        var tierCount = TierCount;
        // cuts[j - 1] (j = 1 … tiers − 1): a neighborhood with a rate at or above it is in tier tiers − j or poorer.
        var cuts = new double[tierCount - 1];
        if (Spec.HomeArea.Cutoff is { } fixedCutoff)
        {
            if (!(fixedCutoff >= 0 && fixedCutoff <= 1)) throw Error("home_area.cutoff", $"must lie in [0, 1], got {fixedCutoff}");
            cuts[0] = fixedCutoff;
        }
        else
        {
            // Student-weighted quantiles: cut j is the smallest rate at which at least j / tiers of the simulated
            // students live in neighborhoods with a rate at or below it (the median for two tiers).
            var weight = new long[d.NeighborhoodCount];
            long total = 0;
            for (var n = 0; n < d.NeighborhoodCount; n++)
                for (var g = 0; g < d.GradeCount; g++)
                    if (gradeSimulated[g])
                        for (var k = 0; k < d.GroupCount; k++)
                            weight[n] += d.CohortCounts[d.CohortIndex(n, g, k)];
            foreach (var w in weight) total += w;
            var order = Enumerable.Range(0, d.NeighborhoodCount)
                .OrderBy(n => d.Neighborhoods[n].ChildPovertyRate).ThenBy(n => n).ToArray();
            for (var j = 1; j < tierCount; j++)
            {
                long running = 0;
                cuts[j - 1] = d.Neighborhoods[order[^1]].ChildPovertyRate;
                foreach (var n in order)
                {
                    running += weight[n];
                    if (tierCount * running >= j * total)
                    {
                        cuts[j - 1] = d.Neighborhoods[n].ChildPovertyRate;
                        break;
                    }
                }
            }
        }
        cutoff = cuts[^1];
        HomeAreaCutoffs = cuts;
        var tiers = new int[d.NeighborhoodCount];
        for (var n = 0; n < d.NeighborhoodCount; n++)
        {
            var above = 0;
            foreach (var cut in cuts)
                if (d.Neighborhoods[n].ChildPovertyRate >= cut) above++;
            tiers[n] = tierCount - 1 - above;
        }
        return tiers;
    }

    private void BuildPrograms(bool[] gradeSimulated, out int[] programOfSchoolGrade)
    {
        var d = District;
        programOfSchoolGrade = new int[d.SchoolCount * d.GradeCount];
        Array.Fill(programOfSchoolGrade, -1);
        var setOfSchool = new int[d.SchoolCount];
        Array.Fill(setOfSchool, -1);
        for (var si = 0; si < Spec.CampusSets.Count; si++)
        {
            var set = Spec.CampusSets[si];
            ValidatePools(set);
            foreach (var id in set.Schools)
            {
                var s = d.IndexOfSchool(id);
                var path = $"campuses.{set.Name}.schools";
                if (s < 0) throw Error(path, $"school '{id}' is not in district {d.Id}");
                if (!d.Schools[s].IsChoice) throw Error(path, $"school '{id}' ({d.Schools[s].Name}) has an attendance zone; only choice campuses can run lotteries");
                if (setOfSchool[s] >= 0) throw Error(path, $"school '{id}' is already in campus set '{Spec.CampusSets[setOfSchool[s]].Name}'");
                setOfSchool[s] = si;
            }
        }

        var programSchool = new List<int>();
        var programGrade = new List<int>();
        var programByScore = new List<bool>();
        var poolStart = new List<int> { 0 };
        var poolSeats = new List<int>();
        var poolEligible = new List<ulong>();
        var poolSpill = new List<int>();
        var poolIds = new List<ulong>();
        var poolStreams = new List<ulong>();
        for (var s = 0; s < d.SchoolCount; s++)
        {
            if (setOfSchool[s] < 0) continue;
            var setIndex = setOfSchool[s];
            var set = Spec.CampusSets[setIndex];
            for (var g = 0; g < d.GradeCount; g++)
            {
                var seats = d.SeatsByGrade[d.SeatIndex(s, g)];
                if (!gradeSimulated[g] || seats == 0) continue;
                programOfSchoolGrade[d.SeatIndex(s, g)] = programSchool.Count;
                programSchool.Add(s);
                programGrade.Add(g);
                programByScore.Add(set.Ranking == AdmissionRanking.Score);
                var pools = set.ControlledChoice is { } band ? ControlledPools(seats, band, BandLow[setIndex], BandHigh[setIndex]) : set.Pools;
                var fillOrder = Enumerable.Range(0, pools.Count).OrderBy(i => pools[i].Order).ThenBy(i => i).ToArray();
                var split = set.ControlledChoice is null ? SplitSeats(seats, pools) : pools.Select(p => (int)p.Share).ToArray();
                var first = poolSeats.Count;
                var open = first + pools.Count;
                foreach (var i in fillOrder)
                {
                    var pool = pools[i];
                    poolSeats.Add(split[i]);
                    poolEligible.Add(EligibleMask(pool.Eligible));
                    poolSpill.Add(pool.Spillover.Kind switch
                    {
                        SpilloverKind.None => SeatPoolLayout.NoSpillover,
                        SpilloverKind.Open => open,
                        SpilloverKind.OtherPool => first + Array.IndexOf(fillOrder, 1 - i),
                        _ => first + Array.IndexOf(fillOrder, IndexOfPool(pools, pool.Spillover.Pool!)),
                    });
                    poolIds.Add(Lottery.IdOf(pool.Name));
                }
                poolSeats.Add(0);
                poolEligible.Add(ulong.MaxValue);
                poolSpill.Add(SeatPoolLayout.NoSpillover);
                poolIds.Add(Lottery.IdOf(""));
                for (var i = first; i < poolSeats.Count; i++) poolStreams.Add(Lottery.PoolStream((ulong)s, poolIds[i]));
                poolStart.Add(poolSeats.Count);
            }
        }
        ProgramSchool = [.. programSchool];
        ProgramGrade = [.. programGrade];
        ProgramByScore = [.. programByScore];
        UsesScores = ProgramByScore.Any(x => x);
        SetOfSchool = setOfSchool;
        PoolStream = [.. poolStreams];
        Pools = new SeatPoolLayout([.. poolStart], [.. poolSeats], [.. poolEligible], [.. poolSpill], [.. poolIds]);
    }

    /// <summary>The pools of one controlled-choice program of <paramref name="seats"/> seats, with seat counts (not
    /// shares) in <see cref="SeatPoolSpec.Share"/>: ⌈low × seats⌉ for the group, seats − ⌊high × seats⌋ for everyone
    /// else, the rest open. When no integer split lies in the band (a tiny program), the group gets the seats nearest
    /// to the district share and the others the rest, with no open seats.</summary>
    private List<SeatPoolSpec> ControlledPools(int seats, ControlledChoiceSpec band, double low, double high)
    {
        var reserved = (int)Math.Ceiling(low * seats - 1e-9);
        var cap = (int)Math.Floor(high * seats + 1e-9);
        if (reserved > cap) reserved = cap = (int)Math.Round((low + high) / 2 * seats, MidpointRounding.AwayFromZero);
        var spill = band.Spillover == SpilloverKind.Open ? Spillover.Open : Spillover.None;
        var others = GroupComplement(band.Group);
        return
        [
            new SeatPoolSpec(band.Group, reserved, new Eligibility(band.Group, null), 1, spill),
            new SeatPoolSpec("not_" + band.Group, seats - cap, new Eligibility(others, null), 2, spill),
            new SeatPoolSpec("band_open", cap - reserved, Eligibility.Any, 3, Spillover.None),
        ];
    }

    /// <summary>The other group of a two-group district.</summary>
    private string GroupComplement(string group) => District.GroupNames.Single(g => g != group);

    private void BuildBands(bool[] gradeSimulated)
    {
        var d = District;
        BandLow = new double[Spec.CampusSets.Count];
        BandHigh = new double[Spec.CampusSets.Count];
        Array.Fill(BandLow, double.NaN);
        Array.Fill(BandHigh, double.NaN);
        for (var si = 0; si < Spec.CampusSets.Count; si++)
        {
            if (Spec.CampusSets[si].ControlledChoice is not { } band) continue;
            var path = $"campuses.{Spec.CampusSets[si].Name}.controlled_choice";
            var k = d.IndexOfGroup(band.Group);
            if (k < 0) throw Error(path + ".group", $"'{band.Group}' is not a group of district {d.Id}");
            if (d.GroupCount != 2) throw Error(path, "controlled choice bands one group against the rest: the district needs exactly two groups");
            if (!(band.Band >= 0 && band.Band <= 1)) throw Error(path + ".band", $"must lie in [0, 1], got {band.Band}");
            long inGroup = 0, total = 0;
            for (var n = 0; n < d.NeighborhoodCount; n++)
                for (var g = 0; g < d.GradeCount; g++)
                    if (gradeSimulated[g])
                        for (var j = 0; j < d.GroupCount; j++)
                        {
                            var count = d.CohortCounts[d.CohortIndex(n, g, j)];
                            total += count;
                            if (j == k) inGroup += count;
                        }
            var share = total > 0 ? (double)inGroup / total : 0;
            BandLow[si] = Math.Max(0, share - band.Band);
            BandHigh[si] = Math.Min(1, share + band.Band);
        }
    }

    private void BuildScores()
    {
        var d = District;
        ScoreMean = new double[d.GroupCount];
        ScoreSd = new double[d.GroupCount];
        Array.Fill(ScoreMean, double.NaN);
        Array.Fill(ScoreSd, double.NaN);
        var needed = Spec.CampusSets.FirstOrDefault(set => set.Ranking == AdmissionRanking.Score);
        if (Spec.Choice.Score is not { } scores)
        {
            if (needed is not null) throw Error($"campuses.{needed.Name}.ranking", "ranking by score needs 'choice.score' (a mean and sd per group)");
            return;
        }
        foreach (var name in scores.Keys)
            if (d.IndexOfGroup(name) < 0) throw Error($"choice.score.{name}", $"'{name}' is not a group of district {d.Id}");
        for (var k = 0; k < d.GroupCount; k++)
        {
            var name = d.GroupNames[k];
            if (!scores.TryGetValue(name, out var score)) throw Error($"choice.score.{name}", "missing: give every group a score distribution");
            if (!double.IsFinite(score.Mean)) throw Error($"choice.score.{name}.mean", "must be a finite number");
            if (!(score.Sd >= 0 && double.IsFinite(score.Sd))) throw Error($"choice.score.{name}.sd", $"must be a finite number ≥ 0, got {score.Sd}");
            ScoreMean[k] = score.Mean;
            ScoreSd[k] = score.Sd;
        }
    }

    private void ValidatePools(CampusSetSpec set)
    {
        var prefix = $"campuses.{set.Name}.pools";
        if (set.ControlledChoice is not null)
        {
            if (set.Pools.Count > 0) throw Error(prefix, "a controlled-choice set derives its pools from the band: leave 'pools' out");
        }
        else if (set.Pools.Count == 0) throw Error(prefix, "a campus set needs at least one pool");
        if (set.WalkZoneKm is { } walk && !(walk > 0 && double.IsFinite(walk)))
            throw Error($"campuses.{set.Name}.walk_zone_km", $"must be a positive number of km, got {walk}");
        if (set.ProximityBandKm is { } band && !(band > 0 && double.IsFinite(band)))
            throw Error($"campuses.{set.Name}.proximity_band_km", $"must be a positive number of km, got {band}");
        foreach (var c in set.Priorities ?? [])
        {
            if (c.Kind == PriorityClassKind.Group && District.IndexOfGroup(c.Group!) < 0)
                throw Error($"campuses.{set.Name}.priorities", $"'{c.Group}' is not a group of district {District.Id}");
            if (c.Tier is { } tier && (tier < 1 || tier > TierCount))
                throw Error($"campuses.{set.Name}.priorities", $"home-area tier {tier} does not exist: the scenario has {TierCount} tiers");
        }
        for (var i = 0; i < (set.Tickets?.Count ?? 0); i++)
        {
            var rule = set.Tickets![i];
            CheckEligibility($"campuses.{set.Name}.tickets", rule.Who);
            if (rule.Count < 1) throw Error($"campuses.{set.Name}.tickets", $"ticket counts must be ≥ 1, got {rule.Count}");
        }
        if (set.ControlledChoice is not null) return;
        double sum = 0;
        foreach (var pool in set.Pools)
        {
            var path = $"{prefix}.{pool.Name}";
            if (!(pool.Share >= 0 && pool.Share <= 1)) throw Error(path + ".share", $"must lie in [0, 1], got {pool.Share}");
            sum += pool.Share;
            CheckEligibility(path + ".eligible", pool.Eligible);
            switch (pool.Spillover.Kind)
            {
                case SpilloverKind.OtherPool when set.Pools.Count != 2:
                    throw Error(path + ".spillover", "'other-pool' needs exactly two pools; name the target pool instead");
                case SpilloverKind.Named when IndexOfPool(set, pool.Spillover.Pool!) < 0 || pool.Spillover.Pool == pool.Name:
                    throw Error(path + ".spillover", $"'{pool.Spillover.Pool}' is not another pool of campus set '{set.Name}'");
            }
        }
        if (Math.Abs(sum - 1) > 1e-9) throw Error(prefix, $"pool shares must sum to 1, got {sum}");
    }

    private void CheckEligibility(string path, Eligibility e)
    {
        if (e.Group is { } g && District.IndexOfGroup(g) < 0)
            throw Error(path, $"'{g}' is not a group of district {District.Id}");
        if (e.Tier is { } tier && (tier < 1 || tier > TierCount))
            throw Error(path, $"home-area tier {tier} does not exist: the scenario has {TierCount} tiers");
    }

    private static int IndexOfPool(CampusSetSpec set, string name) => IndexOfPool(set.Pools, name);

    private static int IndexOfPool(IReadOnlyList<SeatPoolSpec> pools, string name)
    {
        for (var i = 0; i < pools.Count; i++)
            if (pools[i].Name == name) return i;
        return -1;
    }

    /// <summary>Splits a program's seats across pools by largest remainder (ties to the earlier pool in the file),
    /// so pool seats always sum to the program's seats.</summary>
    internal static int[] SplitSeats(int seats, IReadOnlyList<SeatPoolSpec> pools)
    {
        var split = new int[pools.Count];
        var remainders = new double[pools.Count];
        var assigned = 0;
        for (var i = 0; i < pools.Count; i++)
        {
            var exact = seats * pools[i].Share;
            split[i] = (int)Math.Floor(exact + 1e-9);
            remainders[i] = exact - split[i];
            assigned += split[i];
        }
        var order = Enumerable.Range(0, pools.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i).ToArray();
        for (var r = 0; assigned < seats; r = (r + 1) % order.Length, assigned++) split[order[r]]++;
        return split;
    }

    private ulong EligibleMask(Eligibility e)
    {
        ulong mask = 0;
        for (var k = 0; k < District.GroupCount; k++)
            for (var t = 0; t < TierCount; t++)
            {
                if (Matches(e, k, t, true)) mask |= 1UL << TypeOf(k, t, true, TierCount);
                if (Matches(e, k, t, false)) mask |= 1UL << TypeOf(k, t, false, TierCount);
            }
        return mask;
    }

    /// <summary>Whether a student of group <paramref name="group"/>, home-area tier index <paramref name="tier"/>
    /// (0 = tier 1) and walk-zone status meets every condition of <paramref name="e"/>.</summary>
    private bool Matches(Eligibility e, int group, int tier, bool walkZone) =>
        (e.Group is not { } g || District.GroupNames[group] == g) && (e.Tier is not { } t || t == tier + 1) && (!e.WalkZone || walkZone);

    /// <summary>The pool-eligibility type of a student of group <paramref name="group"/> from a neighborhood of
    /// home-area tier index <paramref name="tier"/> (0 = tier 1, the poorest) of <paramref name="tiers"/>, living in
    /// the program's walk zone or not.</summary>
    public static int TypeOf(int group, int tier, bool walkZone, int tiers = 2) => (group * tiers + tier) * 2 + (walkZone ? 1 : 0);

    /// <summary>The priority class (0 = highest) of cohort <paramref name="cohort"/> (an index into
    /// <see cref="CohortIds"/>) at program <paramref name="program"/>; <see cref="OtherGradeClass"/> for a program of
    /// another grade.</summary>
    public int PriorityClassOf(int cohort, int program) =>
        ProgramGrade[program] != CohortGrade[cohort]
            ? OtherGradeClass
            : ClassOf(CohortNeighborhood[cohort], CohortGroup[cohort], ProgramSchool[program]);

    /// <summary>The first of the campus set's classes that the student matches, counting a proximity class as one
    /// class per band; one past the last class if none matches.</summary>
    private int ClassOf(int neighborhood, int group, int school)
    {
        var set = Spec.CampusSets[SetOfSchool[school]];
        var km = District.DistanceKm[District.DistanceIndex(neighborhood, school)];
        var rank = 0;
        foreach (var c in set.Priorities ?? [])
        {
            switch (c.Kind)
            {
                case PriorityClassKind.WalkZone when km <= (set.WalkZoneKm ?? CampusSetSpec.DefaultWalkZoneKm):
                case PriorityClassKind.HomeArea when _tiers[neighborhood] + 1 == c.Tier!.Value:
                case PriorityClassKind.Group when District.GroupNames[group] == c.Group:
                    return rank;
                case PriorityClassKind.Proximity:
                    return rank + (int)Math.Min(km / (set.ProximityBandKm ?? CampusSetSpec.DefaultProximityBandKm), PriorityClasses.MaxClasses - 1 - rank);
            }
            rank++;
        }
        return rank;
    }

    /// <summary>The tickets of the first of the set's ticket rules the student matches; 1 if none.</summary>
    private int TicketsOf(CampusSetSpec set, int group, int tier, bool walkZone)
    {
        foreach (var rule in set.Tickets ?? [])
            if (Matches(rule.Who, group, tier, walkZone)) return rule.Count;
        return 1;
    }

    /// <summary>The lottery tickets of cohort <paramref name="cohort"/> (an index into <see cref="CohortIds"/>) at
    /// program <paramref name="program"/>.</summary>
    public int TicketsOf(int cohort, int program)
    {
        var school = ProgramSchool[program];
        var n = CohortNeighborhood[cohort];
        return TicketsOf(Spec.CampusSets[SetOfSchool[school]], CohortGroup[cohort], _tiers[n], InWalkZone(n, school));
    }

    private bool InWalkZone(int neighborhood, int school)
    {
        var set = Spec.CampusSets[SetOfSchool[school]];
        return District.DistanceKm[District.DistanceIndex(neighborhood, school)] <= (set.WalkZoneKm ?? CampusSetSpec.DefaultWalkZoneKm);
    }

    private void BuildCohorts(bool[] gradeSimulated, int[] tiers, int[] programOfSchoolGrade, double[] distanceCoef, double[] ratingCoef)
    {
        var d = District;
        var ids = new List<int>();
        var candStart = new List<int> { 0 };
        var candProgram = new List<int>();
        var candWeight = new List<double>();
        var candType = new List<byte>();
        var candClass = new List<int>();
        var candTickets = new List<int>();
        _tiers = tiers;
        var students = 0;
        for (var n = 0; n < d.NeighborhoodCount; n++)
            for (var g = 0; g < d.GradeCount; g++)
            {
                if (!gradeSimulated[g]) continue;
                for (var k = 0; k < d.GroupCount; k++)
                {
                    var id = d.CohortIndex(n, g, k);
                    if (d.CohortCounts[id] == 0) continue;
                    ids.Add(id);
                    students += d.CohortCounts[id];
                    for (var s = 0; s < d.SchoolCount; s++)
                    {
                        var p = programOfSchoolGrade[d.SeatIndex(s, g)];
                        if (p < 0) continue;
                        var v = distanceCoef[k] * d.DistanceKm[d.DistanceIndex(n, s)] + ratingCoef[k] * d.Schools[s].RatingScore;
                        candProgram.Add(p);
                        candWeight.Add(Math.Exp(v));
                        var walk = InWalkZone(n, s);
                        candType.Add((byte)TypeOf(k, tiers[n], walk, TierCount));
                        candClass.Add(ClassOf(n, k, s));
                        candTickets.Add(TicketsOf(Spec.CampusSets[SetOfSchool[s]], k, tiers[n], walk));
                    }
                    candStart.Add(candProgram.Count);
                    MaxCandidates = Math.Max(MaxCandidates, candStart[^1] - candStart[^2]);
                }
            }
        if (MaxCandidates > Choice.PlackettLuceSampler.MaxAlternatives)
            throw Error("campuses", $"at most {Choice.PlackettLuceSampler.MaxAlternatives} choice programs per grade are supported");
        CohortIds = [.. ids];
        CohortNeighborhood = ids.Select(c => c / (d.GradeCount * d.GroupCount)).ToArray();
        CohortGrade = ids.Select(c => c / d.GroupCount % d.GradeCount).ToArray();
        CohortGroup = ids.Select(c => c % d.GroupCount).ToArray();
        CohortType = ids.Select(c => (byte)TypeOf(c % d.GroupCount, tiers[c / (d.GradeCount * d.GroupCount)], false, TierCount)).ToArray();
        CohortSize = ids.Select(c => d.CohortCounts[c]).ToArray();
        CandidateStart = [.. candStart];
        CandidateProgram = [.. candProgram];
        CandidateWeight = [.. candWeight];
        CandidateType = [.. candType];
        CandidateClass = [.. candClass];
        CandidateTickets = [.. candTickets];
        HasTickets = candTickets.Any(t => t > 1);
        HasPriorities = Spec.CampusSets.Any(set => set.Priorities is { Count: > 0 });
        StudentCount = students;
    }

    private double[] BuildTargetShares()
    {
        var d = District;
        var groups = d.GroupCount;
        var reserved = new double[d.SchoolCount * groups];
        var total = new double[d.SchoolCount];
        for (var p = 0; p < Pools.ProgramCount; p++)
        {
            var s = ProgramSchool[p];
            for (var i = Pools.PoolStart[p]; i < Pools.PoolStart[p + 1]; i++)
            {
                total[s] += Pools.Seats[i];
                for (var k = 0; k < groups; k++)
                {
                    var groupTypes = 0UL;
                    for (var t = 0; t < TierCount; t++) groupTypes |= (1UL << TypeOf(k, t, false, TierCount)) | (1UL << TypeOf(k, t, true, TierCount));
                    var mask = Pools.EligibleTypes[i] & AllTypesMask(groups);
                    if (mask != 0 && (mask & ~groupTypes) == 0) reserved[s * groups + k] += Pools.Seats[i];
                }
            }
        }
        var share = new double[d.SchoolCount * groups];
        for (var s = 0; s < d.SchoolCount; s++)
            for (var k = 0; k < groups; k++)
                share[s * groups + k] = total[s] > 0 && reserved[s * groups + k] > 0 ? reserved[s * groups + k] / total[s] : double.NaN;
        return share;
    }

    private ulong AllTypesMask(int groups) => groups * TierCount * 2 >= 64 ? ulong.MaxValue : (1UL << (groups * TierCount * 2)) - 1;

    private static ScenarioFormatException Error(string path, string message) => new(path, 0, message);
}
