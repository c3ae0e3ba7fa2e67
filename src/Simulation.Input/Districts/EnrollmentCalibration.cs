namespace Simulation.Input.Districts;

/// <summary>
/// Turns a campus's real total enrollment and economically disadvantaged count into estimated students per
/// simulated grade and group.
/// </summary>
/// <remarks>
/// <para>The rule (documented for users in the district folder's README):</para>
/// <list type="number">
/// <item>Simulated total <c>T = round(enrollment × Σ weight(simulated grades in span) / Σ weight(span))</c>.</item>
/// <item><c>T</c> is split over the simulated grades the campus serves in proportion to their weights, by largest
/// remainder.</item>
/// <item>Disadvantaged total <c>D = round(econ_disadv / enrollment × T)</c>, computed in integers, split over the
/// grades in proportion to their students, by largest remainder (so no grade gets more disadvantaged students than
/// students).</item>
/// </list>
/// <para>"round" rounds halves up (away from zero).</para>
/// </remarks>
public static class EnrollmentCalibration
{
    /// <summary>Estimated students per simulated grade, and how many of them are disadvantaged.</summary>
    public sealed record Estimate(int[] Students, int[] Disadvantaged)
    {
        public int Total => Students.Sum();
        public int DisadvantagedTotal => Disadvantaged.Sum();
    }

    /// <param name="simulatedGrades">Ladder position of each simulated grade.</param>
    /// <param name="spanLow">Ladder position of the campus's lowest grade.</param>
    /// <param name="spanHigh">Ladder position of the campus's highest grade.</param>
    public static Estimate Calibrate(GradeLadder ladder, IReadOnlyList<int> simulatedGrades, int spanLow, int spanHigh,
        int enrollment, int disadvantaged)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(enrollment);
        ArgumentOutOfRangeException.ThrowIfNegative(disadvantaged);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(disadvantaged, enrollment);
        if (spanLow > spanHigh) throw new ArgumentException("the span's low grade is above its high grade");

        var weights = new double[simulatedGrades.Count];
        for (var g = 0; g < weights.Length; g++)
        {
            var rung = simulatedGrades[g];
            weights[g] = rung >= spanLow && rung <= spanHigh ? ladder.Weights[rung] : 0;
        }
        var total = RoundHalfUp(enrollment * weights.Sum() / ladder.SpanWeight(spanLow, spanHigh));
        var students = LargestRemainder.Apportion(total, weights);
        var disadvantagedTotal = enrollment == 0
            ? 0
            : (int)((2L * disadvantaged * total + enrollment) / (2L * enrollment));
        var disadvantagedByGrade = LargestRemainder.Apportion(disadvantagedTotal, students.Select(s => (double)s).ToArray());
        return new Estimate(students, disadvantagedByGrade);
    }

    /// <summary>Rounds to the nearest integer, halves away from zero.</summary>
    public static int RoundHalfUp(double x) => checked((int)Math.Round(x, MidpointRounding.AwayFromZero));
}
