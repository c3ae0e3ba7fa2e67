using Simulation.Core.Choice;
using Simulation.Core.Randomness;

namespace Simulation.Core.Tests.Choice;

public class PlackettLuceSamplerTests
{
    [Fact]
    public void Draw_FirstChoiceFrequencies_MatchLogitProbabilitiesWithinSamplingError()
    {
        double[] utilities = [0.0, 0.5, -1.0, 1.2, 0.3];
        var weights = utilities.Select(Math.Exp).ToArray();
        var total = weights.Sum();
        const int draws = 200_000;
        var first = new int[weights.Length];
        var second = new int[weights.Length];
        Span<int> ranked = stackalloc int[3];
        var rng = RandomStream.For(7, 0, Stage.Preferences);
        for (var i = 0; i < draws; i++)
        {
            Assert.Equal(3, PlackettLuceSampler.Draw(weights, 3, ref rng, ranked));
            Assert.Equal(3, new HashSet<int> { ranked[0], ranked[1], ranked[2] }.Count);
            first[ranked[0]]++;
            second[ranked[1]]++;
        }
        for (var j = 0; j < weights.Length; j++)
        {
            // Logit: P(first = j) = w_j / Σw. Plackett–Luce: P(second = j) = Σ_{i≠j} P(first = i) w_j / (Σw − w_i).
            var p1 = weights[j] / total;
            var p2 = Enumerable.Range(0, weights.Length).Where(i => i != j).Sum(i => weights[i] / total * weights[j] / (total - weights[i]));
            AssertWithin(first[j], draws, p1);
            AssertWithin(second[j], draws, p2);
        }
    }

    private static void AssertWithin(int count, int draws, double p)
    {
        var sd = Math.Sqrt(draws * p * (1 - p));
        Assert.InRange(count, draws * p - 5 * sd, draws * p + 5 * sd);
    }

    [Fact]
    public void Draw_ListLongerThanAlternatives_ListsEveryPositiveWeightOnce()
    {
        double[] weights = [1, 0, 2];
        Span<int> ranked = stackalloc int[5];
        var rng = RandomStream.For(1, 2, Stage.Preferences);
        var n = PlackettLuceSampler.Draw(weights, 5, ref rng, ranked);
        Assert.Equal(2, n);
        Assert.Equal([0, 2], ranked[..2].ToArray().OrderBy(x => x));
    }

    [Fact]
    public void Draw_SameStream_SameList()
    {
        double[] weights = [1, 2, 3, 4];
        int[] a = new int[3], b = new int[3];
        var r1 = RandomStream.For(9, 3, Stage.Preferences, 11);
        var r2 = RandomStream.For(9, 3, Stage.Preferences, 11);
        PlackettLuceSampler.Draw(weights, 3, ref r1, a);
        PlackettLuceSampler.Draw(weights, 3, ref r2, b);
        Assert.Equal(a, b);
    }
}
