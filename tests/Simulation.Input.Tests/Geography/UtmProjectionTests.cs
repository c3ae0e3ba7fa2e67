using Simulation.Input.Geography;

namespace Simulation.Input.Tests.Geography;

public sealed class UtmProjectionTests
{
    [Fact]
    public void Forward_SnyderWorkedExample_MatchesPublishedValues()
    {
        // Snyder (1987), Map Projections: A Working Manual, USGS PP 1395, p. 269: Clarke 1866, φ = 40°30'N,
        // λ = 73°30'W, central meridian 75°W, k0 = 0.9996 → x = 127,106.5 m, y = 4,484,124.4 m (no false easting).
        var projection = new UtmProjection(18, north: true, Ellipsoid.Clarke1866);

        var (easting, northing) = projection.Forward(-73.5, 40.5);

        Assert.Equal(500_000 + 127_106.5, easting, 0.1);
        Assert.Equal(4_484_124.4, northing, 0.1);
    }

    [Fact]
    public void Forward_GeographicLibGeoConvertExample_MatchesPublishedValues()
    {
        // GeographicLib's GeoConvert documentation: 33.3N 44.4E → 38n 444140.54 3684706.36 (WGS84);
        // PROJ 9.1 cs2cs +proj=utm +zone=38 gives the same to the centimetre.
        var (easting, northing) = new UtmProjection(38, north: true).Forward(44.4, 33.3);

        Assert.Equal(444_140.54, easting, 0.01);
        Assert.Equal(3_684_706.36, northing, 0.01);
    }

    [Theory]
    // Reference values from PROJ 9.1: echo "lon lat" | cs2cs +proj=lonlat +datum=WGS84 +to +proj=utm +zone=14 +datum=WGS84
    [InlineData(-96.797, 32.7767, 706_333.1189, 3_628_680.4177)] // downtown Dallas, 2.2° east of the central meridian
    [InlineData(-96.95, 32.70, 692_165.1208, 3_619_887.4156)]
    [InlineData(-96.70, 32.90, 715_122.3338, 3_642_547.0988)]
    [InlineData(-99.0, 32.78, 500_000.0, 3_626_898.1529)] // on the central meridian: easting is the false easting
    public void Forward_DallasPoints_AgreeWithProjToAMillimetre(double lon, double lat, double easting, double northing)
    {
        var (x, y) = new UtmProjection(14, north: true).Forward(lon, lat);

        Assert.Equal(easting, x, 0.001);
        Assert.Equal(northing, y, 0.001);
    }

    [Fact]
    public void Forward_SouthernHemisphere_AddsFalseNorthing()
    {
        // PROJ 9.1: -3 -40 with +proj=utm +zone=30 +south → 500000.0000 5572242.7813
        var (x, y) = new UtmProjection(30, north: false).Forward(-3, -40);

        Assert.Equal(500_000, x, 0.001);
        Assert.Equal(5_572_242.7813, y, 0.001);
    }

    [Theory]
    // Geodesic distances from PROJ 9.1 `geod +ellps=WGS84 -I` (Karney's algorithm).
    [InlineData(-96.95, 32.70, -96.70, 32.90, 32_253.093)] // ~32 km diagonal across Dallas
    [InlineData(-97.00, 32.78, -96.62, 32.78, 35_600.074)] // east-west
    [InlineData(-96.60, 32.60, -96.95, 32.95, 50_812.240)] // the district's longest diagonal
    public void Forward_ProjectedDistance_AgreesWithGeodesicAndHaversine(double lon1, double lat1, double lon2,
        double lat2, double geodesicMetres)
    {
        var projection = UtmProjection.ForArea((lon1 + lon2) / 2, (lat1 + lat2) / 2);
        var (x1, y1) = projection.Forward(lon1, lat1);
        var (x2, y2) = projection.Forward(lon2, lat2);
        var projected = Math.Sqrt((x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1));

        // UTM's scale error 2° from the central meridian is about +0.01%; allow 0.05% against the ellipsoid...
        Assert.InRange(projected / geodesicMetres, 0.9995, 1.0005);
        // ...and 0.3% against the sphere, which itself is off by up to ~0.3% at this latitude.
        Assert.InRange(projected / Haversine(lon1, lat1, lon2, lat2), 0.997, 1.003);
    }

    [Theory]
    [InlineData(-96.8, 14)] // Dallas
    [InlineData(-180.0, 1)] // western edge of zone 1
    [InlineData(-177.0001, 1)]
    [InlineData(-174.0, 2)] // a band edge belongs to the zone to its east
    [InlineData(0.0, 31)]
    [InlineData(180.0, 60)] // 180° would be zone 61; it closes zone 60
    public void ZoneOf_Longitude_ReturnsSixDegreeBand(double longitude, int zone) =>
        Assert.Equal(zone, UtmProjection.ZoneOf(longitude));

    [Fact]
    public void ForArea_Dallas_IsZone14North()
    {
        var projection = UtmProjection.ForArea(-96.8, 32.8);

        Assert.Equal((14, true, -99.0, 32614), (projection.Zone, projection.North, projection.CentralMeridian, projection.Epsg));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(61)]
    public void Constructor_ZoneOutOfRange_Throws(int zone) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new UtmProjection(zone, true));

    [Fact]
    public void Forward_NonFiniteCoordinate_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new UtmProjection(14, true).Forward(double.NaN, 32));

    private static double Haversine(double lon1, double lat1, double lon2, double lat2)
    {
        const double meanEarthRadius = 6_371_008.8;
        double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var a = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * meanEarthRadius * Math.Asin(Math.Sqrt(a));
    }
}
