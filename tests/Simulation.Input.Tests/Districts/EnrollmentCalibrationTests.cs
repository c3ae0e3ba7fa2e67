using Simulation.Input.Districts;

namespace Simulation.Input.Tests.Districts;

public sealed class EnrollmentCalibrationTests
{
    // EE 0.5, PK … 12 weight 1; simulated K … 5 are ladder positions 2 … 7.
    private static readonly GradeLadder Ladder = new(
        ["EE", "PK", "KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"],
        [0.5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);

    private static readonly int[] KTo5 = [2, 3, 4, 5, 6, 7];

    [Fact]
    public void Calibrate_EarlyEducationToFive_SplitsByWeightShare()
    {
        // 289 × 6 / 7.5 = 231.2 → 231 = 39+39+39+38+38+38; ED 251/289 × 231 = 200.63 → 201
        var estimate = EnrollmentCalibration.Calibrate(Ladder, KTo5, 0, 7, 289, 251);

        Assert.Equal([39, 39, 39, 38, 38, 38], estimate.Students);
        Assert.Equal(201, estimate.DisadvantagedTotal);
        Assert.Equal([34, 34, 34, 33, 33, 33], estimate.Disadvantaged);
    }

    [Fact]
    public void Calibrate_HalfwayTotals_RoundHalfUp()
    {
        // PK-06 has span weight 8: 402 × 6 / 8 = 301.5 → 302; ED 1/2 × 302 = 151 exactly.
        var estimate = EnrollmentCalibration.Calibrate(Ladder, KTo5, 1, 8, 402, 201);

        Assert.Equal(302, estimate.Total);
        Assert.Equal(151, estimate.DisadvantagedTotal);
    }

    [Theory]
    // PK-06, 8 students: T = 8 × 6 / 8 = 6; D = econ / 8 × 6
    [InlineData(2, 2)] // 1.5: the half rounds up
    [InlineData(1, 1)] // 0.75
    [InlineData(3, 2)] // 2.25
    [InlineData(8, 6)] // everyone
    public void Calibrate_DisadvantagedTotal_IsRoundedShareOfSimulatedTotal(int econDisadv, int expected)
    {
        var estimate = EnrollmentCalibration.Calibrate(Ladder, KTo5, 1, 8, 8, econDisadv);

        Assert.Equal(6, estimate.Total);
        Assert.Equal(expected, estimate.DisadvantagedTotal);
    }

    [Fact]
    public void Calibrate_PartialSpan_GivesZeroOutsideIt()
    {
        // grades 04-06: span weight 3, K-5 part is 04, 05 → T = round(68 × 2/3) = 45 → 23 / 22
        var estimate = EnrollmentCalibration.Calibrate(Ladder, KTo5, 6, 8, 68, 41);

        Assert.Equal([0, 0, 0, 0, 23, 22], estimate.Students);
        Assert.All(estimate.Disadvantaged.Zip(estimate.Students), p => Assert.InRange(p.First, 0, p.Second));
    }

    [Fact]
    public void Calibrate_NoSimulatedGradeInSpan_GivesNothing()
    {
        var estimate = EnrollmentCalibration.Calibrate(Ladder, KTo5, 9, 14, 2000, 1500);

        Assert.Equal(0, estimate.Total);
        Assert.Equal(0, estimate.DisadvantagedTotal);
    }

    [Fact]
    public void Calibrate_EmptyCampus_GivesNothing() =>
        Assert.Equal(0, EnrollmentCalibration.Calibrate(Ladder, KTo5, 0, 7, 0, 0).Total);

    [Fact]
    public void Calibrate_MoreDisadvantagedThanStudents_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EnrollmentCalibration.Calibrate(Ladder, KTo5, 0, 7, 10, 11));
}
