using Simulation.Core.Randomness;

namespace Simulation.Core.Metrics;

/// <summary>An integration index of a unit × group count matrix (for example <see cref="DissimilarityIndex.Compute"/>).</summary>
public delegate double SegregationIndex(ReadOnlySpan<int> counts, int groups);

/// <summary>
/// An index next to its value expected when the same students are assigned at random to units of the same sizes:
/// the small-unit bias. Even random assignment leaves small units uneven, so D, H and M are above 0 under it.
/// </summary>
/// <param name="Observed">The index of the actual table.</param>
/// <param name="Expected">Mean of the index over the random assignments.</param>
/// <param name="ExpectedSd">Sample standard deviation over the random assignments (NaN with one draw).</param>
/// <param name="Draws">Number of random assignments.</param>
/// <remarks>The random assignment keeps both margins: every unit keeps its size and every group its size; only who
/// goes where is drawn (a uniformly random permutation of the students, as the R package's
/// <c>mutual_total_expected</c> with fixed margins). Draws that give NaN (possible only for degenerate tables) are
/// skipped in the mean.</remarks>
public sealed record RandomAssignmentBaseline(double Observed, double Expected, double ExpectedSd, int Draws)
{
    /// <summary>The index above what random assignment gives, <c>Observed − Expected</c>.</summary>
    public double Excess => Observed - Expected;

    /// <summary>Draws <paramref name="draws"/> random assignments from <paramref name="random"/> and evaluates
    /// <paramref name="index"/> on each.</summary>
    /// <remarks>O(draws × (students + index cost)); allocates one label per student and one count matrix.</remarks>
    public static RandomAssignmentBaseline Compute(
        ReadOnlySpan<int> counts, int groups, SegregationIndex index, int draws, ref RandomStream random)
    {
        Preconditions.NotNull(index, nameof(index));
        Preconditions.Check(draws > 0, nameof(draws), "at least one draw");
        CountMatrix.Units(counts, groups);
        var labels = Labels(counts, groups);
        var shuffled = new int[counts.Length];
        double mean = 0, sumSquares = 0;
        var n = 0;
        for (var d = 0; d < draws; d++)
        {
            Draw(counts, groups, labels, shuffled, ref random);
            var value = index(shuffled, groups);
            if (double.IsNaN(value)) continue;
            n++;
            var delta = value - mean;
            mean += delta / n;
            sumSquares += delta * (value - mean);
        }
        return new RandomAssignmentBaseline(
            index(counts, groups),
            n > 0 ? mean : double.NaN,
            n > 1 ? Math.Sqrt(sumSquares / (n - 1)) : double.NaN,
            draws);
    }

    /// <summary>One random assignment: fills <paramref name="destination"/> with a table of the same unit sizes and
    /// group sizes as <paramref name="counts"/>. <paramref name="labels"/> holds each student's group (any order)
    /// and is shuffled in place.</summary>
    public static void Draw(ReadOnlySpan<int> counts, int groups, Span<int> labels, Span<int> destination, ref RandomStream random)
    {
        var units = CountMatrix.Units(counts, groups);
        Preconditions.Check(destination.Length == counts.Length, nameof(destination), "destination must be units × groups");
        destination.Clear();
        var next = 0;
        for (var u = 0; u < units; u++)
        {
            var t = CountMatrix.UnitTotal(counts, groups, u);
            // A partial Fisher–Yates shuffle: the unit's students are a uniform draw from those not yet placed.
            for (var k = 0; k < t; k++, next++)
            {
                var j = next + random.NextInt(labels.Length - next);
                (labels[next], labels[j]) = (labels[j], labels[next]);
                destination[u * groups + labels[next]]++;
            }
        }
    }

    /// <summary>Each student's group, in unit order.</summary>
    public static int[] Labels(ReadOnlySpan<int> counts, int groups)
    {
        long total = 0;
        foreach (var c in counts) total += Preconditions.NonNegative(c, nameof(counts));
        var labels = new int[total];
        var i = 0;
        for (var cell = 0; cell < counts.Length; cell++)
            for (var k = 0; k < counts[cell]; k++) labels[i++] = cell % groups;
        return labels;
    }
}
