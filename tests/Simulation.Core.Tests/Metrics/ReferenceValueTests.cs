using Simulation.Core.Metrics;
using Xunit.Abstractions;

namespace Simulation.Core.Tests.Metrics;

/// <summary>
/// Every value of <c>Reference/expected_r_segregation.csv</c> (R package <c>segregation</c>) recomputed with the core
/// and compared at 1e-9 relative. Each row's <c>call</c> is mapped to core calls in <see cref="Compute"/>; rows that
/// need methods outside issue 4's integration metrics are listed in <see cref="OutOfScope"/> with the reason.
/// </summary>
public class ReferenceValueTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-9;

    /// <summary>R calls left out, with why. <see cref="OutOfScope_ListedRows_AreExactlyTheUnmappedOnes"/> keeps this
    /// list honest.</summary>
    private static readonly (string CallPrefix, string Reason)[] OutOfScope =
    [
        // Bootstrap estimates depend on R's Mersenne-Twister stream after set.seed(2024), which our RandomStream does
        // not reproduce, so they cannot agree digit for digit. They are checked statistically instead: the bootstrap
        // rows in SamplingBootstrapTests (bias, se and debiased estimate within Monte Carlo error), the expected value
        // under random assignment in SmallUnitBiasTests.ExpectedM_Schools00_AgreesWithRPackageWithinMonteCarloError.
        ("set.seed(2024)", "bootstrap / simulation values tied to R's random generator: compared within Monte Carlo error elsewhere"),
    ];

    private static readonly string[] ComputedDifferenceStats =
        ["M1", "M2", "diff", "additions", "removals", "group_marginal", "unit_marginal", "structural"];

    /// <summary>The IPF starts R drew for the reference call. segregation 1.1 starts each of its six fits with a row or
    /// a column half-step at random (<c>sample(2, 1)</c>, not seeded in the reference script) and stops at an
    /// absolute tolerance of 0.001 on shares, so the start changes the third significant digit. Of the 64 start
    /// combinations, those with a rows-first fit of g₂u₁s₁ (R's d_BAA) reproduce all five values to about 1e-12;
    /// the others miss by up to 6%. <see cref="MutualInformationDifferenceTests"/> checks the converged method.</summary>
    private static readonly IpfOptions ReferenceIpf = IpfOptions.RSegregation11([false, false, true, false, false, false]);

    public static IEnumerable<object[]> Rows() =>
        ReferenceData.ReadCsv(Path.Combine(ReferenceData.Folder, "expected_r_segregation.csv")).Skip(1)
            .Where(r => !IsOutOfScope(r[1], r[2]))
            .Select(r => new object[] { r[0], r[1], r[2], r[3], r[4] });

    [Theory]
    [MemberData(nameof(Rows))]
    public void RPackage_Value_MatchesTo1e9Relative(string dataset, string call, string stat, string key, string value)
    {
        var expected = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        var actual = Compute(dataset, call, stat, key);
        Assert.True(RelativeError(actual, expected) <= Tolerance, $"{dataset} {call} {stat} {key}: expected {expected:R}, got {actual:R}");
    }

    [Fact]
    public void RPackage_AllRows_MaxRelativeErrorIsBelow1e9()
    {
        var worst = Rows().Select(r => (Row: r, Error: RelativeError(
                Compute((string)r[0], (string)r[1], (string)r[2], (string)r[3]),
                double.Parse((string)r[4], System.Globalization.CultureInfo.InvariantCulture))))
            .MaxBy(x => x.Error);
        output.WriteLine($"max relative error {worst.Error:E2} at {string.Join(" | ", worst.Row)}");
        Assert.True(worst.Error <= Tolerance);
    }

    [Fact]
    public void OutOfScope_ListedRows_AreExactlyTheUnmappedOnes()
    {
        var rows = ReferenceData.ReadCsv(Path.Combine(ReferenceData.Folder, "expected_r_segregation.csv")).Skip(1).ToList();
        var left = rows.Where(r => IsOutOfScope(r[1], r[2])).Select(r => r[2]).ToList();
        Assert.Equal(266, rows.Count);
        Assert.Equal(
            ["M_est_debiased", "M_se", "M_bias", "H_est_debiased", "H_se", "H_bias", "M under 0", "H under 0"],
            left);
        foreach (var (prefix, _) in OutOfScope)
            Assert.Throws<NotSupportedException>(() => Compute("schools00", prefix + "...", "x", ""));
    }

    private static bool IsOutOfScope(string call, string stat) =>
        OutOfScope.Any(o => call.StartsWith(o.CallPrefix, StringComparison.Ordinal)) &&
        !(call.StartsWith("mutual_difference(", StringComparison.Ordinal) && ComputedDifferenceStats.Contains(stat));

    private static double RelativeError(double actual, double expected) =>
        expected == 0 ? Math.Abs(actual) : Math.Abs(actual - expected) / Math.Abs(expected);

    /// <summary>Recomputes one reference row.</summary>
    internal static double Compute(string dataset, string call, string stat, string key)
    {
        switch (dataset)
        {
            case "doc_m1":
                // matrix_to_long(matrix(c(100, 60, 40, 0, 0, 40, 60, 100), ncol = 2)): 4 units × 2 groups.
                return Small([100, 0, 60, 40, 40, 60, 0, 100], 2, call, stat);
            case "doc_m2":
                // matrix_to_long(matrix(c(80, 80, 20, 20, 20, 20, 80, 80), ncol = 2)).
                return Small([80, 20, 80, 20, 20, 80, 20, 80], 2, call, stat);
            case "test_mutual_total":
                return TestMutualTotal(call, stat);
            case "schools00->schools05":
                if (!call.StartsWith("mutual_difference(", StringComparison.Ordinal) || !ComputedDifferenceStats.Contains(stat))
                    throw new NotSupportedException(call);
                var (before, after, groups) = ReferenceData.SchoolsChange();
                var change = MutualInformationDifference.Shapley(before, after, groups, ReferenceIpf);
                return stat switch
                {
                    "M1" => change.M1,
                    "M2" => change.M2,
                    "diff" => change.Difference,
                    "additions" => change.Additions,
                    "removals" => change.Removals,
                    "group_marginal" => change.GroupMarginal,
                    "unit_marginal" => change.UnitMarginal,
                    _ => change.Structural,
                };
        }
        if (call.StartsWith("set.seed(", StringComparison.Ordinal))
            throw new NotSupportedException(call);

        var d = ReferenceData.School(dataset);
        var k = d.Groups.Length;
        var units = d.Schools.Length;
        switch (call)
        {
            case "sizes":
                return stat switch
                {
                    "n_rows" => d.Rows,
                    "n_schools" => d.Schools.Length,
                    "n_districts" => d.Districts.Length,
                    "total_n" => d.Counts.Sum(),
                    "group_total" => Enumerable.Range(0, units).Sum(u => d.Counts[u * k + d.GroupIndex(key)]),
                    _ => throw new NotSupportedException(stat),
                };
            case "mutual_total(d,\"race\",\"school\",weight=\"n\")":
            case "mutual_total(d,\"race\",c(\"district\",\"school\"),weight=\"n\")":
                // School ids are unique across districts, so the district × school units are the schools.
                return MH(d.Counts, k, stat);
            case "mutual_total(d,\"school\",\"race\",weight=\"n\")":
                // Roles swapped: races are the units, schools the groups; H divides by the entropy of schools.
                return MH(CountMatrix.Transpose(d.Counts, k), units, stat);
            case "mutual_total(d,\"race\",\"school\",weight=\"n\",base=2)":
                return stat == "M" ? TheilIndex.MutualInformation(d.Counts, k) / Math.Log(2) : TheilIndex.H(d.Counts, k);
            case "entropy(d,\"race\",weight=\"n\")":
                return TheilIndex.GroupEntropy(d.Counts, k);
            case "entropy(d,\"race\",weight=\"n\",base=2)":
                return TheilIndex.GroupEntropy(d.Counts, k) / Math.Log(2);
            case "mutual_total(d,\"race\",\"state\",weight=\"n\")":
                return MH(CountMatrix.Aggregate(d.Counts, k, d.StateOfSchool, d.States.Length), k, stat);
            case "mutual_total(d,\"race\",\"district\",weight=\"n\")":
                return MH(CountMatrix.Aggregate(d.Counts, k, d.DistrictOfSchool, d.Districts.Length), k, stat);
            case "mutual_total(d,\"race\",\"school\",within=\"state\",weight=\"n\")":
                return Within(NestedDecomposition.Compute(d.Counts, k, d.StateOfSchool, d.States.Length), stat);
            case "mutual_total(d,\"race\",\"school\",within=\"district\",weight=\"n\")":
                return Within(NestedDecomposition.Compute(d.Counts, k, d.DistrictOfSchool, d.Districts.Length), stat);
            case "mutual_within(d,\"race\",\"school\",within=\"state\",weight=\"n\")":
            {
                var n = NestedDecomposition.Compute(d.Counts, k, d.StateOfSchool, d.States.Length);
                var s = Array.IndexOf(d.States, key);
                return stat switch
                {
                    "M" => n.NestingM[s],
                    "p" => n.NestingShare[s],
                    "H" => n.NestingH[s],
                    "ent_ratio" => n.NestingEntropyRatio[s],
                    _ => throw new NotSupportedException(stat),
                };
            }
            case "mutual_total_nested(d,\"race\",c(\"state\",\"district\",\"school\"),weight=\"n\")":
                return key switch
                {
                    // Three levels as two-level decompositions: states; districts within states; schools within districts.
                    "between=state|within=" => Between(NestedDecomposition.Compute(d.Counts, k, d.StateOfSchool, d.States.Length), stat),
                    "between=district|within=state" => Within(NestedDecomposition.Compute(
                        CountMatrix.Aggregate(d.Counts, k, d.DistrictOfSchool, d.Districts.Length), k, d.StateOfDistrict, d.States.Length), stat),
                    "between=school|within=state, district" => Within(NestedDecomposition.Compute(d.Counts, k, d.DistrictOfSchool, d.Districts.Length), stat),
                    _ => throw new NotSupportedException(key),
                };
            case "mutual_local(d,\"school\",\"race\",weight=\"n\")":
            {
                // Roles swapped: the local scores of races over schools.
                var scores = new double[k];
                var weights = new double[k];
                LocalSegregation.ByGroup(d.Counts, k, scores, weights);
                var g = d.GroupIndex(key);
                return stat == "ls" ? scores[g] : weights[g];
            }
            case "mutual_local(d,\"race\",\"school\",weight=\"n\",wide=TRUE)":
            {
                var scores = new double[units];
                var weights = new double[units];
                LocalSegregation.ByUnit(d.Counts, k, scores, weights);
                switch (stat)
                {
                    case "sum_p_ls":
                        return Enumerable.Range(0, units).Sum(u => weights[u] * scores[u]);
                    case "max_ls" or "min_ls":
                        var best = stat == "max_ls"
                            ? Enumerable.Range(0, units).MaxBy(u => scores[u])
                            : Enumerable.Range(0, units).MinBy(u => scores[u]);
                        Assert.Equal(key, d.Schools[best]);
                        return scores[best];
                }
                var u = Array.IndexOf(d.Schools, key);
                return stat == "ls" ? scores[u] : weights[u];
            }
            case "isolation(d,\"race\",\"school\",weight=\"n\")":
                return ExposureIndex.Isolation(d.Counts, k, d.GroupIndex(key));
            case "exposure(d,\"race\",\"school\",weight=\"n\")":
            {
                var pair = key.Split("->");
                return ExposureIndex.Matrix(d.Counts, k)[d.GroupIndex(pair[0]) * k + d.GroupIndex(pair[1])];
            }
            case "dissimilarity(d[race %in% c(\"white\",\"black\")],\"race\",\"school\",weight=\"n\")":
                return DissimilarityIndex.Compute(WhiteBlack(d), 2);
            case "mutual_total(d[race %in% c(\"white\",\"black\")],\"race\",\"school\",weight=\"n\")":
                return MH(WhiteBlack(d), 2, stat);
            case "isolation(d[race %in% c(\"white\",\"black\")],\"race\",\"school\",weight=\"n\")":
                return ExposureIndex.Isolation(WhiteBlack(d), 2, key == "white" ? 0 : 1);
        }
        const string binary = "(binary ";
        var at = call.IndexOf(binary, StringComparison.Ordinal);
        if (at > 0)
        {
            // "binary X vs other": group X against every other student, so school sizes are kept.
            var group = call[(at + binary.Length)..call.IndexOf(" vs other", StringComparison.Ordinal)];
            var matrix = CountMatrix.OneVersusRest(d.Counts, k, d.GroupIndex(group));
            return call.StartsWith("dissimilarity", StringComparison.Ordinal) ? DissimilarityIndex.Compute(matrix, 2) : MH(matrix, 2, stat);
        }
        throw new NotSupportedException($"unmapped reference row: {dataset} {call} {stat} {key}");
    }

    private static int[] WhiteBlack(SchoolTable d) => CountMatrix.Pair(d.Counts, d.Groups.Length, d.GroupIndex("white"), d.GroupIndex("black"));

    private static double M(SchoolTable d) => TheilIndex.MutualInformation(d.Counts, d.Groups.Length);

    private static double MH(int[] counts, int groups, string stat) => stat switch
    {
        "M" => TheilIndex.MutualInformation(counts, groups),
        "H" => TheilIndex.H(counts, groups),
        _ => throw new NotSupportedException(stat),
    };

    private static double Within(NestedDecomposition n, string stat) => stat == "M" ? n.Within : n.WithinH;

    private static double Between(NestedDecomposition n, string stat) => stat == "M" ? n.Between : n.BetweenH;

    private static double Small(int[] counts, int groups, string call, string stat) =>
        call.StartsWith("dissimilarity", StringComparison.Ordinal) ? DissimilarityIndex.Compute(counts, groups) : MH(counts, groups, stat);

    /// <summary>The data of the R package's test_mutual_total.R: u ∈ {a, b}, g ∈ {1..4}, supergroup 12 = {1, 2},
    /// 34 = {3, 4}; n = 40 20 5 1 (u = a), 20 40 60 80 (u = b).</summary>
    private static double TestMutualTotal(string call, string stat)
    {
        // Rows: g = 1..4; columns: u = a, b.
        int[] gByU = [40, 20, 20, 40, 5, 60, 1, 80];
        return call switch
        {
            // mutual_total(td, "u", "g"): groups u, units g.
            "mutual_total(td,\"u\",\"g\",weight=\"n\")" => MH(gByU, 2, stat),
            // Swapped: groups g, units u.
            "mutual_total(td,\"g\",\"u\",weight=\"n\")" => MH(CountMatrix.Transpose(gByU, 2), 4, stat),
            "mutual_total(td,\"u\",\"supergroup\",weight=\"n\")" => MH(CountMatrix.Aggregate(gByU, 2, [0, 0, 1, 1], 2), 2, stat),
            "mutual_total(td,\"u\",\"g\",within=\"supergroup\",weight=\"n\")" => Within(NestedDecomposition.Compute(gByU, 2, [0, 0, 1, 1], 2), stat),
            _ => throw new NotSupportedException(call),
        };
    }
}
