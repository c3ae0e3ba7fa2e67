using System.Globalization;
using Simulation.Core.Scenarios;

namespace Simulation.Input.Yaml;

/// <summary>
/// Reads typed values out of one mapping of a parameter tree, by key, and rejects keys nobody asked for.
/// </summary>
/// <remarks>
/// Every error is a <see cref="ScenarioFormatException"/> carrying the dotted path and line of the offending node;
/// the file layer adds the file name. Call <see cref="RejectUnknownKeys"/> after reading all known keys so that a
/// misspelt key fails loudly instead of being ignored.
/// </remarks>
public sealed class NodeReader
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public NodeReader(MapNode map, string path)
    {
        Map = map;
        Path = path;
    }

    public MapNode Map { get; }

    /// <summary>Dotted path of this mapping ("" for the document root).</summary>
    public string Path { get; }

    public string PathOf(string key) => Path.Length == 0 ? key : Path + "." + key;

    /// <summary>Wraps the node under <paramref name="key"/> in a reader, or null if the key is absent.</summary>
    public NodeReader? OptionalMap(string key) =>
        Optional(key) switch
        {
            null => null,
            MapNode m => new NodeReader(m, PathOf(key)),
            var other => throw Error(key, other, "expected a mapping of keys to values"),
        };

    public NodeReader RequiredMap(string key) => OptionalMap(key) ?? throw Missing(key);

    public ListNode? OptionalList(string key) =>
        Optional(key) switch
        {
            null => null,
            ListNode l => l,
            var other => throw Error(key, other, "expected a list"),
        };

    public ParameterNode Required(string key) => Optional(key) ?? throw Missing(key);

    public ParameterNode? Optional(string key)
    {
        _read.Add(key);
        return Map[key];
    }

    public string Text(string key) => ScalarText(PathOf(key), Required(key));

    public string? OptionalText(string key) => Optional(key) is { } node ? ScalarText(PathOf(key), node) : null;

    public int Int(string key, int min = int.MinValue) => ParseInt(PathOf(key), Required(key), min);

    public double Double(string key, double min = double.NegativeInfinity, double max = double.PositiveInfinity) =>
        ParseDouble(PathOf(key), Required(key), min, max);

    public double Probability(string key) => Double(key, 0, 1);

    /// <summary>Fails on any key of this mapping that was not read, naming the first one.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var (key, node) in Map.Entries)
            if (!_read.Contains(key))
                throw new ScenarioFormatException(PathOf(key), node.Line, "unknown key");
    }

    /// <summary>Rejects keys outside an explicit list (for mappings whose values are read generically).</summary>
    public void RejectKeysOtherThan(IReadOnlyCollection<string> allowed)
    {
        foreach (var (key, node) in Map.Entries)
            if (!allowed.Contains(key))
                throw new ScenarioFormatException(PathOf(key), node.Line,
                    $"unknown key; expected one of {string.Join(", ", allowed)}");
    }

    /// <summary>A required key is absent. If an unread key of this mapping is a near miss (a typo), the error names
    /// that key instead, so the user is sent to the line to fix.</summary>
    public ScenarioFormatException Missing(string key)
    {
        foreach (var (other, node) in Map.Entries)
            if (!_read.Contains(other) && EditDistance(other, key) <= 2)
                return new ScenarioFormatException(PathOf(other), node.Line, $"unknown key; did you mean '{key}'?");
        return new ScenarioFormatException(PathOf(key), Map.Line, "required key is missing");
    }

    public ScenarioFormatException Error(string key, ParameterNode node, string message) =>
        new(PathOf(key), node.Line, message);

    public static string ScalarText(string path, ParameterNode node) =>
        node is ScalarNode s ? s.Value : throw new ScenarioFormatException(path, node.Line, "expected a single value");

    public static int ParseInt(string path, ParameterNode node, int min = int.MinValue)
    {
        var text = ScalarText(path, node);
        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw new ScenarioFormatException(path, node.Line, $"expected an integer, got '{text}'");
        if (value < min)
            throw new ScenarioFormatException(path, node.Line, $"expected an integer ≥ {min}, got '{text}'");
        return value;
    }

    public static double ParseDouble(string path, ParameterNode node, double min = double.NegativeInfinity,
        double max = double.PositiveInfinity)
    {
        var text = ScalarText(path, node);
        var ok = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) &&
                 double.IsFinite(value);
        if (ok && value >= min && value <= max) return value;
        var range = (double.IsNegativeInfinity(min), double.IsPositiveInfinity(max)) switch
        {
            (true, true) => "a number",
            (false, true) => $"a number ≥ {Format(min)}",
            (true, false) => $"a number ≤ {Format(max)}",
            _ => $"a number in [{Format(min)}, {Format(max)}]",
        };
        throw new ScenarioFormatException(path, node.Line, $"expected {range}, got '{text}'");
    }

    /// <summary>A list of scalars as text.</summary>
    public static IReadOnlyList<string> TextList(string path, ListNode list) =>
        list.Items.Select((item, i) => ScalarText($"{path}.{i}", item)).ToArray();

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    private static string Format(double x) => x.ToString(CultureInfo.InvariantCulture);
}
