namespace Simulation.Cli.Commands;

/// <summary>
/// A command's arguments: positionals and <c>--name value</c> / <c>--flag</c> options, checked against the names a
/// command accepts so that a typo fails loudly.
/// </summary>
public sealed class Arguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    private Arguments(List<string> positionals) => Positionals = positionals;

    public IReadOnlyList<string> Positionals { get; }

    /// <param name="valued">Options that take a value.</param>
    /// <param name="flags">Options without a value.</param>
    public static Arguments Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> valued, IReadOnlyCollection<string> flags)
    {
        var positionals = new List<string>();
        var result = new Arguments(positionals);
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a == "--")
            {
                positionals.Add(a);
                continue;
            }
            var name = a[2..];
            string? inline = null;
            var eq = name.IndexOf('=');
            if (eq >= 0)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }
            if (result._options.ContainsKey(name)) throw new UsageException($"option --{name} is given twice");
            if (flags.Contains(name))
            {
                if (inline is not null) throw new UsageException($"option --{name} takes no value");
                result._options[name] = null;
            }
            else if (valued.Contains(name))
            {
                var value = inline ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"option --{name} needs a value"));
                result._options[name] = value;
            }
            else
            {
                throw new UsageException($"unknown option --{name}");
            }
        }
        return result;
    }

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Get(string name) => _options.TryGetValue(name, out var v) ? v : null;

    public int? GetInt(string name, int min)
    {
        var text = Get(name);
        if (text is null) return null;
        if (!int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min)
            throw new UsageException($"option --{name}: expected an integer ≥ {min}, got '{text}'");
        return value;
    }

    public ulong? GetSeed(string name)
    {
        var text = Get(name);
        if (text is null) return null;
        if (!ulong.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) || value > long.MaxValue)
            throw new UsageException($"option --{name}: expected an integer in [0, 2^63), got '{text}'");
        return value;
    }
}

/// <summary>Wrong command-line usage; the message says what to fix.</summary>
public sealed class UsageException(string message) : Exception(message);
