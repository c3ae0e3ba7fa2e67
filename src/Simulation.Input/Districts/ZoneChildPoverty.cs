using Simulation.Input.Files;

namespace Simulation.Input.Districts;

/// <summary>
/// Moves census-tract child poverty rates onto attendance zones: the average of the tracts' rates weighted by
/// <c>tract population × share of the tract's area in the zone</c>.
/// </summary>
/// <remarks>
/// Tracts whose rate is missing (no children surveyed) are left out of both numerator and denominator. A zone with
/// no weighted tract (no overlap rows, or only empty or rate-less tracts) keeps the zone file's own area-weighted
/// rate; <see cref="Result.Fallbacks"/> lists those zones. Population weighting assumes children are spread like
/// the total population within a tract — the tract file has no child counts.
/// </remarks>
public static class ZoneChildPoverty
{
    /// <param name="Rates">Rate per zone id.</param>
    /// <param name="Fallbacks">Zones that kept the zone file's own rate.</param>
    public sealed record Result(IReadOnlyDictionary<string, double> Rates, IReadOnlyList<string> Fallbacks);

    /// <param name="tracts">Tracts with <c>geoid</c>, <c>pop</c>, and <c>child_poverty_rate</c> (may be null).</param>
    /// <param name="overlap">Rows <c>geoid, elem_zone_sln, frac_of_tract_area</c>.</param>
    /// <param name="zoneIds">Zones in order.</param>
    /// <param name="zoneOwnRate">The zone file's rate for a zone, or null when it has none.</param>
    /// <exception cref="InputException">Duplicate or unknown tract, unknown zone, bad numbers, or a zone that needs
    /// its own rate and has none.</exception>
    public static Result Estimate(GeoJsonLayer tracts, CsvTable overlap, IReadOnlyList<string> zoneIds,
        Func<int, double?> zoneOwnRate)
    {
        var tractRows = new Dictionary<string, (double Pop, double? Rate)>(StringComparer.Ordinal);
        for (var t = 0; t < tracts.Count; t++)
        {
            var geoid = tracts.Id(t);
            var pop = tracts.Number(t, "pop");
            if (pop < 0) throw tracts.Error(t, "pop", $"population must be ≥ 0, got {pop}");
            var rate = tracts.OptionalNumber(t, "child_poverty_rate");
            if (rate is < 0 or > 1) throw tracts.Error(t, "child_poverty_rate", $"expected a rate in [0, 1], got {rate}");
            if (!tractRows.TryAdd(geoid, (pop, rate))) throw tracts.Error(t, "geoid", "duplicate tract id");
        }

        var zoneIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var z = 0; z < zoneIds.Count; z++) zoneIndex[zoneIds[z]] = z;
        var numerator = new double[zoneIds.Count];
        var denominator = new double[zoneIds.Count];
        int geoidColumn = overlap.Column("geoid"), zoneColumn = overlap.Column("elem_zone_sln"),
            fracColumn = overlap.Column("frac_of_tract_area");
        var pairs = new HashSet<(string, string)>();
        for (var r = 0; r < overlap.RowCount; r++)
        {
            var geoid = overlap.RequiredText(r, geoidColumn);
            var zone = overlap.RequiredText(r, zoneColumn);
            var frac = overlap.Double(r, fracColumn);
            if (!tractRows.TryGetValue(geoid, out var tract))
                throw overlap.Error(r, geoidColumn, $"tract {geoid} is not in {tracts.File}");
            if (!zoneIndex.TryGetValue(zone, out var z))
                throw overlap.Error(r, zoneColumn, $"zone {zone} is not in the zone file");
            if (frac is < 0 or > 1) throw overlap.Error(r, fracColumn, $"expected a share in [0, 1], got {frac}");
            if (!pairs.Add((geoid, zone))) throw overlap.Error(r, zoneColumn, $"tract {geoid} and zone {zone} appear twice");
            if (tract.Rate is not { } rate) continue;
            var weight = tract.Pop * frac;
            numerator[z] += weight * rate;
            denominator[z] += weight;
        }

        var rates = new Dictionary<string, double>(StringComparer.Ordinal);
        var fallbacks = new List<string>();
        for (var z = 0; z < zoneIds.Count; z++)
        {
            if (denominator[z] > 0)
            {
                rates[zoneIds[z]] = numerator[z] / denominator[z];
                continue;
            }
            rates[zoneIds[z]] = zoneOwnRate(z) ?? throw new InputException(overlap.File, null, "elem_zone_sln",
                $"zone {zoneIds[z]} has no populated tract with a child poverty rate and no rate of its own");
            fallbacks.Add(zoneIds[z]);
        }
        return new Result(rates, fallbacks);
    }
}
