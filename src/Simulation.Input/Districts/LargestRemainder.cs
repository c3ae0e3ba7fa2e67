namespace Simulation.Input.Districts;

/// <summary>Largest-remainder (Hamilton) apportionment of a whole number over proportional weights.</summary>
public static class LargestRemainder
{
    /// <summary>
    /// Splits <paramref name="total"/> into integers proportional to <paramref name="weights"/> that sum exactly to
    /// <paramref name="total"/>: every part gets the floor of its quota, then the parts with the largest fractional
    /// remainders get one more each. Equal remainders favour the lower index, so the result is deterministic.
    /// </summary>
    /// <remarks>No part exceeds the ceiling of its quota; in particular, with integer weights summing to at least
    /// <paramref name="total"/>, no part exceeds its weight.</remarks>
    /// <exception cref="ArgumentException">Negative total or weight, or a positive total with all weights zero.</exception>
    public static int[] Apportion(int total, IReadOnlyList<double> weights)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        var parts = new int[weights.Count];
        if (total == 0) return parts;
        var sum = 0.0;
        foreach (var w in weights)
        {
            if (!double.IsFinite(w) || w < 0) throw new ArgumentException("weights must be finite and ≥ 0", nameof(weights));
            sum += w;
        }
        if (sum <= 0) throw new ArgumentException("cannot apportion a positive total over zero weights", nameof(weights));

        var remainders = new double[weights.Count];
        var assigned = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            var quota = total * weights[i] / sum;
            parts[i] = (int)Math.Floor(quota);
            remainders[i] = quota - parts[i];
            assigned += parts[i];
        }
        var order = Enumerable.Range(0, parts.Length)
            .Where(i => weights[i] > 0)
            .OrderByDescending(i => remainders[i])
            .ThenBy(i => i)
            .ToArray();
        for (var k = 0; assigned < total; k++, assigned++) parts[order[k % order.Length]]++;
        return parts;
    }
}
