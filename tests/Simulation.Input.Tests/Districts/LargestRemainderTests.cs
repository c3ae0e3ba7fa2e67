using Simulation.Input.Districts;

namespace Simulation.Input.Tests.Districts;

public sealed class LargestRemainderTests
{
    [Theory]
    // quotas 3.5 / 3.5: the tie goes to the lower index
    [InlineData(7, new[] { 1.0, 1.0 }, new[] { 4, 3 })]
    // quotas 2.625 / 4.375: remainders .625 and .375, the larger gets the extra unit
    [InlineData(7, new[] { 3.0, 5.0 }, new[] { 3, 4 })]
    // quotas 3.33 each: one unit left, to the first
    [InlineData(10, new[] { 1.0, 1.0, 1.0 }, new[] { 4, 3, 3 })]
    // a zero weight never receives anything
    [InlineData(5, new[] { 0.0, 2.0, 3.0 }, new[] { 0, 2, 3 })]
    // exact quotas need no rounding
    [InlineData(12, new[] { 1.0, 2.0, 3.0 }, new[] { 2, 4, 6 })]
    [InlineData(0, new[] { 1.0, 2.0 }, new[] { 0, 0 })]
    public void Apportion_Weights_SumsToTotalWithLargestRemainders(int total, double[] weights, int[] expected) =>
        Assert.Equal(expected, LargestRemainder.Apportion(total, weights));

    [Fact]
    public void Apportion_IntegerWeightsAtLeastTotal_NoPartExceedsItsWeight()
    {
        var weights = new double[] { 1, 7, 2, 9, 3 };
        for (var total = 0; total <= 22; total++)
        {
            var parts = LargestRemainder.Apportion(total, weights);
            Assert.Equal(total, parts.Sum());
            for (var i = 0; i < parts.Length; i++) Assert.True(parts[i] <= weights[i], $"total {total}, part {i}");
        }
    }

    [Fact]
    public void Apportion_PositiveTotalOverZeroWeights_Throws() =>
        Assert.Throws<ArgumentException>(() => LargestRemainder.Apportion(3, [0.0, 0.0]));

    [Fact]
    public void Apportion_NegativeWeight_Throws() =>
        Assert.Throws<ArgumentException>(() => LargestRemainder.Apportion(3, [1.0, -1.0]));
}
