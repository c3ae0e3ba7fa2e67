using NetTopologySuite.Geometries;

namespace Simulation.Input.Geography;

/// <summary>Projects NetTopologySuite geometries from longitude/latitude to projected metres.</summary>
public static class GeometryProjection
{
    /// <summary>A projected copy of <paramref name="geometry"/> (x = longitude, y = latitude in degrees); the input
    /// is left unchanged.</summary>
    public static Geometry Project(this Geometry geometry, UtmProjection projection)
    {
        var copy = geometry.Copy();
        copy.Apply(new ForwardFilter(projection));
        copy.SRID = projection.Epsg;
        return copy;
    }

    private sealed class ForwardFilter(UtmProjection projection) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var (x, y) = projection.Forward(seq.GetX(i), seq.GetY(i));
                seq.SetX(i, x);
                seq.SetY(i, y);
            }
        }
    }
}
