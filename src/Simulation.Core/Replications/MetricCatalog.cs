namespace Simulation.Core.Replications;

/// <summary>
/// The declarative list of district-level metrics a replication reports (the "reporters"): names, meanings and
/// their positions in <see cref="ReplicationResult.Metrics"/>. Group-specific metrics are expanded per group name
/// (<c>admission_rate_ed</c>, <c>admission_rate_not_ed</c>, …).
/// </summary>
public sealed class MetricCatalog
{
    private static readonly (string Name, string Meaning)[] DistrictMetrics =
    [
        ("students", "students simulated (all cohorts of the simulated grades)"),
        ("applicants", "students who applied to at least one choice campus"),
        ("dissimilarity", "dissimilarity index across all schools (two groups: Duncan's D; more: multigroup D)"),
        ("theil_h", "Theil's information-theory index H across all schools (M divided by the entropy of the district's group shares)"),
        ("choice_seats", "seats at choice campuses in the simulated grades"),
        ("choice_seats_filled", "choice-campus seats taken"),
        ("mutual_information", "mutual information index M across all schools (natural logarithm)"),
        ("gini", "Gini segregation index across all schools (two groups: the pairwise Gini; more: multigroup)"),
        ("normalized_exposure", "normalized exposure P across all schools (James and Taeuber; 0 = even, 1 = complete separation)"),
        ("schools_within_10pt", "share of schools whose every group's share is within ±10 points of its district share (inclusive)"),
        ("students_within_10pt", "share of students in schools within ±10 points for every group"),
        ("schools_within_15pt", "share of schools whose every group's share is within ±15 points of its district share (inclusive)"),
        ("students_within_15pt", "share of students in schools within ±15 points for every group"),
        ("max_travel_km", "longest straight-line km any student travels from home neighborhood to the assigned school"),
    ];

    /// <summary>Representativeness bands (percentage points) of the <c>*_within_*pt</c> metrics, in catalog order.</summary>
    public static readonly IReadOnlyList<double> Bands = [10, 15];

    private static readonly (string Prefix, string Meaning)[] GroupMetrics =
    [
        ("students_", "students of the group"),
        ("applicants_", "applicants of the group"),
        ("admitted_", "applicants of the group holding a choice seat"),
        ("admission_rate_", "admitted / applicants of the group (NaN without applicants)"),
        ("first_choice_rate_", "share of the group's applicants placed at their first-ranked campus (NaN without applicants)"),
        ("mean_travel_km_", "mean straight-line km from home neighborhood to the assigned school, over the group's students"),
        ("choice_share_", "the group's share of choice-campus students (NaN if no choice seat is filled)"),
        ("target_gap_", "mean over campuses whose pools reserve seats for the group of |group share − reserved share| (NaN if none)"),
        ("isolation_", "isolation index xPx: the group's mean share of its own group in its school"),
        ("correlation_ratio_", "correlation ratio (eta squared) of the group: isolation adjusted for its district share"),
        ("rated_ab_share_", "share of the group's students enrolled in schools rated A or B"),
        ("top3_choice_rate_", "share of the group's applicants placed at one of their first three ranked campuses (NaN without applicants)"),
        ("unassigned_rate_", "share of the group's applicants placed at none of their ranked campuses (NaN without applicants)"),
    ];

    private static readonly (string Name, string Meaning)[] FundingDistrictMetrics =
    [
        ("resources_per_pupil", "funding formula: all money (formula and programs) over all students"),
        ("resources_ratio", "resources per pupil experienced by the district's first group over those experienced by all other students"),
    ];

    private static readonly (string Prefix, string Meaning)[] FundingGroupMetrics =
    [
        ("resources_per_pupil_", "resources per pupil the group's average student experiences (student-weighted mean over schools)"),
        ("resources_index_", "resources_per_pupil of the group over the district's resources_per_pupil"),
    ];

    private static readonly (string Prefix, string Meaning)[] ProgramMetrics =
    [
        ("program_schools_", "schools the threshold program serves"),
        ("program_amount_", "total amount of the threshold program"),
        ("program_gained_", "schools the program serves that it does not serve in the district data (NaN unless the poverty group is the first group)"),
        ("program_lost_", "schools the program serves in the district data but no longer serves (NaN unless the poverty group is the first group)"),
    ];

    /// <param name="groupNames">The district's groups.</param>
    /// <param name="fundingPrograms">Null without a funding formula (no funding metrics); otherwise the names of its
    /// threshold programs (possibly none).</param>
    public MetricCatalog(IReadOnlyList<string> groupNames, IReadOnlyList<string>? fundingPrograms = null)
    {
        GroupNames = [.. groupNames];
        ProgramNames = fundingPrograms is null ? [] : [.. fundingPrograms];
        HasFunding = fundingPrograms is not null;
        var names = new List<string>();
        var meanings = new List<string>();
        void Add((string Name, string Meaning)[] metrics, IReadOnlyList<string> keys)
        {
            foreach (var (name, meaning) in metrics)
                foreach (var key in keys)
                {
                    names.Add(name + key);
                    meanings.Add(meaning);
                }
        }
        string[] plain = [""];
        Add(DistrictMetrics, plain);
        Add(GroupMetrics, GroupNames);
        _fundingStart = names.Count;
        if (HasFunding)
        {
            Add(FundingDistrictMetrics, plain);
            Add(FundingGroupMetrics, GroupNames);
            Add(ProgramMetrics, ProgramNames);
        }
        Names = [.. names];
        Meanings = [.. meanings];
    }

    private readonly int _fundingStart;

    public string[] GroupNames { get; }

    /// <summary>Threshold programs of the funding formula (empty without one).</summary>
    public string[] ProgramNames { get; }

    /// <summary>Whether the catalog has the funding metrics (the scenario has a funding formula).</summary>
    public bool HasFunding { get; }
    public string[] Names { get; }
    public string[] Meanings { get; }
    public int Count => Names.Length;

    public const int Students = 0;
    public const int Applicants = 1;
    public const int Dissimilarity = 2;
    public const int TheilH = 3;
    public const int ChoiceSeats = 4;
    public const int ChoiceSeatsFilled = 5;

    public int StudentsOf(int group) => GroupMetric(0, group);
    public int ApplicantsOf(int group) => GroupMetric(1, group);
    public int AdmittedOf(int group) => GroupMetric(2, group);
    public int AdmissionRateOf(int group) => GroupMetric(3, group);
    public int FirstChoiceRateOf(int group) => GroupMetric(4, group);
    public int MeanTravelKmOf(int group) => GroupMetric(5, group);
    public int ChoiceShareOf(int group) => GroupMetric(6, group);
    public int TargetGapOf(int group) => GroupMetric(7, group);
    public int IsolationOf(int group) => GroupMetric(8, group);
    public int CorrelationRatioOf(int group) => GroupMetric(9, group);
    public int RatedAbShareOf(int group) => GroupMetric(10, group);
    public int TopThreeChoiceRateOf(int group) => GroupMetric(11, group);
    public int UnassignedRateOf(int group) => GroupMetric(12, group);

    /// <summary>Index of <c>resources_per_pupil</c> (district); only with <see cref="HasFunding"/>.</summary>
    public int ResourcesPerPupil => Funding(0);
    public int ResourcesRatio => Funding(1);
    public int ResourcesPerPupilOf(int group) => Funding(FundingDistrictMetrics.Length + group);
    public int ResourcesIndexOf(int group) => Funding(FundingDistrictMetrics.Length + GroupNames.Length + group);
    public int ProgramSchoolsOf(int program) => ProgramMetric(0, program);
    public int ProgramAmountOf(int program) => ProgramMetric(1, program);
    public int ProgramGainedOf(int program) => ProgramMetric(2, program);
    public int ProgramLostOf(int program) => ProgramMetric(3, program);

    private int Funding(int offset) =>
        HasFunding ? _fundingStart + offset : throw new InvalidOperationException("the catalog has no funding metrics");

    private int ProgramMetric(int block, int program) =>
        Funding(FundingDistrictMetrics.Length + FundingGroupMetrics.Length * GroupNames.Length + block * ProgramNames.Length + program);

    public const int MutualInformation = 6;
    public const int Gini = 7;
    public const int NormalizedExposure = 8;

    /// <summary>Index of the share of schools (or of students, when <paramref name="students"/>) within band
    /// <paramref name="band"/> of <see cref="Bands"/>.</summary>
    public static int WithinBand(int band, bool students) => 9 + 2 * band + (students ? 1 : 0);

    /// <summary>Index of <c>max_travel_km</c>.</summary>
    public const int MaxTravelKm = 13;

    public int IndexOf(string name) => Array.IndexOf(Names, name);

    private int GroupMetric(int block, int group) => DistrictMetrics.Length + block * GroupNames.Length + group;
}
