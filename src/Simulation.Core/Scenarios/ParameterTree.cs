namespace Simulation.Core.Scenarios;

/// <summary>
/// A scenario document as an immutable tree of maps, lists and scalars, each node remembering the line it came
/// from. Sweeps substitute scalars by dotted path (<c>campuses.fifty_fifty.pools.ed.share</c>); binders read
/// typed values from it and report errors by path and line.
/// </summary>
public abstract record ParameterNode(int Line);

/// <summary>A scalar as written in the file (text); binders parse it.</summary>
public sealed record ScalarNode(string Value, int Line) : ParameterNode(Line);

/// <summary>An ordered sequence.</summary>
public sealed record ListNode(IReadOnlyList<ParameterNode> Items, int Line) : ParameterNode(Line);

/// <summary>An ordered mapping with unique keys.</summary>
public sealed record MapNode(IReadOnlyList<KeyValuePair<string, ParameterNode>> Entries, int Line) : ParameterNode(Line)
{
    public ParameterNode? this[string key]
    {
        get
        {
            foreach (var (k, v) in Entries)
                if (k == key) return v;
            return null;
        }
    }

    public MapNode With(string key, ParameterNode value)
    {
        var entries = new List<KeyValuePair<string, ParameterNode>>(Entries.Count + 1);
        var replaced = false;
        foreach (var e in Entries)
        {
            if (e.Key == key)
            {
                entries.Add(new(key, value));
                replaced = true;
            }
            else entries.Add(e);
        }
        if (!replaced) entries.Add(new(key, value));
        return this with { Entries = entries };
    }

    public MapNode Without(string key) =>
        this with { Entries = Entries.Where(e => e.Key != key).ToList() };
}

/// <summary>An error in a scenario document, located by dotted path and line.</summary>
public sealed class ScenarioFormatException(string path, int line, string message)
    : Exception(line > 0 ? $"line {line}, field '{path}': {message}" : $"field '{path}': {message}")
{
    public string Path { get; } = path;
    public int Line { get; } = line;
    public string Reason { get; } = message;
}
