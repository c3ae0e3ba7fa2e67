using Simulation.Core.Scenarios;

namespace Simulation.Input;

/// <summary>
/// A problem with an input file (scenario YAML, district definition, CSV, GeoJSON), located by file, place and
/// field, so that the command line can print one line a user can act on.
/// </summary>
/// <remarks>
/// The message reads <c>FILE: LOCATION, field 'FIELD': REASON</c>, leaving out the parts that are unknown, e.g.
/// <c>scenarios/x.yaml: line 14, field 'choice.apply.ed': expected a number in [0, 1], got 'abc'</c> or
/// <c>schools.csv: row 12, field 'enrollment': not an integer ('x')</c>. Rows are line numbers of the file (the
/// header is row 1); features are numbered from 1 in file order.
/// </remarks>
public sealed class InputException : Exception
{
    public InputException(string file, string? location, string? field, string reason, Exception? inner = null)
        : base(Compose(file, location, field, reason), inner)
    {
        File = file;
        Location = location;
        Field = field;
        Reason = reason;
    }

    /// <summary>The file as the caller named it (relative paths stay relative).</summary>
    public string File { get; }

    /// <summary>"row 12", "feature 7 (sln=235)", "line 14", or null for the file as a whole.</summary>
    public string? Location { get; }

    /// <summary>Column, attribute or dotted YAML path, or null.</summary>
    public string? Field { get; }

    /// <summary>What is wrong, without the location prefix.</summary>
    public string Reason { get; }

    /// <summary>Locates a document error of the core (path and line) in <paramref name="file"/>.</summary>
    public static InputException FromFormat(string file, ScenarioFormatException error) =>
        new(file, error.Line > 0 ? $"line {error.Line}" : null, error.Path, error.Reason, error);

    private static string Compose(string file, string? location, string? field, string reason)
    {
        var where = (location, field) switch
        {
            (null, null) => "",
            ({ } l, null) => l + ", ",
            (null, { } f) => $"field '{f}': ",
            ({ } l, { } f) => $"{l}, field '{f}': ",
        };
        if (where.EndsWith(", ", StringComparison.Ordinal)) where = where[..^2] + ": ";
        return $"{file}: {where}{reason}";
    }
}
