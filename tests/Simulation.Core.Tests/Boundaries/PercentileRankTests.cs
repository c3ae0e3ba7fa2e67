using Simulation.Core.Boundaries;

namespace Simulation.Core.Tests.Boundaries;

public class PercentileRankTests
{
    [Theory]
    [InlineData(0.5, 0)]     // below every value
    [InlineData(9, 100)]     // above every value
    [InlineData(3, 50)]      // two below (1, 2), two equal (3, 3) count half, … : (2 + 1) / 6 = 50%
    [InlineData(2.5, 100.0 / 3)] // between 2 and 3: two of six below
    public void Of_SmallEnsemble_MidRank(double value, double expected)
    {
        double[] ensemble = [1, 2, 3, 3, 4, 5];
        Assert.Equal(expected, PercentileRank.Of(ensemble, value), 12);
    }

    [Fact]
    public void Of_ConstantMetric_EqualValueAtFifty() => Assert.Equal(50, PercentileRank.Of([7, 7, 7], 7));

    [Fact]
    public void Of_ValuesWithinRoundingOfEachOther_AreTies() =>
        Assert.Equal(50, PercentileRank.Of([0.1 + 0.2, 0.3], 0.3));

    [Fact]
    public void Of_Empty_IsNaN() => Assert.True(double.IsNaN(PercentileRank.Of([], 1)));
}
