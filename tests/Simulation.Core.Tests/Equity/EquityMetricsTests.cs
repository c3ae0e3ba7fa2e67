using Simulation.Core.Equity;
using Simulation.Core.Mechanisms;
using Simulation.Core.Model;
using Simulation.Core.Replications;
using Simulation.Core.Scenarios;
using Simulation.Testing;

namespace Simulation.Core.Tests.Equity;

/// <summary>Quality access, choice satisfaction and funding metrics as the replication runner reports them, on
/// <see cref="ToyScenarios"/> (zoned schools rated B, choice campuses A and B) with one zoned school re-rated C.</summary>
public sealed class EquityMetricsTests
{
    [Fact]
    public void Run_RatedAbShare_IsTheGroupsEnrollmentOutsideTheCSchoolOverItsStudents()
    {
        // Z1 (school 0, the poor neighborhood's zoned school) rated C: every other school is A or B.
        var district = Rerated(ToyScenarios.District(), 0, "C");
        var scenario = CompiledScenario.Compile(district, ToyScenarios.FiftyFifty());
        var runner = new ReplicationRunner(scenario);
        var cat = scenario.Catalog;
        for (var r = 0; r < 10; r++)
        {
            var result = runner.Run(r);
            for (var k = 0; k < 2; k++)
            {
                var students = result.Metrics[cat.StudentsOf(k)];
                var atC = result.Enrollment[0 * 2 + k];
                Assert.Equal((students - atC) / students, result.Metrics[cat.RatedAbShareOf(k)], 1e-12);
            }
            // ED students live mostly in N1, zoned to the C school: they have less access to A/B schools.
            Assert.True(result.Metrics[cat.RatedAbShareOf(0)] < result.Metrics[cat.RatedAbShareOf(1)]);
        }
    }

    [Fact]
    public void Run_AllSchoolsRatedAOrB_ShareIsOne()
    {
        var scenario = CompiledScenario.Compile(ToyScenarios.District(), ToyScenarios.FiftyFifty());
        var result = new ReplicationRunner(scenario).Run(0);

        Assert.Equal(1.0, result.Metrics[scenario.Catalog.RatedAbShareOf(0)]);
        Assert.Equal(1.0, result.Metrics[scenario.Catalog.RatedAbShareOf(1)]);
    }

    [Theory]
    [InlineData(MechanismKind.DeferredAcceptance)]
    [InlineData(MechanismKind.ImmediateAcceptance)]
    public void Run_ChoiceSatisfaction_IsOrderedAndComplementsTheAdmissionRate(MechanismKind mechanism)
    {
        // first choice ≤ top three ≤ admitted; unassigned = 1 − admission rate; lists of 2, so top three = admitted.
        var spec = ToyScenarios.FiftyFifty() with { Choice = ToyScenarios.Choice(TieBreaking.Multiple) with { Mechanism = mechanism } };
        var scenario = CompiledScenario.Compile(ToyScenarios.District(), spec);
        var runner = new ReplicationRunner(scenario);
        var cat = scenario.Catalog;
        var sawUnassigned = false;
        for (var r = 0; r < 20; r++)
        {
            var m = runner.Run(r).Metrics;
            for (var k = 0; k < 2; k++)
            {
                Assert.True(m[cat.FirstChoiceRateOf(k)] <= m[cat.TopThreeChoiceRateOf(k)]);
                Assert.Equal(m[cat.AdmissionRateOf(k)], m[cat.TopThreeChoiceRateOf(k)], 1e-12);
                Assert.Equal(1 - m[cat.AdmissionRateOf(k)], m[cat.UnassignedRateOf(k)], 1e-12);
                Assert.Equal(m[cat.ApplicantsOf(k)] - m[cat.AdmittedOf(k)], m[cat.UnassignedRateOf(k)] * m[cat.ApplicantsOf(k)], 1e-9);
                sawUnassigned |= m[cat.UnassignedRateOf(k)] > 0;
            }
        }
        Assert.True(sawUnassigned); // the campuses are contested, so the test is not vacuous
    }

    [Fact]
    public void Run_WithoutFunding_CatalogHasNoFundingMetrics()
    {
        var scenario = CompiledScenario.Compile(ToyScenarios.District(), ToyScenarios.FiftyFifty());

        Assert.False(scenario.Catalog.HasFunding);
        Assert.DoesNotContain(scenario.Catalog.Names, n => n.StartsWith("resources_", StringComparison.Ordinal));
        Assert.Null(scenario.Layout.Funding);
    }

    [Fact]
    public void Run_WithFunding_MetricsMatchTheFormulaOnTheReplicationsEnrollment()
    {
        var funding = new FundingSpec(1000, new Dictionary<string, double> { ["ed"] = 0.3 }, 0, 0, null,
            [new FundingProgramSpec("title_i", 0.5, 400, null, FundingCount.AllPupils)]);
        var scenario = CompiledScenario.Compile(ToyScenarios.District(), ToyScenarios.FiftyFifty() with { Funding = funding });
        var cat = scenario.Catalog;
        var runner = new ReplicationRunner(scenario);
        var outcome = new FundingOutcome(scenario.Funding!);
        for (var r = 0; r < 5; r++)
        {
            var result = runner.Run(r);
            scenario.Funding!.Compute(result.Enrollment, outcome);
            Assert.Equal(outcome.DistrictPerPupil, result.Metrics[cat.ResourcesPerPupil]);
            Assert.Equal(outcome.FirstGroupRatio, result.Metrics[cat.ResourcesRatio]);
            Assert.Equal(outcome.GroupPerPupil[0], result.Metrics[cat.ResourcesPerPupilOf(0)]);
            Assert.Equal(outcome.GroupPerPupil[1] / outcome.DistrictPerPupil, result.Metrics[cat.ResourcesIndexOf(1)]);
            Assert.Equal(outcome.ProgramSchools[0], result.Metrics[cat.ProgramSchoolsOf(0)]);
            // The ED weight and a program for high-poverty schools: ED students experience more resources.
            Assert.True(result.Metrics[cat.ResourcesRatio] > 1);
            // Base 1000 · (1 + 0.3 · ED share) + programs: the district figure lies between 1000 and 1000·1.3 + 400.
            Assert.InRange(result.Metrics[cat.ResourcesPerPupil], 1000, 1700);
        }
        Assert.Equal("program_lost_title_i", cat.Names[cat.ProgramLostOf(0)]);
        Assert.Equal(cat.Count - 1, cat.ProgramLostOf(0));
    }

    private static District Rerated(District d, int school, string rating)
    {
        var schools = d.Schools.Select((s, i) => i == school ? s with { Rating = rating, RatingScore = 2 } : s).ToArray();
        return new District(d.Id, d.Name, d.GradeNames, d.GroupNames, schools, d.Neighborhoods, d.CohortCounts, d.SeatsByGrade, d.DistanceKm);
    }
}
