using Simulation.Core.Metrics;
using Simulation.Core.Randomness;

namespace Simulation.Core.Tests.Metrics;

public class IntegrationProfileTests
{
    private const double Relative = 1e-12;

    [Theory]
    [InlineData("schools00")]
    [InlineData("schools05")]
    public void Compute_SchoolsData_AgreesWithSingleIndexFunctions(string dataset)
    {
        var d = ReferenceData.School(dataset);
        AgreesWithSingleIndexFunctions(d.Counts, d.Groups.Length);
    }

    /// <summary>Odd and even numbers of groups (the row pass takes columns two at a time), units of up to 1,500
    /// students with some groups absent: the benchmark's kind of table.</summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(3, 5)]
    [InlineData(4, 6)]
    public void Compute_RandomTables_AgreesWithSingleIndexFunctions(ulong seed, int k)
    {
        const int units = 501;
        var random = RandomStream.For(seed, 0, Stage.StudentDraw);
        var counts = new int[units * k];
        for (var u = 0; u < units; u++)
            for (var g = 0; g < k; g++)
                counts[u * k + g] = random.NextInt(4) == 0 ? 0 : random.NextInt(1 + 1500 / k);
        AgreesWithSingleIndexFunctions(counts, k);
    }

    private static void AgreesWithSingleIndexFunctions(int[] counts, int k)
    {
        var d = (Counts: counts, Groups: new int[k]);
        var units = counts.Length / k;
        var p = new IntegrationProfile(units, k);
        p.Compute(d.Counts);

        Close(DissimilarityIndex.Compute(d.Counts, k), p.Dissimilarity);
        Close(GiniIndex.Compute(d.Counts, k), p.Gini);
        Close(TheilIndex.MutualInformation(d.Counts, k), p.MutualInformation);
        Close(TheilIndex.H(d.Counts, k), p.TheilH);
        Close(TheilIndex.GroupEntropy(d.Counts, k), p.Entropy);
        Close(ExposureIndex.NormalizedExposure(d.Counts, k), p.NormalizedExposure);
        var exposure = ExposureIndex.Matrix(d.Counts, k);
        for (var i = 0; i < exposure.Length; i++) Close(exposure[i], p.Exposure[i]);
        for (var g = 0; g < k; g++)
        {
            var rest = CountMatrix.OneVersusRest(d.Counts, k, g);
            Close(DissimilarityIndex.Compute(rest, 2), p.DissimilarityVsRest[g]);
            Close(GiniIndex.Compute(rest, 2), p.GiniVsRest[g]);
            Close(TheilIndex.MutualInformation(rest, 2), p.MutualInformationVsRest[g]);
            Close(TheilIndex.H(rest, 2), p.TheilHVsRest[g]);
            Close(ExposureIndex.CorrelationRatio(d.Counts, k, g), p.CorrelationRatio[g]);
        }
        var scores = new double[units];
        var weights = new double[units];
        LocalSegregation.ByUnit(d.Counts, k, scores, weights);
        for (var u = 0; u < units; u++)
        {
            Assert.Equal(scores[u], p.LocalByUnit[u], 1e-12);
            Close(weights[u], p.UnitWeights[u]);
        }
        var groupScores = new double[k];
        var groupWeights = new double[k];
        LocalSegregation.ByGroup(d.Counts, k, groupScores, groupWeights);
        for (var g = 0; g < k; g++)
        {
            // Like the unit scores, within 1e-12 absolute: a group alone in every unit scores a rounding residue
            // of Σ c ln c − C ln C around its true 0.
            if (double.IsNaN(groupScores[g])) Assert.True(double.IsNaN(p.LocalByGroup[g]));
            else Assert.Equal(groupScores[g], p.LocalByGroup[g], 1e-12);
            Close(groupWeights[g], p.GroupShares[g]);
        }
        SameRepresentativeness(d.Counts, k, p);
    }

    [Theory]
    [InlineData("schools00", new double[0])]
    [InlineData("schools00", new double[] { 12 })]
    [InlineData("schools05", new double[] { 5, 10, 15, 20, 0 })]
    [InlineData("schools05", new double[] { 100, 2.5, 7 })]
    public void Compute_AnyNumberOfBands_AgreesWithRepresentativeness(string dataset, double[] bands)
    {
        var d = ReferenceData.School(dataset);
        var p = new IntegrationProfile(d.Schools.Length, d.Groups.Length, bands);
        p.Compute(d.Counts);
        Assert.Equal(bands, p.Bands);
        SameRepresentativeness(d.Counts, d.Groups.Length, p);
    }

    /// <summary>Every band of the profile against <see cref="Representativeness.Compute"/>, which decides each unit
    /// on its own.</summary>
    private static void SameRepresentativeness(int[] counts, int k, IntegrationProfile p)
    {
        for (var b = 0; b < p.Bands.Count; b++)
        {
            var units = new double[k];
            var students = new double[k];
            var all = Representativeness.Compute(counts, k, p.Bands[b], units, students);
            Assert.Equal(units, p.RepresentativeUnitShare(b).ToArray());
            Assert.Equal(students, p.RepresentativeStudentShare(b).ToArray());
            Assert.Equal(all, (p.RepresentativeUnitShareAllGroups(b), p.RepresentativeStudentShareAllGroups(b)));
        }
    }

    [Fact]
    public void Compute_Twice_GivesTheSameValues_AndGrowsLogTableForLargerUnits()
    {
        var p = new IntegrationProfile(2, 2);
        p.Compute([30, 10, 10, 50]);
        var small = p.MutualInformation;
        p.Compute([3000, 1000, 1000, 5000]);
        Assert.Equal(small, p.MutualInformation, 12);
        p.Compute([30, 10, 10, 50]);
        Assert.Equal(small, p.MutualInformation);
    }

    [Fact]
    public void Compute_WrongShapeOrNegativeCount_Throws()
    {
        var p = new IntegrationProfile(2, 2);
        Assert.Throws<ArgumentException>(() => p.Compute([1, 2, 3]));
        Assert.Throws<ArgumentException>(() => p.Compute([1, 2, 3, -4]));
        Assert.Throws<ArgumentException>(() => new IntegrationProfile(2, 2, [120]));
    }

    /// <summary>A table without units has no students: the indices are undefined (NaN), not an error.</summary>
    [Fact]
    public void Compute_NoUnits_GivesNoStudentsAndUndefinedIndices()
    {
        var p = new IntegrationProfile(0, 3);
        p.Compute([]);
        Assert.Equal(0, p.Students);
        Assert.Equal([0.0, 0.0, 0.0], p.GroupTotals.ToArray());
        Assert.True(double.IsNaN(p.Dissimilarity));
        Assert.True(double.IsNaN(p.Gini));
        Assert.True(double.IsNaN(p.MutualInformation));
        Assert.True(double.IsNaN(p.TheilH));
        Assert.Equal(0, p.LocalByUnit.Length);
    }

    /// <summary>Negative counts are found wherever they are (the check reads the cells with vectors, then the
    /// rest one by one), and a unit whose students overflow 32 bits is refused rather than summed around.</summary>
    [Fact]
    public void Compute_NegativeCountAnywhere_OrOverflowingUnit_Throws()
    {
        const int units = 13, groups = 3;
        var p = new IntegrationProfile(units, groups);
        for (var at = 0; at < units * groups; at++)
        {
            var counts = Enumerable.Repeat(5, units * groups).ToArray();
            counts[at] = -1;
            Assert.Throws<ArgumentException>(() => p.Compute(counts));
        }
        var overflowing = Enumerable.Repeat(5, units * groups).ToArray();
        overflowing[7 * groups] = overflowing[7 * groups + 2] = int.MaxValue / 2 + 1;
        var error = Assert.Throws<ArgumentException>(() => p.Compute(overflowing));
        Assert.Contains("unit 7", error.Message);
    }

    private static void Close(double expected, double actual)
    {
        if (double.IsNaN(expected))
        {
            Assert.True(double.IsNaN(actual));
            return;
        }
        Assert.True(Math.Abs(actual - expected) <= Relative * Math.Max(1e-3, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");
    }
}
