using Simulation.Core.Equity;
using Simulation.Core.Model;
using Simulation.Core.Scenarios;
using Simulation.Testing;

namespace Simulation.Core.Tests.Equity;

/// <summary>
/// <see cref="FundingFormula"/> on <see cref="TinyDistricts.ThreeSchools"/> with hand-set shares of English
/// learners (Alder 0.2, Birch 0.05, Cedar 0.1) and special education (0.1, 0.1, 0). Seats of the simulated grades:
/// Alder 80, Birch 80, Cedar 40; real ED shares 0.725, 0.175, 0.5 (the base data).
/// <code>
///   enrollment      ed   not_ed   t     poverty share
///   Alder (A)       50     10     60    0.8333
///   Birch (B)       10     70     80    0.125
///   Cedar (C)       10     10     20    0.5
/// </code>
/// </summary>
public sealed class FundingFormulaTests
{
    private static readonly int[] Seats = [80, 80, 40];
    private static readonly int[] Enrollment = [50, 10, 10, 70, 10, 10];

    [Fact]
    public void Compute_BaseWeightsAndSchoolwideProgram_MatchHandWorkedAmounts()
    {
        // weighted pupils = t + 0.25·ed + (0.1·el + 1.0·sped)·t
        //   A: 60 + 12.5 + (0.02 + 0.1)·60 = 79.7     B: 80 + 2.5 + (0.005 + 0.1)·80 = 90.9
        //   C: 20 + 2.5 + (0.01 + 0)·20 = 22.7        × base 1000
        // title_i (share ≥ 0.4, 500 per pupil, all pupils): A 30,000, C 10,000, B nothing.
        var formula = Compile(Spec(new FundingProgramSpec("title_i", 0.4, 500, null, FundingCount.AllPupils)));
        var outcome = new FundingOutcome(formula);

        formula.Compute(Enrollment, outcome);

        double a = 79_700 + 30_000, b = 90_900, c = 22_700 + 10_000;
        Assert.Equal(a, outcome.Dollars[0], 1e-9);
        Assert.Equal(b, outcome.Dollars[1], 1e-9);
        Assert.Equal(c, outcome.Dollars[2], 1e-9);
        Assert.Equal(a / 60, outcome.PerPupil[0], 1e-12);
        Assert.Equal(b / 80, outcome.PerPupil[1], 1e-12);
        Assert.Equal(c / 20, outcome.PerPupil[2], 1e-12);
        Assert.Equal((a + b + c) / 160, outcome.DistrictPerPupil, 1e-12);
        var ed = (50 * a / 60 + 10 * b / 80 + 10 * c / 20) / 70;
        var notEd = (10 * a / 60 + 70 * b / 80 + 10 * c / 20) / 90;
        Assert.Equal(ed, outcome.GroupPerPupil[0], 1e-12);
        Assert.Equal(notEd, outcome.GroupPerPupil[1], 1e-12);
        Assert.Equal(ed / notEd, outcome.FirstGroupRatio, 1e-12);
        Assert.Equal(2, outcome.ProgramSchools[0]);
        Assert.Equal(40_000, outcome.ProgramTotal[0], 1e-9);
        // Base data: A (0.725) and C (0.5) reach 0.4, B (0.175) does not — the same schools as now.
        Assert.Equal(0, outcome.ProgramGained[0]);
        Assert.Equal(0, outcome.ProgramLost[0]);
    }

    [Fact]
    public void Compute_GroupWeightedMeans_AddUpToTheDistrictTotal()
    {
        // Invariant: Σ_k G_k R_k = total money, so the student-weighted mean of the group figures is the district's.
        var formula = Compile(Spec(new FundingProgramSpec("title_i", 0.4, 500, null, FundingCount.AllPupils)));
        var outcome = new FundingOutcome(formula);

        formula.Compute(Enrollment, outcome);

        Assert.Equal(outcome.DistrictPerPupil * 160, outcome.GroupPerPupil[0] * 70 + outcome.GroupPerPupil[1] * 90, 1e-8);
        Assert.Equal(outcome.Dollars.Sum(), outcome.DistrictPerPupil * 160, 1e-8);
    }

    [Theory]
    // Ranked pot with a per-pupil amount: A first (0.833) takes 30,000; C gets what is left.
    [InlineData(35_000.0, 30_000.0, 5_000.0, true)]
    // The pot runs out at A: C is eligible but not served.
    [InlineData(30_000.0, 30_000.0, 0.0, false)]
    public void Compute_RankedPot_ServesSchoolsInDescendingPovertyShareUntilThePotIsGone(double pot, double toA, double toC, bool cServed)
    {
        var formula = Compile(Spec(new FundingProgramSpec("title_i", 0.4, 500, pot, FundingCount.AllPupils)));
        var outcome = new FundingOutcome(formula);

        formula.Compute(Enrollment, outcome);

        Assert.Equal(toA, outcome.ProgramDollars[0], 1e-9);
        Assert.Equal(0, outcome.ProgramDollars[1]);
        Assert.Equal(toC, outcome.ProgramDollars[2], 1e-9);
        Assert.Equal(cServed, outcome.Served[2]);
        Assert.Equal(cServed ? 2 : 1, outcome.ProgramSchools[0]);
    }

    [Fact]
    public void Compute_PotAlone_IsSharedInProportionToCountedPupils()
    {
        // 16,000 over 60 + 20 counted pupils = 200 each: A 12,000, C 4,000.
        var formula = Compile(Spec(new FundingProgramSpec("grant", 0.4, null, 16_000, FundingCount.AllPupils)));
        var outcome = new FundingOutcome(formula);

        formula.Compute(Enrollment, outcome);

        Assert.Equal(12_000, outcome.ProgramDollars[0], 1e-9);
        Assert.Equal(4_000, outcome.ProgramDollars[2], 1e-9);
    }

    [Fact]
    public void Compute_PovertyPupilsCount_PaysPerPovertyPupilOnly()
    {
        // A: 50 ED × 500 = 25,000; C: 10 × 500 = 5,000.
        var formula = Compile(Spec(new FundingProgramSpec("title_i", 0.4, 500, null, FundingCount.PovertyPupils)));
        var outcome = new FundingOutcome(formula);

        formula.Compute(Enrollment, outcome);

        Assert.Equal(25_000, outcome.ProgramDollars[0], 1e-9);
        Assert.Equal(5_000, outcome.ProgramDollars[2], 1e-9);
    }

    [Theory]
    // Cutoff 0.6: base A only (0.725); now A (0.833) and C with 15 of 20 ED (0.75): C gained.
    [InlineData(0.6, 15, 5, 50, 10, 1, 0)]
    // Cutoff 0.7: base A (0.725); now A has 40 of 60 ED (0.667): A lost.
    [InlineData(0.7, 10, 10, 40, 20, 0, 1)]
    // Cutoff exactly at a share: C with 2 of 5 ED is 0.4 ≥ 0.4 (inclusive); base C 0.5 also in: no change.
    [InlineData(0.4, 2, 3, 50, 10, 0, 0)]
    public void Compute_GainsAndLosses_CompareWithTheBaseData(double cutoff, int cEd, int cNotEd, int aEd, int aNotEd, int gained, int lost)
    {
        var formula = Compile(Spec(new FundingProgramSpec("title_i", cutoff, 500, null, FundingCount.AllPupils)));
        var outcome = new FundingOutcome(formula);

        formula.Compute([aEd, aNotEd, 10, 70, cEd, cNotEd], outcome);

        Assert.Equal(gained, outcome.ProgramGained[0]);
        Assert.Equal(lost, outcome.ProgramLost[0]);
    }

    [Fact]
    public void Compute_PovertyGroupNotTheFirst_GainsAndLossesAreNaN()
    {
        var spec = Spec(new FundingProgramSpec("p", 0.4, 500, null, FundingCount.AllPupils)) with { PovertyGroup = "not_ed" };
        var formula = Compile(spec);
        var outcome = new FundingOutcome(formula);

        formula.Compute(Enrollment, outcome);

        Assert.False(formula.HasBaseStatus);
        Assert.True(double.IsNaN(outcome.ProgramGained[0]));
        // Poverty share is now the not-ED share: B (70/80) and C (10/20) are eligible, A (10/60) is not.
        Assert.Equal([false, true, true], outcome.Served);
    }

    [Fact]
    public void Compute_EmptySchoolAndEmptyGroup_AreNaNNotZero()
    {
        var formula = Compile(Spec());
        var outcome = new FundingOutcome(formula);

        formula.Compute([0, 60, 0, 80, 0, 0], outcome);

        Assert.True(double.IsNaN(outcome.PerPupil[2]));
        Assert.True(double.IsNaN(outcome.GroupPerPupil[0]));
        Assert.True(double.IsNaN(outcome.FirstGroupRatio));
        Assert.False(double.IsNaN(outcome.DistrictPerPupil));
    }

    [Fact]
    public void Compile_WeightNeedsAShareTheDataLacks_NamesTheField()
    {
        var district = TinyDistricts.ThreeSchools(); // no EL or special-ed counts
        var spec = Spec();

        var error = Assert.Throws<ScenarioFormatException>(() => FundingFormula.Compile(spec, district, Seats));

        Assert.Contains("funding.weights.english_learner", error.Message);
        Assert.Contains("101", error.Message);
    }

    [Fact]
    public void Compile_UnknownGroupAndProgramWithoutAmount_AreRejected()
    {
        var district = WithShares();
        Assert.Contains("funding.weights.frl", Assert.Throws<ScenarioFormatException>(() => FundingFormula.Compile(
            Spec() with { GroupWeights = new Dictionary<string, double> { ["frl"] = 0.2 } }, district, Seats)).Message);
        Assert.Contains("funding.programs.x", Assert.Throws<ScenarioFormatException>(() => FundingFormula.Compile(
            Spec(new FundingProgramSpec("x", 0.4, null, null, FundingCount.AllPupils)), district, Seats)).Message);
    }

    private static FundingSpec Spec(params FundingProgramSpec[] programs) => new(
        BasePerPupil: 1000,
        GroupWeights: new Dictionary<string, double> { ["ed"] = 0.25 },
        EnglishLearnerWeight: 0.1,
        SpecialEducationWeight: 1.0,
        PovertyGroup: null,
        Programs: programs);

    private static FundingFormula Compile(FundingSpec spec) => FundingFormula.Compile(spec, WithShares(), Seats);

    private static District WithShares()
    {
        var d = TinyDistricts.ThreeSchools();
        double[] el = [0.2, 0.05, 0.1], sped = [0.1, 0.1, 0];
        var schools = d.Schools.Select((s, i) => s with { EnglishLearnerShare = el[i], SpecialEducationShare = sped[i] }).ToArray();
        return new District(d.Id, d.Name, d.GradeNames, d.GroupNames, schools, d.Neighborhoods, d.CohortCounts, d.SeatsByGrade, d.DistanceKm);
    }
}
