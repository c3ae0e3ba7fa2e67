using Simulation.Core.Randomness;

namespace Simulation.Core.Tests.Randomness;

public class RandomStreamTests
{
    [Fact]
    public void For_SameKey_SameSequence_DifferentKey_DifferentSequence()
    {
        var a = RandomStream.For(1, 2, Stage.Lottery, 3);
        var b = RandomStream.For(1, 2, Stage.Lottery, 3);
        var c = RandomStream.For(1, 2, Stage.Lottery, 4);
        var d = RandomStream.For(1, 3, Stage.Lottery, 3);
        var sa = Enumerable.Range(0, 8).Select(_ => a.NextUInt64()).ToArray();
        Assert.Equal(sa, Enumerable.Range(0, 8).Select(_ => b.NextUInt64()).ToArray());
        Assert.NotEqual(sa, Enumerable.Range(0, 8).Select(_ => c.NextUInt64()).ToArray());
        Assert.NotEqual(sa, Enumerable.Range(0, 8).Select(_ => d.NextUInt64()).ToArray());
    }

    [Fact]
    public void NextDouble_MomentsOfUniform()
    {
        var r = RandomStream.For(5, 0, Stage.Application);
        const int n = 100_000;
        double sum = 0, sumSq = 0;
        for (var i = 0; i < n; i++)
        {
            var u = r.NextDouble();
            Assert.InRange(u, 0, 1 - double.Epsilon);
            sum += u;
            sumSq += u * u;
        }
        // Mean 1/2 (sd of the mean √(1/12n) ≈ 0.0009); variance 1/12.
        Assert.InRange(sum / n, 0.5 - 0.0046, 0.5 + 0.0046);
        Assert.InRange(sumSq / n - (sum / n) * (sum / n), 1 / 12.0 - 0.003, 1 / 12.0 + 0.003);
    }

    [Fact]
    public void NextInt_CoversRangeUniformly()
    {
        var r = RandomStream.For(5, 1, Stage.Application);
        var counts = new int[7];
        for (var i = 0; i < 70_000; i++) counts[r.NextInt(7)]++;
        Assert.All(counts, c => Assert.InRange(c, 10_000 - 500, 10_000 + 500));
    }
}
