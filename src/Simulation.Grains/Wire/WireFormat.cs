using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Simulation.Core.Model;
using Simulation.Core.Scenarios;

namespace Simulation.Grains.Wire;

/// <summary>
/// Canonical serialized forms of the core's district and scenario types, and the content hashes that key their
/// grains. The same object always gives the same bytes (property order is fixed, doubles round-trip), so hashes are
/// stable across processes and machines.
/// </summary>
public static class WireFormat
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static byte[] SerializeDistrict(District d) => JsonSerializer.SerializeToUtf8Bytes(new DistrictDto(
        d.Id, d.Name, d.GradeNames, d.GroupNames, d.Schools, d.Neighborhoods, d.CohortCounts, d.SeatsByGrade, d.DistanceKm), Options);

    public static District DeserializeDistrict(byte[] content)
    {
        var dto = JsonSerializer.Deserialize<DistrictDto>(content, Options) ?? throw new InvalidDataException("empty district payload");
        return new District(dto.Id, dto.Name, dto.GradeNames, dto.GroupNames, dto.Schools, dto.Neighborhoods,
            dto.CohortCounts, dto.SeatsByGrade, dto.DistanceKm);
    }

    public static byte[] SerializeScenario(ScenarioSpec spec) => JsonSerializer.SerializeToUtf8Bytes(spec, Options);

    public static ScenarioSpec DeserializeScenario(byte[] content) =>
        JsonSerializer.Deserialize<ScenarioSpec>(content, Options) ?? throw new InvalidDataException("empty scenario payload");

    /// <summary>Lower-case hex SHA-256 of the content.</summary>
    public static string Hash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>A scenario's id: the first 16 hex digits of SHA-256 over the district hash and the scenario's bytes.</summary>
    public static string ScenarioId(string districtHash, byte[] spec)
    {
        var bytes = new byte[districtHash.Length + 1 + spec.Length];
        System.Text.Encoding.ASCII.GetBytes(districtHash, bytes);
        bytes[districtHash.Length] = (byte)'|';
        spec.CopyTo(bytes, districtHash.Length + 1);
        return Hash(bytes)[..16];
    }

    private sealed record DistrictDto(
        string Id,
        string Name,
        string[] GradeNames,
        string[] GroupNames,
        SchoolInfo[] Schools,
        NeighborhoodInfo[] Neighborhoods,
        int[] CohortCounts,
        int[] SeatsByGrade,
        double[] DistanceKm);
}
