using System.Text;
using NetTopologySuite.Geometries;
using Simulation.Input.Files;

namespace Simulation.Input.Tests.Files;

public sealed class GeoJsonLayerTests
{
    private static GeoJsonLayer Parse(params string[] features) =>
        GeoJsonLayer.Parse("z.geojson", Encoding.UTF8.GetBytes(TinyDistrictFolder.Collection(features)), "sln");

    private static readonly string Square = TinyDistrictFolder.Square(-96.8, 32.8, 0.01);

    [Fact]
    public void Parse_CollectionWithCrsMember_ReadsFeaturesAndAttributes()
    {
        var layer = Parse(
            TinyDistrictFolder.Feature(Square, """{"sln": 235, "name": "A", "rate": 0.25, "missing": null}"""),
            TinyDistrictFolder.Feature(Square, """{"sln": "B7", "name": "B"}"""));

        Assert.Equal(2, layer.Count);
        Assert.Equal("235", layer.Id(0));
        Assert.Equal("B7", layer.Id(1));
        Assert.Equal(0.25, layer.Number(0, "rate"));
        Assert.Null(layer.OptionalNumber(0, "missing"));
        Assert.Null(layer.OptionalNumber(1, "rate"));
        Assert.IsType<Polygon>(layer.Area(0));
        Assert.Equal("feature 1 (sln=235)", layer.Location(0));
    }

    [Fact]
    public void Number_NotANumber_NamesFeatureAndAttribute()
    {
        var layer = Parse(
            TinyDistrictFolder.Feature(Square, """{"sln": 1}"""),
            TinyDistrictFolder.Feature(Square, """{"sln": 7, "pop": "many"}"""));

        var error = Assert.Throws<InputException>(() => layer.Number(1, "pop"));

        Assert.Equal("z.geojson: feature 2 (sln=7), field 'pop': not a number ('many')", error.Message);
    }

    [Fact]
    public void Text_MissingAttribute_NamesFeature()
    {
        var layer = Parse(TinyDistrictFolder.Feature(Square, """{"name": "no id"}"""));

        var error = Assert.Throws<InputException>(() => layer.Id(0));

        Assert.Equal("z.geojson: feature 1, field 'sln': a value is required", error.Message);
    }

    [Fact]
    public void Area_NullGeometry_SaysEmpty()
    {
        var layer = Parse("""{"type": "Feature", "properties": {"sln": 9}, "geometry": null}""");

        var error = Assert.Throws<InputException>(() => layer.Area(0));

        Assert.Equal("z.geojson: feature 1 (sln=9), field 'geometry': the geometry is empty", error.Message);
    }

    [Fact]
    public void Area_Point_IsRejected()
    {
        var layer = Parse(TinyDistrictFolder.Feature("""{"type": "Point", "coordinates": [-96.8, 32.8]}""", """{"sln": 9}"""));

        var error = Assert.Throws<InputException>(() => layer.Area(0));

        Assert.Contains("expected a Polygon or MultiPolygon, found Point", error.Message);
    }

    [Fact]
    public void Parse_MalformedJson_NamesFile()
    {
        var error = Assert.Throws<InputException>(() =>
            GeoJsonLayer.Parse("z.geojson", Encoding.UTF8.GetBytes("{\"type\": \"FeatureCollection\", \"features\": [ {"), "sln"));

        Assert.StartsWith("z.geojson: ", error.Message);
        Assert.Contains("not valid GeoJSON", error.Message);
    }
}
