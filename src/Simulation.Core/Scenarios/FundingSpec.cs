namespace Simulation.Core.Scenarios;

/// <summary>
/// A school funding formula (the scenario's <c>funding</c> section): a base amount per pupil, extra weights for
/// pupils of a group, English learners and special-education pupils, and threshold programs that go to schools whose
/// poverty share reaches a cutoff.
/// </summary>
/// <param name="BasePerPupil">Base amount per enrolled pupil (any currency unit; ≥ 0).</param>
/// <param name="GroupWeights">Per district group name: the extra weight of a pupil of the group (0.2 = 20% more than
/// the base). Groups left out weigh 0.</param>
/// <param name="EnglishLearnerWeight">Extra weight of an English learner. English learners are not simulated
/// students: each school's share of them in the district data is applied to the pupils assigned to it.</param>
/// <param name="SpecialEducationWeight">Extra weight of a special-education pupil, applied the same way.</param>
/// <param name="PovertyGroup">The group whose share of a school's pupils is its poverty share; null means the
/// district's first group (Dallas ISD: economically disadvantaged).</param>
/// <param name="Programs">Threshold programs in file order.</param>
public sealed record FundingSpec(
    double BasePerPupil,
    IReadOnlyDictionary<string, double> GroupWeights,
    double EnglishLearnerWeight,
    double SpecialEducationWeight,
    string? PovertyGroup,
    IReadOnlyList<FundingProgramSpec> Programs);

/// <summary>
/// A threshold program, such as a schoolwide Title I program: schools whose poverty share is at least
/// <see cref="MinPovertyShare"/> are eligible and receive <see cref="PerPupil"/> per counted pupil. With a
/// <see cref="Pot"/> the money is limited: given a per-pupil amount too, eligible schools are served in descending
/// order of poverty share (ties: district order) until the pot runs out (the last school served gets what is left);
/// with a pot alone, the pot is shared among all eligible schools in proportion to their counted pupils.
/// </summary>
/// <param name="Name">Program name (letters, digits, <c>_</c>, <c>-</c>); names its metric columns.</param>
/// <param name="MinPovertyShare">Eligibility cutoff in [0, 1], inclusive.</param>
/// <param name="PerPupil">Amount per counted pupil, or null (then <see cref="Pot"/> is required).</param>
/// <param name="Pot">Total amount available, or null for no limit.</param>
/// <param name="Counts">Which pupils count: all pupils of the school (schoolwide) or its poverty-group pupils.</param>
public sealed record FundingProgramSpec(string Name, double MinPovertyShare, double? PerPupil, double? Pot, FundingCount Counts);

/// <summary>Which pupils of an eligible school a program's amount is per.</summary>
public enum FundingCount
{
    /// <summary>Every pupil of the school (a schoolwide program).</summary>
    AllPupils,

    /// <summary>Only the pupils of the poverty group.</summary>
    PovertyPupils,
}
