using Simulation.Core.Scenarios;
using Simulation.Input.Files;
using Simulation.Input.Yaml;

namespace Simulation.Input.Districts;

/// <summary>Reads <c>district.yaml</c> into a <see cref="DistrictDefinition"/>.</summary>
public static class DistrictDefinitionReader
{
    /// <summary>The definition file's name inside a district folder.</summary>
    public const string FileName = "district.yaml";

    /// <exception cref="InputException">Missing file, malformed YAML, unknown or missing keys, bad values.</exception>
    public static (DistrictDefinition Definition, InputFile File) Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        var (document, file) = YamlParameterTree.Load(path);
        try
        {
            return (Bind(document), file);
        }
        catch (ScenarioFormatException e)
        {
            throw InputException.FromFormat(path, e);
        }
    }

    /// <summary>Binds a parsed definition; errors are <see cref="ScenarioFormatException"/>s with path and line.</summary>
    public static DistrictDefinition Bind(MapNode document)
    {
        var root = new NodeReader(document, "");
        var id = NonEmpty(root, "id");
        var name = NonEmpty(root, "name");

        var filesNode = root.RequiredMap("files");
        var files = new DistrictFiles(
            NonEmpty(filesNode, "schools"),
            NonEmpty(filesNode, "zones"),
            NonEmpty(filesNode, "tracts"),
            NonEmpty(filesNode, "tract_zone_overlap"),
            filesNode.OptionalText("summary"));
        filesNode.RejectUnknownKeys();

        var grades = DistinctNames(root, "grades");
        var groups = DistinctNames(root, "groups");
        if (groups.Count != 2)
            throw root.Error("groups", root.Required("groups"),
                "the calibration needs exactly two groups: the one counted by econ_disadv, then everyone else");

        var calibration = root.RequiredMap("calibration");
        var ladderNode = calibration.RequiredMap("grade_weights");
        var codes = new List<string>();
        var weights = new List<double>();
        foreach (var (code, node) in ladderNode.Map.Entries)
        {
            codes.Add(code);
            var weight = NodeReader.ParseDouble(ladderNode.PathOf(code), node);
            if (weight <= 0) throw new ScenarioFormatException(ladderNode.PathOf(code), node.Line, $"expected a number > 0, got '{weight}'");
            weights.Add(weight);
        }
        if (codes.Count == 0) throw new ScenarioFormatException(ladderNode.Path, ladderNode.Map.Line, "list at least one grade code");
        var ladder = new GradeLadder(codes, weights);

        var codeMap = calibration.RequiredMap("grade_codes");
        codeMap.RejectKeysOtherThan(grades);
        var gradeCodes = new List<string>();
        foreach (var grade in grades)
        {
            var code = codeMap.Text(grade);
            if (ladder.IndexOf(code) < 0)
                throw codeMap.Error(grade, codeMap.Required(grade), $"'{code}' is not a code listed in calibration.grade_weights");
            gradeCodes.Add(code);
        }
        calibration.RejectUnknownKeys();

        var ratingsNode = root.RequiredMap("ratings");
        var column = NonEmpty(ratingsNode, "column");
        var scoresNode = ratingsNode.RequiredMap("scores");
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (label, node) in scoresNode.Map.Entries)
            scores[label] = NodeReader.ParseDouble(scoresNode.PathOf(label), node);
        ratingsNode.RejectUnknownKeys();

        var choice = Campuses(root, "choice_campuses", "note");
        var excluded = Campuses(root, "excluded_campuses", "reason");
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (list, campuses) in new[] { ("choice_campuses", choice), ("excluded_campuses", excluded) })
            foreach (var campus in campuses)
                if (!seen.TryAdd(campus.Id, list))
                    throw new ScenarioFormatException(list, campus.Line,
                        $"campus {campus.Id} is already listed under {seen[campus.Id]}");
        root.RejectUnknownKeys();

        return new DistrictDefinition(id, name, files, grades, groups, ladder, gradeCodes,
            new RatingScale(column, scores), choice, excluded);
    }

    private static string NonEmpty(NodeReader reader, string key)
    {
        var text = reader.Text(key).Trim();
        return text.Length > 0 ? text : throw reader.Error(key, reader.Required(key), "a value is required");
    }

    private static IReadOnlyList<string> DistinctNames(NodeReader reader, string key)
    {
        var list = reader.OptionalList(key) ?? throw reader.Missing(key);
        var names = NodeReader.TextList(reader.PathOf(key), list);
        if (names.Count == 0) throw reader.Error(key, list, "list at least one name");
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i].Trim().Length == 0) throw new ScenarioFormatException($"{reader.PathOf(key)}.{i}", list.Items[i].Line, "a name is required");
            if (names.Take(i).Contains(names[i]))
                throw new ScenarioFormatException($"{reader.PathOf(key)}.{i}", list.Items[i].Line, $"'{names[i]}' appears twice");
        }
        return names;
    }

    private static IReadOnlyList<CuratedCampus> Campuses(NodeReader root, string key, string noteKey)
    {
        var list = root.OptionalList(key);
        if (list is null) return [];
        var campuses = new List<CuratedCampus>();
        for (var i = 0; i < list.Items.Count; i++)
        {
            var path = $"{key}.{i}";
            if (list.Items[i] is not MapNode map)
                throw new ScenarioFormatException(path, list.Items[i].Line, $"expected a mapping with sln and {noteKey}");
            var item = new NodeReader(map, path);
            var campus = new CuratedCampus(NonEmpty(item, "sln"), NonEmpty(item, noteKey), map.Line);
            item.RejectUnknownKeys();
            campuses.Add(campus);
        }
        return campuses;
    }
}
