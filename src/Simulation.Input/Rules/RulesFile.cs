using System.Text;
using System.Text.RegularExpressions;
using Simulation.Core.Replications;
using Simulation.Core.Rules;
using Simulation.Core.Scenarios;
using Simulation.Core.Statistics;
using Simulation.Input.Yaml;

namespace Simulation.Input.Rules;

/// <summary>
/// A rules file (YAML; format in docs/rules.md) read and checked against a district's metric catalog: every metric
/// and per-school measure a rule names must exist, so a typo fails before anything runs.
/// </summary>
/// <remarks>Errors are <see cref="InputException"/>s naming the file, line and field (<c>rules.2.at_most</c>).</remarks>
public static partial class RulesFile
{
    private static readonly string[] Tests = ["at_most", "at_least", "within_district"];

    /// <summary>Reads and checks a rules file.</summary>
    /// <param name="catalog">The metrics of the district the rules will be evaluated on (its group names give the
    /// per-school measures).</param>
    /// <exception cref="InputException">Any problem, located by file, line and field.</exception>
    public static (RuleSet Rules, string Sha256) Load(string path, MetricCatalog catalog)
    {
        var (file, content) = Files.InputFile.Read(path);
        return (Parse(path, Encoding.UTF8.GetString(content), catalog), file.Sha256);
    }

    /// <summary>As <see cref="Load"/>, from text; <paramref name="path"/> names the file in messages.</summary>
    public static RuleSet Parse(string path, string text, MetricCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var document = YamlParameterTree.Parse(path, text);
        try
        {
            return Bind(document, catalog);
        }
        catch (ScenarioFormatException e)
        {
            throw InputException.FromFormat(path, e);
        }
    }

    private static RuleSet Bind(MapNode document, MetricCatalog catalog)
    {
        var root = new NodeReader(document, "");
        var required = root.Optional("required_probability") is { } rp
            ? Probability("required_probability", rp)
            : 0.95;
        var directions = MetricDirections.Default;
        if (root.OptionalMap("directions") is { } dirs)
        {
            foreach (var (name, node) in dirs.Map.Entries)
            {
                var fieldPath = dirs.PathOf(name);
                var text = NodeReader.ScalarText(fieldPath, node);
                var direction = text switch
                {
                    "lower" => MetricDirection.LowerIsBetter,
                    "higher" => MetricDirection.HigherIsBetter,
                    "none" => MetricDirection.None,
                    _ => throw new ScenarioFormatException(fieldPath, node.Line, $"expected lower, higher or none, got '{text}'"),
                };
                if (catalog.IndexOf(name) < 0) throw UnknownMetric(fieldPath, node.Line, name, catalog);
                directions = directions.With(name, direction);
            }
        }
        var list = root.OptionalList("rules") ?? throw root.Missing("rules");
        if (list.Items.Count == 0) throw new ScenarioFormatException("rules", list.Line, "at least one rule is needed");
        root.RejectUnknownKeys();

        var rules = new List<Rule>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Items.Count; i++)
        {
            var path = $"rules.{i}";
            if (list.Items[i] is not MapNode map)
                throw new ScenarioFormatException(path, list.Items[i].Line, "expected a rule: a mapping with id and a test");
            var rule = BindRule(new NodeReader(map, path), required, catalog, directions);
            if (!ids.Add(rule.Id))
                throw new ScenarioFormatException(path + ".id", map["id"]!.Line, $"rule id '{rule.Id}' is used twice");
            rules.Add(rule);
        }
        return new RuleSet(rules, directions);
    }

    private static Rule BindRule(NodeReader r, double defaultRequired, MetricCatalog catalog, MetricDirections directions)
    {
        var id = r.Text("id");
        if (!IdPattern().IsMatch(id))
            throw r.Error("id", r.Required("id"), $"ids use letters, digits, '-' and '_', got '{id}'");
        var description = r.OptionalText("description");
        var required = r.Optional("required_probability") is { } rp
            ? Probability(r.PathOf("required_probability"), rp)
            : defaultRequired;

        var kinds = new (string Key, RuleKind Kind)[] { ("metric", RuleKind.Metric), ("each_school", RuleKind.EachSchool), ("improves", RuleKind.Improves) }
            .Where(k => r.Map[k.Key] is not null).ToList();
        if (kinds.Count != 1)
            throw new ScenarioFormatException(r.Path, r.Map.Line,
                kinds.Count == 0 ? "a rule needs one of metric, each_school or improves" : "a rule has exactly one of metric, each_school or improves");
        var (kindKey, kind) = kinds[0];
        var measure = r.Text(kindKey).Trim();
        var measureNode = r.Required(kindKey);
        var groups = catalog.GroupNames;
        if (kind == RuleKind.EachSchool)
        {
            if (!SchoolMeasures.TryResolve(measure, groups, out _))
                throw r.Error(kindKey, measureNode,
                    $"unknown per-school measure '{measure}'; known: {string.Join(", ", SchoolMeasures.Names(groups))}");
        }
        else if (catalog.IndexOf(measure) < 0)
        {
            throw UnknownMetric(r.PathOf(kindKey), measureNode.Line, measure, catalog);
        }

        if (kind == RuleKind.Improves)
        {
            if (directions.Of(measure) == MetricDirection.None)
                throw r.Error(kindKey, measureNode, $"'{measure}' has no better direction; declare it under 'directions' (lower or higher)");
            var minimum = r.Optional("by_at_least") is { } m ? NodeReader.ParseDouble(r.PathOf("by_at_least"), m, 0) : 0;
            foreach (var t in Tests)
                if (r.Map[t] is { } node) throw r.Error(t, node, "an improves rule has no bound; use by_at_least for a minimum improvement");
            RejectIfPresent(r, "schools", "only per-school rules select schools");
            r.RejectUnknownKeys();
            return new Rule(id, description, kind, measure, RuleTest.Better, RuleBound.Number(0), required, SchoolSelection.All, minimum, r.Map.Line);
        }

        var tests = Tests.Where(t => r.Map[t] is not null).ToList();
        if (tests.Count != 1)
            throw new ScenarioFormatException(r.Path, r.Map.Line,
                tests.Count == 0 ? "a rule needs one test: at_most, at_least or within_district" : "a rule has exactly one test: at_most, at_least or within_district");
        var testKey = tests[0];
        var bound = Bound(r, testKey, kind, catalog);
        var test = testKey switch { "at_most" => RuleTest.AtMost, "at_least" => RuleTest.AtLeast, _ => RuleTest.WithinDistrict };
        var schools = SchoolSelection.All;
        if (kind == RuleKind.EachSchool)
        {
            if (test == RuleTest.WithinDistrict)
            {
                SchoolMeasures.TryResolve(measure, groups, out var resolved);
                if (!resolved.HasDistrictValue)
                    throw r.Error(testKey, r.Required(testKey), $"'{measure}' has no district-wide value; within_district works with share_<group> and capacity_use");
            }
            if (r.Optional("schools") is { } s)
            {
                var text = NodeReader.ScalarText(r.PathOf("schools"), s);
                schools = text switch
                {
                    "all" => SchoolSelection.All,
                    "choice" => SchoolSelection.Choice,
                    "zoned" => SchoolSelection.Zoned,
                    _ => throw r.Error("schools", s, $"expected all, choice or zoned, got '{text}'"),
                };
            }
        }
        else
        {
            if (test == RuleTest.WithinDistrict)
                throw r.Error(testKey, r.Required(testKey), "within_district is a per-school test (use each_school)");
            RejectIfPresent(r, "schools", "only per-school rules select schools");
        }
        RejectIfPresent(r, "by_at_least", "only improves rules have a minimum improvement");
        r.RejectUnknownKeys();
        return new Rule(id, description, kind, measure, test, bound, required, schools, 0, r.Map.Line);
    }

    private static RuleBound Bound(NodeReader r, string key, RuleKind kind, MetricCatalog catalog)
    {
        var node = r.Required(key);
        var text = NodeReader.ScalarText(r.PathOf(key), node).Trim();
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            if (!double.IsFinite(value)) throw r.Error(key, node, $"expected a finite number, got '{text}'");
            if (key == "within_district" && value < 0) throw r.Error(key, node, $"expected a number ≥ 0, got '{text}'");
            return RuleBound.Number(value);
        }
        if (key == "within_district") throw r.Error(key, node, $"expected a number (the tolerance), got '{text}'");
        if (text == "baseline") return RuleBound.Baseline;
        if (kind == RuleKind.EachSchool)
            throw r.Error(key, node, $"expected a number or 'baseline', got '{text}'");
        if (catalog.IndexOf(text) < 0) throw UnknownMetric(r.PathOf(key), node.Line, text, catalog, "a number, 'baseline' or ");
        return RuleBound.OfMetric(text);
    }

    private static void RejectIfPresent(NodeReader r, string key, string reason)
    {
        if (r.Map[key] is { } node) throw r.Error(key, node, reason);
    }

    private static double Probability(string path, ParameterNode node)
    {
        var p = NodeReader.ParseDouble(path, node, 0, 1);
        if (p is <= 0 or >= 1)
            throw new ScenarioFormatException(path, node.Line, $"expected a probability strictly between 0 and 1, got '{NodeReader.ScalarText(path, node)}'");
        return p;
    }

    private static ScenarioFormatException UnknownMetric(string path, int line, string name, MetricCatalog catalog, string expected = "") =>
        new(path, line, $"expected {expected}a metric name, got '{name}'; metrics of this district: {string.Join(", ", catalog.Names)}");

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex IdPattern();
}
