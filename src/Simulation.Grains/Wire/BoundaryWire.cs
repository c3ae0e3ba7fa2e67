using System.Text.Json;
using System.Text.Json.Serialization;
using Simulation.Core.Boundaries;
using Simulation.Core.Boundaries.Chains;
using Simulation.Grains.Abstractions;

namespace Simulation.Grains.Wire;

/// <summary>Canonical serialized forms of a unit graph and an ensemble specification, and the conversion between a
/// core <see cref="ChainRecord"/> and its wire record.</summary>
public static class BoundaryWire
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private sealed record GraphDto(string[] UnitIds, string[] ZoneIds, int GroupCount, int[] Students, int[] Capacity,
        int[] AnchorUnit, int[] TravelMetres, int[] EdgeFrom, int[] EdgeTo, int[] CurrentZone);

    public static byte[] SerializeGraph(UnitGraph g) => JsonSerializer.SerializeToUtf8Bytes(new GraphDto(
        g.UnitIds, g.ZoneIds, g.GroupCount, g.Students, g.Capacity, g.AnchorUnit, g.TravelMetres, g.EdgeFrom, g.EdgeTo,
        g.CurrentZone), Options);

    public static UnitGraph DeserializeGraph(byte[] content)
    {
        var d = JsonSerializer.Deserialize<GraphDto>(content, Options) ?? throw new InvalidDataException("empty graph payload");
        return new UnitGraph(d.UnitIds, d.ZoneIds, d.GroupCount, d.Students, d.Capacity, d.AnchorUnit, d.TravelMetres,
            d.EdgeFrom.Zip(d.EdgeTo).ToArray(), d.CurrentZone);
    }

    public static byte[] SerializeSpec(EnsembleSpec spec) => JsonSerializer.SerializeToUtf8Bytes(spec, Options);

    public static EnsembleSpec DeserializeSpec(byte[] content) =>
        JsonSerializer.Deserialize<EnsembleSpec>(content, Options) ?? throw new InvalidDataException("empty spec payload");

    /// <summary>The ensemble's id: the first 16 hex digits of the SHA-256 of graph, specification and initial plan.</summary>
    public static string EnsembleId(byte[] graph, byte[] spec, int[] initial)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        hash.AppendData(graph);
        hash.AppendData(spec);
        foreach (var z in initial) hash.AppendData(BitConverter.GetBytes(z));
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }

    public static ChainRecord FromWire(EnsembleChainResult r)
    {
        var stats = new ChainStatistics(r.ConstraintNames);
        Array.Copy(r.Invalid, stats.Invalid, r.Invalid.Length);
        stats.Restore(r.Accepted + r.Rejected, r.Proposals, r.ProposalFailures, r.Accepted, r.Rejected);
        return new ChainRecord(r.Chain, r.Steps, r.Initial, r.ChangeStep, r.ChangeUnit, r.ChangeFrom, r.ChangeTo, r.Metrics, stats);
    }

    public static EnsembleChainResult ToWire(ChainRecord r) => new(r.Chain, r.Steps, r.ChangeStep, r.ChangeUnit,
        r.ChangeFrom, r.ChangeTo, r.Metrics, r.Statistics.ConstraintNames, r.Statistics.Invalid, r.Statistics.Proposals,
        r.Statistics.ProposalFailures, r.Statistics.Accepted, r.Statistics.Rejected, r.InitialAssignment);
}
