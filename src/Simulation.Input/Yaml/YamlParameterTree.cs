using System.Text;
using Simulation.Core.Scenarios;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Simulation.Input.Yaml;

/// <summary>Reads a YAML document into the core's parameter tree (<see cref="MapNode"/>, <see cref="ListNode"/>, <see cref="ScalarNode"/>), keeping
/// the 1-based line of every node.</summary>
/// <remarks>
/// The document must be a single mapping. Keys must be scalars and unique within their mapping. Scalars keep their
/// text exactly as written (quoted or not: <c>1</c> and <c>"1"</c> are both the text <c>1</c>); binders parse them,
/// numbers with the invariant culture. An empty value (<c>key:</c>) becomes the empty text. A mapping or list that
/// is the value of a key gets the key's line (a block collection itself starts on the next line).
/// </remarks>
public static class YamlParameterTree
{
    /// <summary>Parses YAML text; <paramref name="file"/> is only used in error messages.</summary>
    /// <exception cref="InputException">Malformed YAML, duplicate or non-scalar keys, or a root that is not a mapping.</exception>
    public static MapNode Parse(string file, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var reason = e.Message.StartsWith("Duplicate key", StringComparison.Ordinal)
                ? "duplicate key" + e.Message["Duplicate key".Length..].TrimEnd('.')
                : "malformed YAML: " + Unwrap(e);
            throw new InputException(file, $"line {e.Start.Line}", null, reason, e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner throws these, without a position, on some malformed flow collections.
            throw new InputException(file, null, null, "malformed YAML (check brackets and quotes)", e);
        }
        if (stream.Documents.Count != 1)
            throw new InputException(file, null, null,
                stream.Documents.Count == 0 ? "the file is empty" : "expected one YAML document, found several");
        var root = stream.Documents[0].RootNode;
        if (root is not YamlMappingNode map)
            throw new InputException(file, $"line {Line(root)}", null, "the document must be a mapping of keys to values");
        return (MapNode)Convert(file, map, "");
    }

    /// <summary>Reads and parses a file as UTF-8.</summary>
    public static (MapNode Document, Files.InputFile File) Load(string path)
    {
        var (file, content) = Files.InputFile.Read(path);
        return (Parse(path, Encoding.UTF8.GetString(content)), file);
    }

    private static ParameterNode Convert(string file, YamlNode node, string path) => node switch
    {
        YamlScalarNode s => new ScalarNode(s.Value ?? "", Line(s)),
        YamlSequenceNode seq => new ListNode(
            seq.Children.Select((child, i) => Convert(file, child, Join(path, i.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToArray(),
            Line(seq)),
        YamlMappingNode m => ConvertMap(file, m, path),
        _ => throw new InputException(file, $"line {Line(node)}", path.Length == 0 ? null : path,
            "unsupported YAML node (aliases must resolve to a value)"),
    };

    private static MapNode ConvertMap(string file, YamlMappingNode map, string path)
    {
        var entries = new List<KeyValuePair<string, ParameterNode>>(map.Children.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key })
                throw new InputException(file, $"line {Line(keyNode)}", path.Length == 0 ? null : path,
                    "mapping keys must be non-empty scalars");
            var childPath = Join(path, key);
            if (!seen.Add(key))
                throw new InputException(file, $"line {Line(keyNode)}", childPath, "duplicate key");
            var value = Convert(file, valueNode, childPath);
            // A block collection starts on the line after its key; users look for the key.
            var keyLine = Line(keyNode);
            value = value switch
            {
                MapNode m when m.Line != keyLine => m with { Line = keyLine },
                ListNode l when l.Line != keyLine => l with { Line = keyLine },
                _ => value,
            };
            entries.Add(new(key, value));
        }
        return new MapNode(entries, Line(map));
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static int Line(YamlNode node) => (int)node.Start.Line;

    /// <summary>YamlDotNet prefixes messages with the position, which the location already says.</summary>
    private static string Unwrap(YamlException e)
    {
        var message = e.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith("(Line", StringComparison.Ordinal) && cut > 0 ? message[(cut + 3)..] : message;
    }
}
