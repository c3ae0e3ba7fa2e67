using System.Globalization;
using Simulation.Core.Mechanisms;
using Simulation.Core.Scenarios;
using Simulation.Input.Yaml;

namespace Simulation.Input.Scenarios;

/// <summary>
/// Binds one concrete scenario document (a sweep already expanded) to a <see cref="ScenarioSpec"/>, checking every
/// value and rejecting unknown keys.
/// </summary>
/// <remarks>
/// Checks here need only the document; checks against the district (group names, campus ids, grades) are in
/// <see cref="ScenarioDistrictCheck"/>. Errors are <see cref="ScenarioFormatException"/>s with dotted path and line;
/// <see cref="ScenarioFile"/> adds the file name. The format is documented in <c>scenarios/README.md</c>.
/// </remarks>
public static class ScenarioBinder
{
    /// <summary>Top-level keys that describe the file rather than a scenario; a sweep may not vary them.</summary>
    public static readonly IReadOnlyList<string> FileLevelKeys = ["description", "district", "output"];

    /// <summary>Pool share value meaning "whatever the other pools of the set leave".</summary>
    public const string RestShare = "rest";

    private const double ShareTolerance = 1e-9;

    public static ScenarioSpec Bind(MapNode document, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var root = new NodeReader(document, "");
        var name = NonEmpty(root, "name");
        root.OptionalText("description");
        NonEmpty(root, "district");
        if (root.Optional("output") is { } output) NonEmpty(root, "output", output);
        var seed = Seed(root);
        var replications = root.Int("replications", 1);
        var grades = root.OptionalList("grades") is { } gradeList ? DistinctNames(root.PathOf("grades"), gradeList) : [];
        var homeArea = HomeArea(root.OptionalMap("home_area"));
        var choice = Choice(root.RequiredMap("choice"));
        var campusSets = CampusSets(root.RequiredMap("campuses"), homeArea.TierCount);
        var funding = root.OptionalMap("funding") is { } fundingReader ? Funding(fundingReader) : null;
        var boundaries = root.OptionalMap("boundaries") is { } boundaryReader ? Boundaries(boundaryReader) : null;
        root.RejectUnknownKeys();
        if (choice.Score is null && campusSets.FirstOrDefault(set => set.Ranking == AdmissionRanking.Score) is { } scored)
        {
            var path = $"campuses.{scored.Name}.ranking";
            throw new ScenarioFormatException(path, SweepGrid.Find(document, path)?.Line ?? 0,
                "ranking by score needs 'choice.score': a score distribution (mean, sd) per group");
        }
        var spec = new ScenarioSpec(name, seed, replications, grades, choice, homeArea, campusSets, parameters, funding, boundaries);
        if (MechanismRules.Violation(spec) is { } violation)
            throw new ScenarioFormatException(violation.Path, SweepGrid.Find(document, violation.Path)?.Line ?? 0, violation.Message);
        return spec;
    }

    /// <summary>The <c>boundaries</c> section: the plan's name (<c>current</c> or a plan file). The plan's zoning is
    /// read later, with the district (<see cref="BoundaryPlans"/>).</summary>
    private static BoundarySpec Boundaries(NodeReader reader)
    {
        var plan = NonEmpty(reader, "plan");
        reader.RejectUnknownKeys();
        return new BoundarySpec(plan, []);
    }

    /// <summary>Parses an eligibility rule: <c>any</c>, or one to three conditions joined by <c>+</c>, at most one of
    /// each kind: a group, a home-area tier (<c>home_area:tier1</c> … <c>home_area:tierN</c>, and with two tiers
    /// also <c>home_area:disadvantaged</c> = tier 1 / <c>home_area:other</c> = tier 2), <c>walk_zone</c>.</summary>
    /// <param name="tiers">The scenario's number of home-area tiers.</param>
    /// <returns>Null when the text is not of that form.</returns>
    public static Eligibility? ParseEligibility(string text, int tiers = 2)
    {
        text = text.Trim();
        if (text == "any") return Eligibility.Any;
        string? group = null;
        int? tier = null;
        var walkZone = false;
        foreach (var part in text.Split('+'))
        {
            if (part == WalkZoneClass)
            {
                if (walkZone) return null;
                walkZone = true;
            }
            else if (part.StartsWith("home_area:", StringComparison.Ordinal))
            {
                if (tier is not null || ParseTier(part, tiers) is not { } t) return null;
                tier = t;
            }
            else
            {
                if (group is not null || !IsName(part)) return null;
                group = part;
            }
        }
        return new Eligibility(group, tier, walkZone);
    }

    /// <summary>Parses a priority class: <c>walk_zone</c>, <c>proximity</c>, a home-area tier (as in
    /// <see cref="ParseEligibility"/>) or a group.</summary>
    /// <returns>Null when the text is not of that form.</returns>
    public static PriorityClassSpec? ParsePriorityClass(string text, int tiers = 2)
    {
        text = text.Trim();
        if (text == WalkZoneClass) return new PriorityClassSpec(PriorityClassKind.WalkZone);
        if (text == "proximity") return new PriorityClassSpec(PriorityClassKind.Proximity);
        if (text.StartsWith("home_area:", StringComparison.Ordinal))
            return ParseTier(text, tiers) is { } tier ? new PriorityClassSpec(PriorityClassKind.HomeArea, Tier: tier) : null;
        return IsName(text) ? new PriorityClassSpec(PriorityClassKind.Group, Group: text) : null;
    }

    private const string WalkZoneClass = "walk_zone";

    /// <summary>A tier number 1 … <paramref name="tiers"/> from <c>home_area:tierK</c>, or with two tiers from
    /// <c>home_area:disadvantaged</c> (1) / <c>home_area:other</c> (2); null otherwise.</summary>
    private static int? ParseTier(string text, int tiers)
    {
        var name = text["home_area:".Length..];
        if (tiers == 2 && name == "disadvantaged") return HomeAreaTier.Disadvantaged;
        if (tiers == 2 && name == "other") return HomeAreaTier.Other;
        return name.StartsWith("tier", StringComparison.Ordinal)
               && int.TryParse(name.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k >= 1 && k <= tiers
               && name == "tier" + k.ToString(CultureInfo.InvariantCulture)
            ? k
            : null;
    }

    private static string TierForms(int tiers) =>
        (tiers == 2 ? "'home_area:disadvantaged', 'home_area:other', " : "") + $"'home_area:tier1' … 'home_area:tier{tiers}'";

    private static ulong Seed(NodeReader root)
    {
        var node = root.Required("seed");
        var text = NodeReader.ScalarText("seed", node);
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seed) && seed < 1UL << 63
            ? seed
            : throw root.Error("seed", node, $"expected an integer in [0, 2^63), got '{text}'");
    }

    private static HomeAreaSpec HomeArea(NodeReader? reader)
    {
        if (reader is null) return new HomeAreaSpec(null);
        int? tiers = null;
        if (reader.Optional("tiers") is { } tiersNode)
        {
            tiers = NodeReader.ParseInt(reader.PathOf("tiers"), tiersNode, 2);
            if (tiers > HomeAreaSpec.MaxTiers) throw reader.Error("tiers", tiersNode, $"expected 2 to {HomeAreaSpec.MaxTiers} tiers, got {tiers}");
            if (tiers == 2) tiers = null;
        }
        var node = reader.Optional("cutoff");
        reader.RejectKeysOtherThan(["cutoff", "tiers"]);
        if (node is null) return new HomeAreaSpec(null, tiers);
        if (tiers is not null)
            throw reader.Error("cutoff", node, "a cutoff splits neighborhoods in two tiers; with more tiers leave it out (student-weighted quantiles)");
        var text = NodeReader.ScalarText(reader.PathOf("cutoff"), node);
        if (text == "median") return new HomeAreaSpec(null);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var cutoff) && cutoff is >= 0 and <= 1
            ? new HomeAreaSpec(cutoff)
            : throw reader.Error("cutoff", node, $"expected 'median' or a number in [0, 1], got '{text}'");
    }

    private static ChoiceSpec Choice(NodeReader reader)
    {
        var listLength = reader.Int("list_length", 1);
        var tieNode = reader.Required("tie_breaking");
        var tieText = NodeReader.ScalarText(reader.PathOf("tie_breaking"), tieNode);
        var tieBreaking = AssignmentMechanisms.ParseTieBreaking(tieText)
                          ?? throw reader.Error("tie_breaking", tieNode, $"expected 'single', 'multiple' or 'pool', got '{tieText}'");

        var apply = new Dictionary<string, double>(StringComparer.Ordinal);
        var applyReader = reader.RequiredMap("apply");
        foreach (var (group, _) in GroupEntries(applyReader)) apply[group] = applyReader.Probability(group);

        var utility = new Dictionary<string, UtilitySpec>(StringComparer.Ordinal);
        var utilityReader = reader.RequiredMap("utility");
        foreach (var (group, _) in GroupEntries(utilityReader))
        {
            var coefficients = utilityReader.RequiredMap(group);
            utility[group] = new UtilitySpec(coefficients.Double("distance_per_km"), coefficients.Double("rating"));
            coefficients.RejectUnknownKeys();
        }
        var mechanism = MechanismKind.DeferredAcceptance;
        if (reader.Optional("mechanism") is { } mechanismNode)
        {
            var text = NodeReader.ScalarText(reader.PathOf("mechanism"), mechanismNode);
            mechanism = AssignmentMechanisms.Parse(text) ?? throw reader.Error("mechanism", mechanismNode,
                $"expected one of {string.Join(", ", AssignmentMechanisms.Names)}, got '{text}'");
        }
        Dictionary<string, ScoreSpec>? score = null;
        if (reader.OptionalMap("score") is { } scoreReader)
        {
            score = new Dictionary<string, ScoreSpec>(StringComparer.Ordinal);
            foreach (var (group, _) in GroupEntries(scoreReader))
            {
                var parameters = scoreReader.RequiredMap(group);
                score[group] = new ScoreSpec(parameters.Double("mean"), parameters.Double("sd", 0));
                parameters.RejectUnknownKeys();
            }
        }
        reader.RejectUnknownKeys();
        return new ChoiceSpec(listLength, tieBreaking, apply, utility, mechanism, score);
    }

    /// <summary>Weight keys of <c>funding.weights</c> that are not group names.</summary>
    public const string EnglishLearnerWeight = "english_learner", SpecialEducationWeight = "special_education";

    private static FundingSpec Funding(NodeReader reader)
    {
        var basePerPupil = reader.Double("base_per_pupil", 0);
        var groupWeights = new Dictionary<string, double>(StringComparer.Ordinal);
        double el = 0, sped = 0;
        if (reader.OptionalMap("weights") is { } weights)
        {
            foreach (var (key, node) in weights.Map.Entries)
            {
                var weight = weights.Double(key, -1);
                switch (key)
                {
                    case EnglishLearnerWeight: el = weight; break;
                    case SpecialEducationWeight: sped = weight; break;
                    default:
                        if (!IsName(key)) throw new ScenarioFormatException(weights.PathOf(key), node.Line, $"'{key}' is not a group name");
                        groupWeights[key] = weight;
                        break;
                }
            }
        }
        var povertyGroup = reader.OptionalText("poverty_group");
        var programs = new List<FundingProgramSpec>();
        if (reader.OptionalMap("programs") is { } programsReader)
        {
            foreach (var (programName, node) in programsReader.Map.Entries)
            {
                if (!IsName(programName))
                    throw new ScenarioFormatException(programsReader.PathOf(programName), node.Line,
                        $"'{programName}' is not a program name (letters, digits, '_' and '-')");
                var program = programsReader.RequiredMap(programName);
                var min = program.Probability("min_poverty_share");
                double? perPupil = program.Optional("per_pupil") is null ? null : program.Double("per_pupil", 0);
                double? pot = program.Optional("pot") is null ? null : program.Double("pot", 0);
                if (perPupil is null && pot is null)
                    throw new ScenarioFormatException(program.Path, node.Line, "give 'per_pupil', 'pot' or both");
                var counts = FundingCount.AllPupils;
                if (program.Optional("pupils") is { } pupilsNode)
                    counts = NodeReader.ScalarText(program.PathOf("pupils"), pupilsNode) switch
                    {
                        "all" => FundingCount.AllPupils,
                        "poverty" => FundingCount.PovertyPupils,
                        var other => throw program.Error("pupils", pupilsNode, $"expected 'all' or 'poverty', got '{other}'"),
                    };
                program.RejectUnknownKeys();
                programs.Add(new FundingProgramSpec(programName, min, perPupil, pot, counts));
            }
            programsReader.RejectUnknownKeys();
        }
        reader.RejectUnknownKeys();
        return new FundingSpec(basePerPupil, groupWeights, el, sped, povertyGroup, programs);
    }

    private static IReadOnlyList<KeyValuePair<string, ParameterNode>> GroupEntries(NodeReader reader)
    {
        if (reader.Map.Entries.Count == 0)
            throw new ScenarioFormatException(reader.Path, reader.Map.Line, "list at least one group");
        foreach (var (group, node) in reader.Map.Entries)
            if (!IsName(group))
                throw new ScenarioFormatException(reader.PathOf(group), node.Line, $"'{group}' is not a group name");
        return reader.Map.Entries;
    }

    private static IReadOnlyList<CampusSetSpec> CampusSets(NodeReader reader, int tiers)
    {
        var sets = new List<CampusSetSpec>();
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (setName, _) in reader.Map.Entries)
        {
            var set = reader.RequiredMap(setName);
            var schoolsNode = set.OptionalList("schools") ?? throw set.Missing("schools");
            var schools = NodeReader.TextList(set.PathOf("schools"), schoolsNode);
            if (schools.Count == 0) throw set.Error("schools", schoolsNode, "list at least one campus id");
            for (var i = 0; i < schools.Count; i++)
            {
                var path = $"{set.PathOf("schools")}.{i}";
                if (schools[i].Trim().Length == 0)
                    throw new ScenarioFormatException(path, schoolsNode.Items[i].Line, "a campus id is required");
                if (!owner.TryAdd(schools[i], setName))
                    throw new ScenarioFormatException(path, schoolsNode.Items[i].Line,
                        owner[schools[i]] == setName
                            ? $"campus {schools[i]} appears twice in this set"
                            : $"campus {schools[i]} is already in campus set '{owner[schools[i]]}'; a campus may be in one set only");
            }
            var controlled = set.OptionalMap("controlled_choice") is { } band ? ControlledChoice(band) : null;
            IReadOnlyList<SeatPoolSpec> pools;
            if (controlled is null) pools = Pools(set.RequiredMap("pools"), tiers);
            else if (set.Optional("pools") is { } poolsNode)
                throw set.Error("pools", poolsNode, "a controlled-choice set derives its pools from the band: leave 'pools' out");
            else pools = [];
            var priorities = set.OptionalList("priorities") is { } priorityList ? Priorities(set.PathOf("priorities"), priorityList, tiers) : null;
            var walkZoneKm = Km(set, "walk_zone_km");
            var proximityBandKm = Km(set, "proximity_band_km");
            var tickets = set.OptionalMap("tickets") is { } ticketReader ? Tickets(ticketReader, tiers) : null;
            var ranking = OptionalKeyword(set, "ranking", AdmissionRanking.Lottery, "'lottery' or 'score'",
                ("lottery", AdmissionRanking.Lottery), ("score", AdmissionRanking.Score));
            set.RejectUnknownKeys();
            sets.Add(new CampusSetSpec(setName, schools, pools, priorities, walkZoneKm, proximityBandKm, tickets, ranking, controlled));
        }
        reader.RejectUnknownKeys();
        return sets;
    }

    /// <summary>Weighted lottery: rule → tickets, in file order; a student gets the tickets of the first rule they
    /// match. Rules are eligibility texts (<c>ed</c>, <c>home_area:tier1</c>, <c>ed+walk_zone</c>).</summary>
    private static IReadOnlyList<TicketRule> Tickets(NodeReader reader, int tiers)
    {
        if (reader.Map.Entries.Count == 0) throw new ScenarioFormatException(reader.Path, reader.Map.Line, "list at least one rule (or leave 'tickets' out)");
        var rules = new List<TicketRule>();
        foreach (var (key, node) in reader.Map.Entries)
        {
            var who = ParseEligibility(key, tiers);
            if (who is null || who == Eligibility.Any)
                throw new ScenarioFormatException(reader.PathOf(key), node.Line,
                    $"expected a group, {TierForms(tiers)}, 'walk_zone', or several joined by '+', got '{key}'");
            var count = reader.Int(key, 1);
            if (count > 1_000_000) throw reader.Error(key, node, $"expected at most 1000000 tickets, got {count}");
            rules.Add(new TicketRule(who, count));
        }
        return rules;
    }

    private static ControlledChoiceSpec ControlledChoice(NodeReader reader)
    {
        var group = reader.Text("group").Trim();
        if (!IsName(group)) throw reader.Error("group", reader.Required("group"), $"'{group}' is not a group name");
        var band = reader.Probability("band");
        var spillover = OptionalKeyword(reader, "spillover", SpilloverKind.None,
            "'none' (a hard band) or 'open' (unclaimed reserve seats to open competition)",
            ("none", SpilloverKind.None), ("open", SpilloverKind.Open));
        reader.RejectUnknownKeys();
        return new ControlledChoiceSpec(group, band, spillover);
    }

    /// <summary>The value of an optional keyword key: <paramref name="fallback"/> when absent, else the value of the
    /// matching choice; any other text is an error that lists <paramref name="expected"/>.</summary>
    private static T OptionalKeyword<T>(NodeReader reader, string key, T fallback, string expected, params (string Name, T Value)[] choices)
    {
        if (reader.Optional(key) is not { } node) return fallback;
        var text = NodeReader.ScalarText(reader.PathOf(key), node);
        foreach (var (name, value) in choices)
            if (name == text) return value;
        throw reader.Error(key, node, $"expected {expected}, got '{text}'");
    }

    /// <summary>Priority classes, highest first: each at most once, and nothing after <c>proximity</c> (everyone is in
    /// one of its bands, so a later class could never apply).</summary>
    private static IReadOnlyList<PriorityClassSpec> Priorities(string path, ListNode list, int tiers)
    {
        var texts = NodeReader.TextList(path, list);
        var classes = new List<PriorityClassSpec>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            var line = list.Items[i].Line;
            var c = ParsePriorityClass(texts[i], tiers) ?? throw new ScenarioFormatException($"{path}.{i}", line,
                $"expected 'walk_zone', 'proximity', {TierForms(tiers)} or a group, got '{texts[i]}'");
            if (classes.Contains(c)) throw new ScenarioFormatException($"{path}.{i}", line, $"'{texts[i]}' appears twice");
            if (classes.Count > 0 && classes[^1].Kind == PriorityClassKind.Proximity)
                throw new ScenarioFormatException($"{path}.{i}", line, "'proximity' puts every student in a class, so it must come last");
            classes.Add(c);
        }
        return classes;
    }

    private static double? Km(NodeReader set, string key)
    {
        if (set.Optional(key) is not { } node) return null;
        var km = NodeReader.ParseDouble(set.PathOf(key), node, 0);
        return km > 0 ? km : throw set.Error(key, node, "expected a positive number of km, got 0");
    }

    private static IReadOnlyList<SeatPoolSpec> Pools(NodeReader reader, int tiers)
    {
        var entries = reader.Map.Entries;
        if (entries.Count == 0) throw new ScenarioFormatException(reader.Path, reader.Map.Line, "list at least one pool");
        var shares = new double?[entries.Count];
        var restIndex = -1;
        var readers = new NodeReader[entries.Count];
        for (var p = 0; p < entries.Count; p++)
        {
            var poolName = entries[p].Key;
            if (!IsName(poolName))
                throw new ScenarioFormatException(reader.PathOf(poolName), entries[p].Value.Line,
                    $"'{poolName}' is not a pool name (letters, digits, '_' and '-')");
            var pool = readers[p] = reader.RequiredMap(poolName);
            var shareNode = pool.Required("share");
            if (shareNode is ScalarNode { Value: RestShare })
            {
                if (restIndex >= 0)
                    throw pool.Error("share", shareNode, $"only one pool of a set may take the rest (pool '{entries[restIndex].Key}' already does)");
                restIndex = p;
            }
            else shares[p] = pool.Probability("share");
        }

        var explicitSum = shares.Sum(s => s ?? 0);
        if (restIndex >= 0)
        {
            var rest = 1 - explicitSum;
            if (rest < -ShareTolerance)
                throw readers[restIndex].Error("share", readers[restIndex].Required("share"),
                    $"the other pools' shares already sum to {Format(explicitSum)}, leaving nothing");
            shares[restIndex] = Math.Max(0, Math.Round(rest, 12));
        }
        else if (Math.Abs(explicitSum - 1) > ShareTolerance)
            throw new ScenarioFormatException(reader.Path, reader.Map.Line,
                $"pool shares must sum to 1, got {Format(explicitSum)} (give one pool 'share: {RestShare}' to let a sweep vary the others)");

        var pools = new List<SeatPoolSpec>(entries.Count);
        for (var p = 0; p < entries.Count; p++)
        {
            var pool = readers[p];
            var eligibleText = pool.Text("eligible");
            var eligible = ParseEligibility(eligibleText, tiers) ?? throw pool.Error("eligible", pool.Required("eligible"),
                $"expected 'any', a group, {TierForms(tiers)}, 'walk_zone', or several joined by '+' (e.g. 'ed+walk_zone'), got '{eligibleText}'");
            var order = pool.Optional("order") is null ? p + 1 : pool.Int("order");
            var spillover = pool.Optional("spillover") is { } spillNode
                ? Spillover(pool, spillNode, entries, p)
                : Core.Scenarios.Spillover.None;
            pool.RejectUnknownKeys();
            pools.Add(new SeatPoolSpec(entries[p].Key, shares[p]!.Value, eligible, order, spillover));
        }
        reader.RejectUnknownKeys();
        return pools;
    }

    /// <remarks>The keywords none, open and other-pool win over pool names, so a pool called "open" cannot be a
    /// named spillover target.</remarks>
    private static Spillover Spillover(NodeReader pool, ParameterNode node,
        IReadOnlyList<KeyValuePair<string, ParameterNode>> pools, int self)
    {
        var text = NodeReader.ScalarText(pool.PathOf("spillover"), node);
        switch (text)
        {
            case "none": return Core.Scenarios.Spillover.None;
            case "open": return Core.Scenarios.Spillover.Open;
            case "other-pool":
                return pools.Count == 2
                    ? new Spillover(SpilloverKind.OtherPool)
                    : throw pool.Error("spillover", node, $"'other-pool' needs exactly two pools in the set, found {pools.Count}");
        }
        if (text == pools[self].Key) throw pool.Error("spillover", node, "a pool cannot spill over into itself");
        return pools.Any(p => p.Key == text)
            ? new Spillover(SpilloverKind.Named, text)
            : throw pool.Error("spillover", node,
                $"expected 'none', 'open', 'other-pool' or the name of another pool of the set ({string.Join(", ", pools.Select(p => p.Key))}), got '{text}'");
    }

    private static string NonEmpty(NodeReader reader, string key, ParameterNode? node = null)
    {
        node ??= reader.Required(key);
        var text = NodeReader.ScalarText(reader.PathOf(key), node).Trim();
        return text.Length > 0 ? text : throw reader.Error(key, node, "a value is required");
    }

    private static IReadOnlyList<string> DistinctNames(string path, ListNode list)
    {
        var names = NodeReader.TextList(path, list);
        if (names.Count == 0) throw new ScenarioFormatException(path, list.Line, "list at least one grade (or leave the key out for all)");
        for (var i = 0; i < names.Count; i++)
            if (names.Take(i).Contains(names[i]))
                throw new ScenarioFormatException($"{path}.{i}", list.Items[i].Line, $"'{names[i]}' appears twice");
        return names;
    }

    private static bool IsName(string text) =>
        text.Length > 0 && text.All(c => char.IsLetterOrDigit(c) || c is '_' or '-');

    private static string Format(double x) => x.ToString("0.############", CultureInfo.InvariantCulture);
}
