using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace Simulation.Input.Files;

/// <summary>
/// A GeoJSON FeatureCollection read with NetTopologySuite, with typed attribute accessors whose errors name the
/// file, the feature (1-based, with its id attribute) and the attribute.
/// </summary>
/// <remarks>Coordinates are kept as written (longitude, latitude). Foreign members such as the legacy <c>crs</c> are
/// ignored.</remarks>
public sealed class GeoJsonLayer
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new GeoJsonConverterFactory() } };

    private GeoJsonLayer(string file, IReadOnlyList<IFeature> features, string idAttribute)
    {
        File = file;
        Features = features;
        IdAttribute = idAttribute;
    }

    public string File { get; }
    public IReadOnlyList<IFeature> Features { get; }

    /// <summary>The attribute that identifies a feature in messages (e.g. <c>sln</c>, <c>geoid</c>).</summary>
    public string IdAttribute { get; }

    public int Count => Features.Count;

    /// <summary>Parses GeoJSON bytes; <paramref name="file"/> is only used in error messages.</summary>
    public static GeoJsonLayer Parse(string file, byte[] content, string idAttribute)
    {
        FeatureCollection? collection;
        try
        {
            collection = JsonSerializer.Deserialize<FeatureCollection>(content, Options);
        }
        catch (JsonException e)
        {
            var location = e.LineNumber is { } line ? $"line {line + 1}" : null;
            throw new InputException(file, location, null, "not valid GeoJSON: " + FirstSentence(e.Message), e);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            throw new InputException(file, null, null, "not valid GeoJSON: " + FirstSentence(e.Message), e);
        }
        if (collection is null) throw new InputException(file, null, null, "expected a GeoJSON FeatureCollection");
        return new GeoJsonLayer(file, collection.ToArray(), idAttribute);
    }

    /// <summary>Reads and parses a file; the returned <see cref="InputFile"/> carries its hash.</summary>
    public static (GeoJsonLayer Layer, InputFile File) Load(string path, string idAttribute)
    {
        var (file, content) = InputFile.Read(path);
        return (Parse(path, content, idAttribute), file);
    }

    /// <summary>"feature 7 (sln=235)"; just "feature 7" when the id is missing.</summary>
    public string Location(int feature)
    {
        var id = Raw(feature, IdAttribute) is { } raw ? AsText(raw) : null;
        return id is null ? $"feature {feature + 1}" : $"feature {feature + 1} ({IdAttribute}={id})";
    }

    /// <summary>The feature's id attribute as text (integral numbers without decimals).</summary>
    public string Id(int feature) => Text(feature, IdAttribute);

    /// <summary>A required attribute as text; integral numbers are written without decimals ("235").</summary>
    public string Text(int feature, string attribute)
    {
        var raw = Raw(feature, attribute) ?? throw Error(feature, attribute, "a value is required");
        var text = AsText(raw) ?? throw Error(feature, attribute, "expected a string or a number");
        return text.Length > 0 ? text : throw Error(feature, attribute, "a value is required");
    }

    /// <summary>A required finite number.</summary>
    public double Number(int feature, string attribute) =>
        OptionalNumber(feature, attribute) ?? throw Error(feature, attribute, "a number is required");

    /// <summary>A finite number, or null when the attribute is absent or null.</summary>
    public double? OptionalNumber(int feature, string attribute)
    {
        var raw = Raw(feature, attribute);
        double? value = raw switch
        {
            null => null,
            decimal d => (double)d,
            double d => d,
            long l => l,
            int i => i,
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw Error(feature, attribute, $"not a number ('{raw}')"),
        };
        return value is null || double.IsFinite(value.Value)
            ? value
            : throw Error(feature, attribute, $"not a finite number ('{raw}')");
    }

    /// <summary>The feature's geometry, which must be a non-empty, valid polygon or multipolygon.</summary>
    public Geometry Area(int feature)
    {
        var geometry = Features[feature].Geometry;
        if (geometry is null || geometry.IsEmpty) throw Error(feature, "geometry", "the geometry is empty");
        if (geometry is not (Polygon or MultiPolygon))
            throw Error(feature, "geometry", $"expected a Polygon or MultiPolygon, found {geometry.GeometryType}");
        return geometry;
    }

    public InputException Error(int feature, string? field, string reason) => new(File, Location(feature), field, reason);

    private object? Raw(int feature, string attribute)
    {
        var attributes = Features[feature].Attributes;
        return attributes is not null && attributes.Exists(attribute) ? attributes[attribute] : null;
    }

    private static string? AsText(object raw) => raw switch
    {
        string s => s.Trim(),
        decimal d => d == decimal.Truncate(d)
            ? decimal.Truncate(d).ToString(CultureInfo.InvariantCulture)
            : d.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long or int => System.Convert.ToString(raw, CultureInfo.InvariantCulture),
        _ => null,
    };

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
