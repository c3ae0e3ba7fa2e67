namespace Simulation.Input.Geography;

/// <summary>A reference ellipsoid: equatorial radius <paramref name="A"/> in metres and flattening <paramref name="F"/>.</summary>
public sealed record Ellipsoid(double A, double F)
{
    /// <summary>WGS 84 (also GRS 80 to well under a millimetre for projection purposes; NAD83 data use GRS 80).</summary>
    public static readonly Ellipsoid Wgs84 = new(6378137.0, 1 / 298.257223563);

    /// <summary>Clarke 1866, used by the worked examples in Snyder (1987).</summary>
    public static readonly Ellipsoid Clarke1866 = new(6378206.4, 1 - 6356583.8 / 6378206.4);
}
