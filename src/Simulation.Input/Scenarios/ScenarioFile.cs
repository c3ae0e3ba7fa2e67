using System.Text;
using Simulation.Core.Model;
using Simulation.Core.Scenarios;
using Simulation.Input.Files;
using Simulation.Input.Yaml;

namespace Simulation.Input.Scenarios;

/// <summary>One concrete scenario of a file: the bound spec and the document it was bound from.</summary>
/// <param name="Document">The scenario document with this scenario's sweep values substituted (no <c>sweep</c> key).</param>
public sealed record ExpandedScenario(ScenarioSpec Spec, MapNode Document);

/// <summary>
/// A scenario file (YAML) read, checked and expanded: one <see cref="ScenarioSpec"/> per point of its sweep grid.
/// </summary>
/// <remarks>
/// <para>The format is documented field by field in <c>scenarios/README.md</c>. The district folder is resolved
/// relative to the scenario file; the output folder is kept as written (relative to the working directory).</para>
/// <para>Scenarios follow <see cref="SweepGrid.Expand"/>: first axis slowest, values in file order. Every scenario
/// is bound and checked, so a sweep value that breaks a rule (e.g. pool shares that no longer sum to 1) is reported
/// at its sweep line.</para>
/// <para>Thread safety: immutable after loading.</para>
/// </remarks>
public sealed class ScenarioFile
{
    private ScenarioFile(string path, string sha256, MapNode document, string? description, string districtFolder,
        string? output, IReadOnlyList<SweepAxis> sweep, IReadOnlyList<ExpandedScenario> scenarios)
    {
        Path = path;
        Sha256 = sha256;
        Document = document;
        Description = description;
        DistrictFolder = districtFolder;
        Output = output;
        Sweep = sweep;
        Scenarios = scenarios;
    }

    /// <summary>The file as the caller named it.</summary>
    public string Path { get; }

    /// <summary>Lower-case hex SHA-256 of the file's bytes.</summary>
    public string Sha256 { get; }

    /// <summary>The whole document as written, including <c>sweep</c>.</summary>
    public MapNode Document { get; }

    public string? Description { get; }

    /// <summary>The district folder: the <c>district</c> field resolved against the scenario file's folder.</summary>
    public string DistrictFolder { get; }

    /// <summary>The <c>output</c> field as written, or null.</summary>
    public string? Output { get; }

    /// <summary>The sweep axes in file order; empty without a sweep.</summary>
    public IReadOnlyList<SweepAxis> Sweep { get; }

    /// <summary>The expanded scenarios, in grid order; exactly one without a sweep.</summary>
    public IReadOnlyList<ExpandedScenario> Scenarios { get; }

    /// <summary>This file with its scenarios replaced (same order and documents), e.g. with resolved boundary plans.</summary>
    internal ScenarioFile WithScenarios(IReadOnlyList<ExpandedScenario> scenarios) =>
        new(Path, Sha256, Document, Description, DistrictFolder, Output, Sweep, scenarios);

    /// <summary>The line of the node at a dotted path of <see cref="Document"/>, or 0 if there is none.</summary>
    public int LineOf(string path) => SweepGrid.Find(Document, path)?.Line ?? 0;

    /// <summary>Reads, binds and expands a scenario file (without looking at the district).</summary>
    /// <exception cref="InputException">Any problem, located by line and field path.</exception>
    public static ScenarioFile Load(string path)
    {
        var (file, content) = InputFile.Read(path);
        return Parse(path, Encoding.UTF8.GetString(content), file.Sha256);
    }

    /// <summary>As <see cref="Load"/>, from text; <paramref name="path"/> names the file in messages and anchors the
    /// district folder.</summary>
    public static ScenarioFile Parse(string path, string text, string sha256)
    {
        var document = YamlParameterTree.Parse(path, text);
        try
        {
            var root = new NodeReader(document, "");
            var district = NodeReader.ScalarText("district", root.Required("district"));
            var description = root.OptionalText("description");
            var output = root.OptionalText("output");
            var axes = Axes(root.OptionalMap("sweep"));
            var scenarios = SweepGrid.Expand(document.Without("sweep"), axes)
                .Select(e => new ExpandedScenario(ScenarioBinder.Bind(e.Document, e.Parameters), e.Document))
                .ToArray();
            var folder = System.IO.Path.GetDirectoryName(path) ?? "";
            return new ScenarioFile(path, sha256, document, description, System.IO.Path.Combine(folder, district.Trim()),
                output, axes, scenarios);
        }
        catch (ScenarioFormatException e)
        {
            throw InputException.FromFormat(path, e);
        }
    }

    /// <summary>Checks every scenario against the district: groups, choice campuses and grades must exist there.</summary>
    /// <exception cref="InputException">The first mismatch, located by line and field path.</exception>
    public void ValidateAgainst(District district)
    {
        try
        {
            foreach (var scenario in Scenarios) ScenarioDistrictCheck.Check(scenario.Spec, scenario.Document, district);
        }
        catch (ScenarioFormatException e)
        {
            throw InputException.FromFormat(Path, e);
        }
    }

    private static IReadOnlyList<SweepAxis> Axes(NodeReader? sweep)
    {
        if (sweep is null) return [];
        var axes = new List<SweepAxis>();
        foreach (var (path, node) in sweep.Map.Entries)
        {
            var fieldPath = sweep.PathOf(path);
            if (ScenarioBinder.FileLevelKeys.Contains(path.Split('.')[0]))
                throw new ScenarioFormatException(fieldPath, node.Line, "this field describes the whole file and cannot be swept");
            if (node is not ListNode list)
                throw new ScenarioFormatException(fieldPath, node.Line, "expected a list of values");
            axes.Add(new SweepAxis(path, NodeReader.TextList(fieldPath, list), node.Line));
        }
        return axes;
    }
}
