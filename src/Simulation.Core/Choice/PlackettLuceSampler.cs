using Simulation.Core.Randomness;

namespace Simulation.Core.Choice;

/// <summary>
/// Draws ranked lists from a multinomial-logit (Plackett–Luce) model: the first choice is alternative <c>j</c> with
/// probability <c>w_j / Σ w</c> where <c>w_j = exp(V_j)</c>, the second is drawn the same way from the rest, and so
/// on. This is the distribution of the top-k order of <c>V_j + Gumbel noise</c>, drawn with k uniforms instead of
/// one Gumbel per alternative.
/// </summary>
public static class PlackettLuceSampler
{
    /// <summary>Largest number of alternatives a single draw supports (stack buffer).</summary>
    public const int MaxAlternatives = 256;

    /// <summary>
    /// Writes up to <paramref name="listLength"/> distinct alternative indices, most preferred first, into
    /// <paramref name="ranked"/> and returns how many were written (fewer when there are fewer alternatives with
    /// positive weight).
    /// </summary>
    public static int Draw(ReadOnlySpan<double> weights, int listLength, ref RandomStream random, Span<int> ranked)
    {
        var n = weights.Length;
        if (n > MaxAlternatives) throw new ArgumentException($"at most {MaxAlternatives} alternatives", nameof(weights));
        Span<double> w = stackalloc double[n];
        double total = 0;
        for (var j = 0; j < n; j++)
        {
            w[j] = weights[j] > 0 ? weights[j] : 0;
            total += w[j];
        }
        var k = Math.Min(listLength, Math.Min(n, ranked.Length));
        var written = 0;
        for (; written < k && total > 0; written++)
        {
            var target = random.NextDouble() * total;
            var pick = -1;
            double cumulative = 0;
            for (var j = 0; j < n; j++)
            {
                if (w[j] == 0) continue;
                pick = j;
                cumulative += w[j];
                if (target < cumulative) break;
            }
            ranked[written] = pick;
            total -= w[pick];
            w[pick] = 0;
            // Guard against drift: recompute once the remainder gets small relative to round-off.
            if (total < 1e-12)
            {
                total = 0;
                for (var j = 0; j < n; j++) total += w[j];
            }
        }
        return written;
    }
}
