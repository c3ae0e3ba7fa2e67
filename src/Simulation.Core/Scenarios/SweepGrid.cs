namespace Simulation.Core.Scenarios;

/// <summary>One axis of a sweep: a dotted path to a scalar parameter and the values it takes.</summary>
public sealed record SweepAxis(string Path, IReadOnlyList<string> Values, int Line);

/// <summary>
/// Expands a scenario document and its sweep axes into the cartesian grid of concrete documents.
/// </summary>
/// <remarks>
/// Pure and deterministic: the first axis varies slowest, values keep file order, so scenario <c>i</c> of a sweep
/// is the same on every machine. An axis must name an existing scalar (so a typo fails loudly rather than adding
/// an ignored key), must have at least one value, and no two axes may name the same path.
/// </remarks>
public static class SweepGrid
{
    public static IReadOnlyList<(MapNode Document, IReadOnlyList<KeyValuePair<string, string>> Parameters)> Expand(
        MapNode document, IReadOnlyList<SweepAxis> axes)
    {
        Preconditions.NotNull(document, nameof(document));
        var seen = new HashSet<string>();
        foreach (var axis in axes)
        {
            if (axis.Values.Count == 0)
                throw new ScenarioFormatException("sweep." + axis.Path, axis.Line, "a sweep axis needs at least one value");
            if (!seen.Add(axis.Path))
                throw new ScenarioFormatException("sweep." + axis.Path, axis.Line, "this path appears twice in the sweep");
            if (Find(document, axis.Path) is not ScalarNode)
                throw new ScenarioFormatException("sweep." + axis.Path, axis.Line,
                    "a sweep axis must name an existing scalar parameter of the scenario");
        }

        var results = new List<(MapNode, IReadOnlyList<KeyValuePair<string, string>>)>();
        var index = new int[axes.Count];
        while (true)
        {
            var doc = document;
            var parameters = new List<KeyValuePair<string, string>>(axes.Count);
            for (var a = 0; a < axes.Count; a++)
            {
                var value = axes[a].Values[index[a]];
                doc = (MapNode)Replace(doc, axes[a].Path.Split('.'), 0, value, axes[a].Line);
                parameters.Add(new(axes[a].Path, value));
            }
            results.Add((doc, parameters));

            var k = axes.Count - 1;
            while (k >= 0 && ++index[k] == axes[k].Values.Count)
            {
                index[k] = 0;
                k--;
            }
            if (k < 0) break;
        }
        return results;
    }

    /// <summary>The node at a dotted path, or null.</summary>
    public static ParameterNode? Find(ParameterNode node, string path)
    {
        foreach (var part in path.Split('.'))
        {
            node = node switch
            {
                MapNode m => m[part]!,
                ListNode l when int.TryParse(part, out var i) && i >= 0 && i < l.Items.Count => l.Items[i],
                _ => null!,
            };
            if (node is null) return null;
        }
        return node;
    }

    private static ParameterNode Replace(ParameterNode node, string[] parts, int depth, string value, int line)
    {
        if (depth == parts.Length) return new ScalarNode(value, line);
        switch (node)
        {
            case MapNode m:
                return m.With(parts[depth], Replace(m[parts[depth]]!, parts, depth + 1, value, line));
            case ListNode l:
                var i = int.Parse(parts[depth]);
                var items = l.Items.ToArray();
                items[i] = Replace(items[i], parts, depth + 1, value, line);
                return l with { Items = items };
            default:
                throw new InvalidOperationException("path was validated before substitution");
        }
    }
}
