using Simulation.Core.Metrics;
using Simulation.Core.Randomness;

namespace Simulation.Core.Tests.Metrics;

/// <summary>
/// <see cref="SamplingBootstrap"/> against R <c>segregation</c>'s bootstrap of <c>schools00</c>
/// (<c>set.seed(2024); mutual_total(d, "race", "school", weight = "n", se = TRUE, n_bootstrap = 200)</c>): R's
/// values come from its own generator, so they are compared within Monte Carlo error, not digit for digit.
/// </summary>
public sealed class SamplingBootstrapTests
{
    private static double Expected(string stat) => double.Parse(
        ReferenceData.ReadCsv(Path.Combine(ReferenceData.Folder, "expected_r_segregation.csv"))
            .Single(r => r[1].StartsWith("set.seed(2024); mutual_total(", StringComparison.Ordinal) && r[2] == stat)[4],
        System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Compute_Schools00_BiasAndSeAgreeWithRWithinMonteCarloError()
    {
        var d = ReferenceData.School("schools00");
        var random = RandomStream.For(2024, 0, Stage.Bootstrap);

        var m = SamplingBootstrap.Compute(d.Counts, d.Groups.Length, TheilIndex.MutualInformation, 100, ref random);

        // R: bias 0.0036581 and se 0.00074676 from 200 resamples. The Monte Carlo sd of a mean of B resampled values
        // is se/√B (R 5.3e-5, here 7.5e-5: combined 9.2e-5), of a sample sd about se/√(2B) (R 3.7e-5, here 5.3e-5).
        // Bounds are about 4 combined sd.
        Assert.Equal(Expected("M_bias"), m.Bias, 3.7e-4);
        Assert.Equal(Expected("M_se"), m.Se, 2.6e-4);
        Assert.Equal(Expected("M_est_debiased"), m.Debiased, 3.7e-4);
        Assert.Equal(m.Observed - m.Bias, m.Debiased, 1e-15);
        Assert.InRange(m.Observed, m.CiLow - 2 * m.Bias, m.CiHigh); // the plug-in M is biased upwards
    }

    [Fact]
    public void Compute_Schools00_HBiasAndSeAgreeWithR()
    {
        var d = ReferenceData.School("schools00");
        var random = RandomStream.For(2024, 0, Stage.Bootstrap, 1);

        var h = SamplingBootstrap.Compute(d.Counts, d.Groups.Length, TheilIndex.H, 100, ref random);

        Assert.Equal(Expected("H_bias"), h.Bias, 3.7e-4);
        Assert.Equal(Expected("H_se"), h.Se, 2.6e-4);
        Assert.Equal(Expected("H_est_debiased"), h.Debiased, 3.7e-4);
    }

    [Fact]
    public void Compute_OneUnit_EveryResampleHasMZero()
    {
        // With one unit M is 0 whatever the counts, so the bootstrap has no spread and no bias.
        var random = RandomStream.For(1, 0, Stage.Bootstrap);

        var m = SamplingBootstrap.Compute([30, 10, 5], 3, TheilIndex.MutualInformation, 20, ref random);

        Assert.Equal((0.0, 0.0, 0.0, 0.0), (m.Observed, m.Se, m.Bias, m.Debiased));
    }

    [Fact]
    public void Compute_ResamplesKeepTheTotalAndEmptyCellsStayEmpty()
    {
        // Perfect separation with an empty cell: every resample stays perfectly separated, so D = 1 every time.
        var random = RandomStream.For(3, 0, Stage.Bootstrap);

        var d = SamplingBootstrap.Compute([20, 0, 0, 20], 2, DissimilarityIndex.Compute, 30, ref random);

        Assert.Equal(1.0, d.Observed);
        Assert.Equal(0, d.Se, 1e-15); // 1 up to rounding in every resample
        Assert.Equal(0, d.Bias, 1e-15);
    }

    [Fact]
    public void Compute_SameStream_SameResult()
    {
        int[] counts = [12, 3, 4, 9, 7, 7];
        var a = RandomStream.For(9, 0, Stage.Bootstrap);
        var b = RandomStream.For(9, 0, Stage.Bootstrap);

        Assert.Equal(SamplingBootstrap.Compute(counts, 2, TheilIndex.MutualInformation, 50, ref a),
            SamplingBootstrap.Compute(counts, 2, TheilIndex.MutualInformation, 50, ref b));
    }
}
