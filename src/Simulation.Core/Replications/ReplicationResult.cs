namespace Simulation.Core.Replications;

/// <summary>
/// The compact outcome of one replication of one scenario: school × group enrollment, per-campus lottery
/// counts, and every district-level metric (named by the scenario's <see cref="MetricCatalog"/>).
/// </summary>
/// <remarks>Arrays are owned by the result; the runner copies them out of its reusable workspace.</remarks>
public sealed class ReplicationResult
{
    public ReplicationResult(int replication, int[] enrollment, int[] applicants, int[] waitlisted, double[] metrics)
    {
        Replication = replication;
        Enrollment = enrollment;
        Applicants = applicants;
        Waitlisted = waitlisted;
        Metrics = metrics;
    }

    public int Replication { get; }

    /// <summary>Students enrolled per school and group, index <c>school * groups + group</c>.</summary>
    public int[] Enrollment { get; }

    /// <summary>Per school: applicants who ranked it (0 for zoned schools).</summary>
    public int[] Applicants { get; }

    /// <summary>Per school: applicants left on its waitlist, i.e. who ranked it above the seat they ended with.</summary>
    public int[] Waitlisted { get; }

    /// <summary>District-level metrics in <see cref="MetricCatalog.Names"/> order. NaN marks a metric that is
    /// undefined in this replication (for example an admission rate with no applicants).</summary>
    public double[] Metrics { get; }

    /// <summary>Per simulated cohort (in <see cref="CompiledScenario.CohortIds"/> order): applicants.</summary>
    public int[] CohortApplicants { get; init; } = [];

    /// <summary>Per simulated cohort: applicants holding a choice seat.</summary>
    public int[] CohortAdmitted { get; init; } = [];
}
