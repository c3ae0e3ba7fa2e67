namespace Simulation.Grains.Entities;

/// <summary>Keys of the district entity grains. Ids must not contain '/'.</summary>
public static class EntityKeys
{
    public static string School(string districtHash, string schoolId) => $"{districtHash}/{schoolId}";

    public static string Neighborhood(string districtHash, string neighborhoodId) => $"{districtHash}/{neighborhoodId}";

    public static string Cohort(string districtHash, string neighborhoodId, string grade, string group) =>
        $"{districtHash}/{neighborhoodId}/{grade}/{group}";
}
