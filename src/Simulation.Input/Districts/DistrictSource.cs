using NetTopologySuite.Geometries;
using Simulation.Core.Model;
using Simulation.Input.Files;
using Simulation.Input.Geography;

namespace Simulation.Input.Districts;

/// <summary>
/// A loaded district: the core's <see cref="Model.District"/> plus what a run needs to describe and map it — the
/// definition, the input files with their hashes, the projection and the zone polygons.
/// </summary>
/// <param name="Folder">The district folder as the caller named it.</param>
/// <param name="Files">district.yaml and every data file read, in reading order, with SHA-256.</param>
/// <param name="Projection">The UTM projection of all coordinates in <see cref="Model.District"/> and
/// <paramref name="ZonePolygons"/>.</param>
/// <param name="ZonePolygons">Attendance-zone polygon of each neighborhood, in projected metres, keyed by
/// neighborhood id.</param>
/// <param name="ChildPovertyFallbacks">Neighborhood ids whose child poverty rate is the zone file's own, because no
/// tract could be weighted.</param>
/// <param name="RepairedZones">Neighborhood ids whose zone polygon was invalid without changing the area (a ring
/// touching itself) and was repaired.</param>
/// <param name="Summary">Published district totals (measure → count) when the definition names a summary file.</param>
public sealed record DistrictSource(
    District District,
    DistrictDefinition Definition,
    string Folder,
    IReadOnlyList<InputFile> Files,
    UtmProjection Projection,
    IReadOnlyDictionary<string, Geometry> ZonePolygons,
    IReadOnlyList<string> ChildPovertyFallbacks,
    IReadOnlyList<string> RepairedZones,
    IReadOnlyDictionary<string, int> Summary);
