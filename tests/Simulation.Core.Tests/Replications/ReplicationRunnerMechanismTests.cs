using Simulation.Core.Mechanisms;
using Simulation.Core.Replications;
using Simulation.Core.Scenarios;
using Simulation.Testing;

namespace Simulation.Core.Tests.Replications;

/// <summary>The runner with each mechanism and with priority classes, on the toy district.</summary>
public class ReplicationRunnerMechanismTests
{
    private static readonly Model.District Toy = ToyScenarios.District();

    private static ScenarioSpec WithMechanism(ScenarioSpec spec, MechanismKind kind, TieBreaking tieBreaking) =>
        spec with { Choice = spec.Choice with { Mechanism = kind, TieBreaking = tieBreaking } };

    [Theory]
    // ttc and rsd fill total seats, so they run on open lotteries; rsd needs single tie-breaking.
    [InlineData(MechanismKind.ImmediateAcceptance, true)]
    [InlineData(MechanismKind.SchoolLotteries, true)]
    [InlineData(MechanismKind.TopTradingCycles, false)]
    [InlineData(MechanismKind.SerialDictatorship, false)]
    public void Run_EveryMechanism_ConservesStudentsAndRespectsSeats(MechanismKind kind, bool pools)
    {
        var spec = WithMechanism(pools ? ToyScenarios.FiftyFifty() : ToyScenarios.SingleLottery(), kind, TieBreaking.Single);
        var scenario = CompiledScenario.Compile(Toy, spec);
        var runner = new ReplicationRunner(scenario);
        var anyAdmitted = false;
        for (var r = 0; r < 30; r++)
        {
            var result = runner.Run(r);
            Assert.Equal(Toy.StudentCount, result.Enrollment.Sum());
            for (var s = 3; s < 5; s++)
                Assert.True(result.Enrollment[s * 2] + result.Enrollment[s * 2 + 1] <= scenario.Layout.Seats[s], $"campus {s} over capacity");
            Assert.Equal(result.Metrics[MetricCatalog.ChoiceSeatsFilled], result.Enrollment.Skip(6).Sum());
            anyAdmitted |= result.Metrics[MetricCatalog.ChoiceSeatsFilled] > 0;
        }
        Assert.True(anyAdmitted);
    }

    [Fact]
    public void Run_DaAndSchoolLotteriesWithOneLotteryOrder_Agree()
    {
        // One lottery order at every campus and no reserves: the stable assignment is unique, so student-proposing DA
        // and the school-proposing campus lotteries must reach the same one.
        var da = new ReplicationRunner(CompiledScenario.Compile(Toy, WithMechanism(ToyScenarios.SingleLottery(), MechanismKind.DeferredAcceptance, TieBreaking.Single)));
        var lotteries = new ReplicationRunner(CompiledScenario.Compile(Toy, WithMechanism(ToyScenarios.SingleLottery(), MechanismKind.SchoolLotteries, TieBreaking.Single)));
        for (var r = 0; r < 20; r++)
            Assert.Equal(da.Run(r).Enrollment, lotteries.Run(r).Enrollment);
    }

    [Fact]
    public void Run_BostonAgainstDa_DiffersOnContestedLists()
    {
        var da = new ReplicationRunner(CompiledScenario.Compile(Toy, WithMechanism(ToyScenarios.FiftyFifty(), MechanismKind.DeferredAcceptance, TieBreaking.Multiple)));
        var boston = new ReplicationRunner(CompiledScenario.Compile(Toy, WithMechanism(ToyScenarios.FiftyFifty(), MechanismKind.ImmediateAcceptance, TieBreaking.Multiple)));

        Assert.Contains(Enumerable.Range(0, 20), r => !da.Run(r).Enrollment.SequenceEqual(boston.Run(r).Enrollment));
    }

    [Fact]
    public void Run_WalkZonePriority_AdmitsNoOneFromOutsideWhileAWalkZoneApplicantIsTurnedAway()
    {
        // Only C1 (10 seats in K and in grade 1) takes applicants; every applicant ranks it alone. N1 and N2 lie
        // 1.41 km from C1, N3 3.16 km: with a 1.5 km walk zone, N3's applicants get a seat only after every N1 and N2
        // applicant of their grade has one.
        var spec = ToyScenarios.SingleLottery() with
        {
            Choice = ToyScenarios.Choice(TieBreaking.Multiple) with { ListLength = 1 },
            CampusSets = [new CampusSetSpec("walk", ["C1"], [new SeatPoolSpec("open", 1.0, Eligibility.Any, 1, Spillover.None)],
                [new PriorityClassSpec(PriorityClassKind.WalkZone)], WalkZoneKm: 1.5)],
        };
        var scenario = CompiledScenario.Compile(Toy, spec);
        var runner = new ReplicationRunner(scenario);
        var insidersTurnedAway = 0;
        for (var r = 0; r < 50; r++)
        {
            var result = runner.Run(r);
            for (var g = 0; g < 2; g++)
            {
                int Sum(int[] perCohort, bool walkZone) => Enumerable.Range(0, scenario.CohortIds.Length)
                    .Where(c => scenario.CohortGrade[c] == g && (scenario.CohortNeighborhood[c] < 2) == walkZone).Sum(c => perCohort[c]);
                var outside = Sum(result.CohortAdmitted, false);
                var turnedAway = Sum(result.CohortApplicants, true) - Sum(result.CohortAdmitted, true);
                Assert.False(outside > 0 && turnedAway > 0, $"replication {r}, grade {g}: {outside} outsiders admitted, {turnedAway} walk-zone applicants turned away");
                insidersTurnedAway += turnedAway;
            }
        }
        Assert.True(insidersTurnedAway > 0, "C1 was never oversubscribed by its walk zone: the test is too weak");
    }
}
