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
    ];

    public MetricCatalog(IReadOnlyList<string> groupNames)
    {
        GroupNames = [.. groupNames];
        var names = new List<string>();
        var meanings = new List<string>();
        foreach (var (name, meaning) in DistrictMetrics)
        {
            names.Add(name);
            meanings.Add(meaning);
        }
        foreach (var (prefix, meaning) in GroupMetrics)
            foreach (var g in GroupNames)
            {
                names.Add(prefix + g);
                meanings.Add(meaning);
            }
        Names = [.. names];
        Meanings = [.. meanings];
    }

    public string[] GroupNames { get; }
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
