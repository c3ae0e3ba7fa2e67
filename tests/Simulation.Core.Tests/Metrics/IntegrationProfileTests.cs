using Simulation.Core.Metrics;

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
        var k = d.Groups.Length;
        var units = d.Schools.Length;
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
            Close(groupScores[g], p.LocalByGroup[g]);
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
