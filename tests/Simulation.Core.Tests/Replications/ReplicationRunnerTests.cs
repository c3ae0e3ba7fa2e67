using Simulation.Core.Replications;
using Simulation.Core.Scenarios;
using Simulation.Testing;

namespace Simulation.Core.Tests.Replications;

public class ReplicationRunnerTests
{
    private static readonly Model.District Toy = ToyScenarios.District();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_ConservesStudentsAndRespectsCapacity(bool spill)
    {
        var scenario = CompiledScenario.Compile(Toy, ToyScenarios.FiftyFifty(spill ? new Spillover(SpilloverKind.OtherPool) : Spillover.None));
        var runner = new ReplicationRunner(scenario);
        for (var r = 0; r < 50; r++)
        {
            var result = runner.Run(r);
            Assert.Equal(Toy.StudentCount, result.Enrollment.Sum());
            Assert.Equal(Toy.StudentCount, result.Metrics[MetricCatalog.Students]);
            // Per group conservation.
            for (var k = 0; k < 2; k++)
                Assert.Equal(Toy.CohortCounts.Where((_, i) => i % 2 == k).Sum(), Enumerable.Range(0, Toy.SchoolCount).Sum(s => result.Enrollment[s * 2 + k]));
            // Choice campuses never exceed seats; under spillover none, never exceed a pool (half the seats per grade).
            for (var s = 3; s < 5; s++)
            {
                var enrolled = result.Enrollment[s * 2] + result.Enrollment[s * 2 + 1];
                Assert.True(enrolled <= scenario.Layout.Seats[s]);
                if (!spill)
                {
                    var edCap = Enumerable.Range(0, 2).Sum(g => CompiledScenario.SplitSeats(Toy.SeatsByGrade[Toy.SeatIndex(s, g)], scenario.Spec.CampusSets[0].Pools)[0]);
                    var notEdCap = scenario.Layout.Seats[s] - edCap;
                    Assert.True(result.Enrollment[s * 2] <= edCap);
                    Assert.True(result.Enrollment[s * 2 + 1] <= notEdCap);
                }
            }
            Assert.Equal(result.Metrics[MetricCatalog.ChoiceSeatsFilled], result.Enrollment.Skip(6).Sum());
        }
    }

    [Fact]
    public void Run_SameReplication_IsIdenticalWhateverTheOrderOrRunner()
    {
        var scenario = CompiledScenario.Compile(Toy, ToyScenarios.FiftyFifty());
        var a = new ReplicationRunner(scenario);
        var b = new ReplicationRunner(scenario);
        var forward = Enumerable.Range(0, 10).Select(a.Run).ToArray();
        var backward = Enumerable.Range(0, 10).Reverse().Select(b.Run).Reverse().ToArray();
        for (var r = 0; r < 10; r++)
        {
            Assert.Equal(forward[r].Enrollment, backward[r].Enrollment);
            Assert.Equal(forward[r].Metrics, backward[r].Metrics);
            Assert.Equal(forward[r].Waitlisted, backward[r].Waitlisted);
        }
        Assert.NotEqual(forward[0].Enrollment, forward[1].Enrollment);
    }

    [Fact]
    public void Run_CommonRandomNumbers_SameApplicantsAcrossPolicies()
    {
        // Scenarios that differ only in seat pools share the application and preference draws.
        var a = new ReplicationRunner(CompiledScenario.Compile(Toy, ToyScenarios.FiftyFifty())).Run(3);
        var b = new ReplicationRunner(CompiledScenario.Compile(Toy, ToyScenarios.SingleLottery())).Run(3);
        Assert.Equal(a.Metrics[MetricCatalog.Applicants], b.Metrics[MetricCatalog.Applicants]);
        Assert.Equal(a.Applicants, b.Applicants);
    }

    [Fact]
    public void Run_FiftyFiftyVersusSingleLottery_ChoiceCampusesCloserToHalfEd()
    {
        // Not-ED students apply at twice the ED rate, so a single lottery tilts the campuses towards not ED; the pools
        // hold the ED share near one half.
        var pooled = CompiledScenario.Compile(Toy, ToyScenarios.FiftyFifty());
        var single = CompiledScenario.Compile(Toy, ToyScenarios.SingleLottery());
        double gapPooled = 0, gapSingle = 0;
        for (var r = 0; r < 40; r++)
        {
            gapPooled += Math.Abs(new ReplicationRunner(pooled).Run(r).Metrics[pooled.Catalog.ChoiceShareOf(0)] - 0.5);
            gapSingle += Math.Abs(new ReplicationRunner(single).Run(r).Metrics[single.Catalog.ChoiceShareOf(0)] - 0.5);
        }
        Assert.True(gapPooled < gapSingle, $"pooled {gapPooled / 40}, single {gapSingle / 40}");
    }

    [Fact]
    public void Run_NobodyApplies_EveryoneAtZonedSchoolAndRatesUndefined()
    {
        var spec = ToyScenarios.FiftyFifty() with
        {
            Choice = ToyScenarios.Choice(TieBreaking.Single) with { ApplyProbability = new Dictionary<string, double> { ["ed"] = 0, ["not_ed"] = 0 } },
        };
        var scenario = CompiledScenario.Compile(Toy, spec);
        var result = new ReplicationRunner(scenario).Run(0);
        Assert.Equal(0, result.Metrics[MetricCatalog.Applicants]);
        Assert.True(double.IsNaN(result.Metrics[scenario.Catalog.AdmissionRateOf(0)]));
        // Zoned school s gets exactly its neighborhood's students.
        for (var n = 0; n < 3; n++)
            Assert.Equal(Toy.CohortCounts.Skip(n * 4).Take(4).Sum(), result.Enrollment[n * 2] + result.Enrollment[n * 2 + 1]);
    }

    [Fact]
    public void Compile_UnknownCampusOrGroup_NamesTheField()
    {
        var bad = ToyScenarios.SingleLottery() with
        {
            CampusSets = [new CampusSetSpec("single", ["C9"], [new SeatPoolSpec("open", 1, Eligibility.Any, 1, Spillover.None)])],
        };
        var e = Assert.Throws<ScenarioFormatException>(() => CompiledScenario.Compile(Toy, bad));
        Assert.Equal("campuses.single.schools", e.Path);
        var zoned = ToyScenarios.SingleLottery() with
        {
            CampusSets = [new CampusSetSpec("single", ["Z1"], [new SeatPoolSpec("open", 1, Eligibility.Any, 1, Spillover.None)])],
        };
        Assert.Contains("attendance zone", Assert.Throws<ScenarioFormatException>(() => CompiledScenario.Compile(Toy, zoned)).Message);
        var shares = ToyScenarios.FiftyFifty() with
        {
            CampusSets = [new CampusSetSpec("s", ["C1"], [new SeatPoolSpec("a", 0.5, Eligibility.Any, 1, Spillover.None), new SeatPoolSpec("b", 0.4, Eligibility.Any, 2, Spillover.None)])],
        };
        Assert.Equal("campuses.s.pools", Assert.Throws<ScenarioFormatException>(() => CompiledScenario.Compile(Toy, shares)).Path);
    }

    [Theory]
    // Why: rounding must never lose or invent seats, and ties go to the earlier pool.
    [InlineData(10, 0.5, 5, 5)]
    [InlineData(11, 0.5, 6, 5)]
    [InlineData(7, 0.3, 2, 5)]
    [InlineData(0, 0.5, 0, 0)]
    public void SplitSeats_LargestRemainder_SumsToSeats(int seats, double share, int first, int second)
    {
        var pools = new[]
        {
            new SeatPoolSpec("a", share, Eligibility.Any, 1, Spillover.None),
            new SeatPoolSpec("b", 1 - share, Eligibility.Any, 2, Spillover.None),
        };
        Assert.Equal([first, second], CompiledScenario.SplitSeats(seats, pools));
    }

    [Fact]
    public void Compile_HomeAreaMedian_SplitsNeighborhoodsByChildPoverty()
    {
        var scenario = CompiledScenario.Compile(Toy, ToyScenarios.FiftyFifty());
        // Students: N1 89, N2 91, N3 92 of 272; cumulative by rate 0.05 (N3): 92, 0.25 (N2): 183 ≥ 136 → cutoff 0.25.
        Assert.Equal(0.25, scenario.Layout.HomeAreaCutoff);
        Assert.Equal([0, 0, 1], scenario.Layout.HomeAreaTier);
        // Target shares: half of C1's and C2's seats are reserved for each group; zoned schools reserve nothing.
        Assert.Equal(0.5, scenario.Layout.TargetShare[3 * 2]);
        Assert.True(double.IsNaN(scenario.Layout.TargetShare[0]));
    }
}

public class ReplicationRunnerIntegrationMetricsTests
{
    [Fact]
    public void Run_IntegrationMetrics_EqualTheSingleIndexFunctionsOnTheEnrollment()
    {
        var toy = ToyScenarios.District();
        var scenario = CompiledScenario.Compile(toy, ToyScenarios.FiftyFifty());
        var cat = scenario.Catalog;
        var runner = new ReplicationRunner(scenario);
        for (var r = 0; r < 5; r++)
        {
            var result = runner.Run(r);
            var e = result.Enrollment;
            Assert.Equal(Core.Metrics.GiniIndex.Compute(e, 2), result.Metrics[MetricCatalog.Gini], 10);
            Assert.Equal(Core.Metrics.TheilIndex.MutualInformation(e, 2), result.Metrics[MetricCatalog.MutualInformation], 10);
            Assert.Equal(Core.Metrics.ExposureIndex.NormalizedExposure(e, 2), result.Metrics[MetricCatalog.NormalizedExposure], 10);
            for (var k = 0; k < 2; k++)
            {
                Assert.Equal(Core.Metrics.ExposureIndex.Isolation(e, 2, k), result.Metrics[cat.IsolationOf(k)], 10);
                Assert.Equal(Core.Metrics.ExposureIndex.CorrelationRatio(e, 2, k), result.Metrics[cat.CorrelationRatioOf(k)], 10);
            }
            // Representativeness by hand: ED share of each non-empty school within ±10 / ±15 points of the district's.
            var total = e.Sum();
            var districtEd = (double)Enumerable.Range(0, toy.SchoolCount).Sum(s => e[s * 2]) / total;
            for (var b = 0; b < 2; b++)
            {
                var band = MetricCatalog.Bands[b] / 100;
                var open = Enumerable.Range(0, toy.SchoolCount).Where(s => e[s * 2] + e[s * 2 + 1] > 0).ToArray();
                var within = open.Where(s => Math.Abs((double)e[s * 2] / (e[s * 2] + e[s * 2 + 1]) - districtEd) <= band + 1e-12).ToArray();
                Assert.Equal((double)within.Length / open.Length, result.Metrics[MetricCatalog.WithinBand(b, students: false)], 12);
                Assert.Equal((double)within.Sum(s => e[s * 2] + e[s * 2 + 1]) / total, result.Metrics[MetricCatalog.WithinBand(b, students: true)], 12);
            }
            Assert.Equal(cat.Count, cat.Names.Distinct().Count());
            Assert.Equal("schools_within_15pt", cat.Names[MetricCatalog.WithinBand(1, students: false)]);
            Assert.Equal("gini", cat.Names[MetricCatalog.Gini]);
        }
    }
}

public class MaxTravelTests
{
    private static readonly Model.District Toy = ToyScenarios.District();

    /// <summary>In the toy district every neighborhood sits on its zoned school (distance 0), so the longest trip is
    /// 0 without applicants and otherwise the distance from some neighborhood to a choice campus — at least every
    /// group's mean.</summary>
    [Fact]
    public void MaxTravel_ZeroWithoutChoice_ElseALongestCampusTrip()
    {
        var none = ToyScenarios.FiftyFifty() with
        {
            Choice = ToyScenarios.FiftyFifty().Choice with { ApplyProbability = new Dictionary<string, double> { ["ed"] = 0, ["not_ed"] = 0 } },
        };
        Assert.Equal(0, new ReplicationRunner(CompiledScenario.Compile(Toy, none)).Run(0).Metrics[MetricCatalog.MaxTravelKm]);

        var scenario = CompiledScenario.Compile(Toy, ToyScenarios.FiftyFifty());
        var campusTrips = Enumerable.Range(0, 3).SelectMany(n => new[] { 3, 4 }.Select(s => Toy.DistanceKm[Toy.DistanceIndex(n, s)])).ToHashSet();
        var runner = new ReplicationRunner(scenario);
        for (var r = 0; r < 20; r++)
        {
            var m = runner.Run(r).Metrics;
            var max = m[MetricCatalog.MaxTravelKm];
            Assert.Contains(max, campusTrips);
            Assert.True(max >= m[scenario.Catalog.MeanTravelKmOf(0)] && max >= m[scenario.Catalog.MeanTravelKmOf(1)]);
            Assert.Equal("max_travel_km", scenario.Catalog.Names[MetricCatalog.MaxTravelKm]);
        }
    }
}
