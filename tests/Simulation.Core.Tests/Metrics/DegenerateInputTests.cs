using Simulation.Core.Metrics;

namespace Simulation.Core.Tests.Metrics;

/// <summary>The documented behaviour for one unit, one group, empty units and zero counts.</summary>
public class DegenerateInputTests
{
    [Fact]
    public void Profile_NoStudents_EveryIndexIsNaN()
    {
        var p = Profile([0, 0, 0, 0], 2);
        Assert.All(new[] { p.Dissimilarity, p.Gini, p.Entropy, p.MutualInformation, p.TheilH, p.NormalizedExposure }, v => Assert.True(double.IsNaN(v)));
        Assert.All(p.Exposure.ToArray(), v => Assert.True(double.IsNaN(v)));
        Assert.All(p.RepresentativeUnitShare(0).ToArray(), v => Assert.True(double.IsNaN(v)));
        Assert.All(p.LocalByUnit.ToArray(), v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void Profile_OneUnit_HasNoSegregation()
    {
        var p = Profile([30, 70], 2);
        Assert.Equal(0, p.Dissimilarity);
        Assert.Equal(0, p.Gini);
        Assert.Equal(0, p.MutualInformation, 14);
        Assert.Equal(0, p.TheilH, 14);
        Assert.Equal(0, p.NormalizedExposure, 14);
        Assert.Equal(0.3, p.Exposure[0], 14);
        Assert.Equal(0, p.CorrelationRatio[0], 14);
        Assert.Equal(1, p.RepresentativeUnitShareAllGroups(0));
    }

    [Fact]
    public void Profile_OneGroupPresent_UndefinedIndicesAreNaN_DefinedOnesAreNot()
    {
        // Group B has no students: D, G, H and normalized exposure are 0/0; M is 0 (nothing to learn), A's isolation 1.
        var p = Profile([10, 0, 5, 0], 2);
        Assert.True(double.IsNaN(p.Dissimilarity));
        Assert.True(double.IsNaN(p.Gini));
        Assert.True(double.IsNaN(p.TheilH));
        Assert.True(double.IsNaN(p.NormalizedExposure));
        Assert.Equal(0, p.MutualInformation);
        Assert.Equal(0, p.Entropy);
        Assert.Equal(1, p.Exposure[0]);
        Assert.True(double.IsNaN(p.Exposure[2]));
        Assert.True(double.IsNaN(p.CorrelationRatio[0]));
        Assert.True(double.IsNaN(p.LocalByGroup[1]));
        Assert.True(double.IsNaN(p.DissimilarityVsRest[0]));
        Assert.True(double.IsNaN(GiniIndex.Compute([10, 0, 5, 0], 2)));
        Assert.True(double.IsNaN(ExposureIndex.NormalizedExposure([10, 0, 5, 0], 2)));
    }

    [Fact]
    public void Profile_EmptyUnitsAndZeroGroup_AreIgnored()
    {
        // An empty school and an absent third group leave every index of the two real groups unchanged.
        var plain = Profile([30, 10, 10, 50], 2);
        var padded = Profile([30, 10, 0, 0, 0, 0, 10, 50, 0], 3);
        Assert.Equal(plain.Dissimilarity, padded.Dissimilarity, 14);
        Assert.Equal(plain.Gini, padded.Gini, 14);
        Assert.Equal(plain.TheilH, padded.TheilH, 14);
        Assert.Equal(plain.NormalizedExposure, padded.NormalizedExposure, 14);
        Assert.Equal(plain.Exposure[1], padded.Exposure[1], 14);
        Assert.True(double.IsNaN(padded.LocalByUnit[1]));
        Assert.Equal(0, padded.UnitWeights[1]);
        Assert.Equal(0, padded.Exposure[2]);
        Assert.True(double.IsNaN(padded.Exposure[6]));
        Assert.Equal(plain.RepresentativeUnitShare(1)[0], padded.RepresentativeUnitShare(1)[0]);
    }

    [Fact]
    public void Nested_EmptyNestingUnit_HasNaNScoresAndZeroShare()
    {
        var n = NestedDecomposition.Compute([30, 10, 10, 50], 2, [0, 0], 2);
        Assert.Equal(0, n.Between, 14);
        Assert.Equal(n.Total, n.Within, 14);
        Assert.True(double.IsNaN(n.NestingM[1]));
        Assert.Equal(0, n.NestingShare[1]);
    }

    [Fact]
    public void CountMatrix_BadShapeOrGroup_Throws()
    {
        Assert.Throws<ArgumentException>(() => CountMatrix.Units([1, 2, 3], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => CountMatrix.Pair([1, 2], 2, 0, 2));
        Assert.Throws<ArgumentException>(() => CountMatrix.Pair([1, 2], 2, 1, 1));
        Assert.Throws<ArgumentException>(() => CountMatrix.Aggregate([1, 2], 2, [3], 2));
    }

    private static IntegrationProfile Profile(int[] counts, int groups)
    {
        var p = new IntegrationProfile(counts.Length / groups, groups);
        p.Compute(counts);
        return p;
    }
}
