using Simulation.Core.Choice;
using Simulation.Core.Mechanisms;
using Simulation.Core.Metrics;
using Simulation.Core.Randomness;

namespace Simulation.Core.Replications;

/// <summary>
/// Runs replications of one compiled scenario: draws who applies and each applicant's ranked list, draws lottery
/// numbers, assigns choice seats with the scenario's mechanism (deferred acceptance with pool choice functions unless
/// the scenario names another), places everyone else at their zoned school, and computes the outcomes.
/// </summary>
/// <remarks>
/// <para><b>Randomness.</b> Replication r uses only streams keyed by (scenario seed, r, stage, substream): one stream
/// per cohort for the application draws (every student draws, applicant or not), one stream per student for the
/// ranked list, and a counter-based hash of (student, campus) — or of the student alone under single tie-breaking —
/// for lottery numbers. A student's draws therefore do not depend on other students' decisions, on batching or on
/// threads, and scenarios that share a seed run on common random numbers.</para>
/// <para><b>Priority keys.</b> Without priority classes a program's key of a student is the whole 64-bit lottery
/// hash; with them it is the class above the hash's top <see cref="Lottery.Bits"/> bits (<see cref="CompiledScenario.HasPriorities"/>).</para>
/// <para><b>Performance.</b> All per-student buffers are allocated once per runner and each replication's
/// <see cref="MatchingProblem"/> wraps them; a replication under DA or Boston allocates only its result arrays (top
/// trading cycles and the school lotteries allocate their own work arrays per run). A runner is not thread-safe: use one per thread (they are cheap next to the scenario).</para>
/// </remarks>
public sealed class ReplicationRunner
{
    private readonly CompiledScenario _scenario;
    private readonly IAssignmentMechanism _mechanism;
    private readonly ReplicationKeys _priorityKeys;
    private readonly int[] _applicantCohort;
    private readonly int[] _listStart;
    private readonly int[] _programs;
    private readonly ulong[] _keys;
    private readonly byte[] _entryTypes;
    private readonly byte[] _types;
    private readonly int[] _assignedRank;
    private readonly int[] _ranked;
    private readonly IntegrationProfile _integration;

    public ReplicationRunner(CompiledScenario scenario)
    {
        _scenario = Preconditions.NotNull(scenario, nameof(scenario));
        _mechanism = AssignmentMechanisms.Create(scenario.Spec.Choice.Mechanism, scenario.Pools);
        _integration = new IntegrationProfile(scenario.District.SchoolCount, scenario.District.GroupCount, MetricCatalog.Bands);
        var n = scenario.StudentCount;
        var k = Math.Min(scenario.ListLength, Math.Max(1, scenario.MaxCandidates));
        _applicantCohort = new int[n];
        _priorityKeys = new ReplicationKeys(scenario, _applicantCohort, new ulong[n]);
        _listStart = new int[n + 1];
        _programs = new int[n * k];
        _keys = new ulong[n * k];
        _entryTypes = new byte[n * k];
        _types = new byte[n];
        _assignedRank = new int[n];
        _ranked = new int[k];
    }

    public CompiledScenario Scenario => _scenario;

    /// <summary>Runs replication <paramref name="replication"/> (0-based).</summary>
    public ReplicationResult Run(int replication)
    {
        Preconditions.NonNegative(replication, nameof(replication));
        var sc = _scenario;
        var d = sc.District;
        var seed = sc.Spec.Seed;
        var groups = d.GroupCount;
        var tieBreaking = sc.Spec.Choice.TieBreaking;
        var classes = sc.HasPriorities;
        _priorityKeys.Replication = replication;

        // 1–2. Applications, ranked lists and lottery numbers.
        var applicants = 0;
        var entries = 0;
        for (var c = 0; c < sc.CohortIds.Length; c++)
        {
            var cohortId = sc.CohortIds[c];
            var p = sc.ApplyProbability[sc.CohortGroup[c]];
            var candidates = sc.CandidateStart[c + 1] - sc.CandidateStart[c];
            if (p <= 0 || candidates == 0) continue;
            var weights = sc.CandidateWeight.AsSpan(sc.CandidateStart[c], candidates);
            var programs = sc.CandidateProgram.AsSpan(sc.CandidateStart[c], candidates);
            var apply = RandomStream.For(seed, replication, Stage.Application, cohortId);
            for (var i = 0; i < sc.CohortSize[c]; i++)
            {
                if (apply.NextDouble() >= p) continue;
                var student = ((long)cohortId << 32) | (uint)i;
                var prefs = RandomStream.For(seed, replication, Stage.Preferences, student);
                var listed = PlackettLuceSampler.Draw(weights, sc.ListLength, ref prefs, _ranked);
                _listStart[applicants] = entries;
                for (var r = 0; r < listed; r++)
                {
                    var candidate = sc.CandidateStart[c] + _ranked[r];
                    var program = programs[_ranked[r]];
                    _programs[entries] = program;
                    var stream = tieBreaking == Scenarios.TieBreaking.Single ? ulong.MaxValue : (ulong)sc.ProgramSchool[program];
                    var lottery = StreamKey.Mix(seed, (ulong)replication, (ulong)Stage.Lottery, stream, (ulong)student);
                    _keys[entries] = classes ? ReplicationKeys.Combine(sc.CandidateClass[candidate], lottery) : lottery;
                    _entryTypes[entries] = sc.CandidateType[candidate];
                    entries++;
                }
                _types[applicants] = sc.CohortType[c];
                _applicantCohort[applicants] = c;
                _priorityKeys.StudentId[applicants] = (ulong)student;
                applicants++;
            }
        }
        _listStart[applicants] = entries;

        // 3. The assignment.
        var problem = MatchingProblem.OverBuffers(applicants, _listStart, _programs, _keys, _entryTypes, _types, sc.Pools, _priorityKeys);
        _mechanism.Run(problem, _assignedRank);

        // 4. Outcomes: everyone starts at the zoned school; admitted applicants move to their campus.
        var enrollment = new int[d.SchoolCount * groups];
        var applied = new int[d.SchoolCount];
        var waitlisted = new int[d.SchoolCount];
        var metrics = new double[sc.Catalog.Count];
        var cohortApplicants = new int[sc.CohortIds.Length];
        var cohortAdmitted = new int[sc.CohortIds.Length];
        Span<double> travel = stackalloc double[groups];
        Span<int> students = stackalloc int[groups];
        Span<int> applicantsByGroup = stackalloc int[groups];
        Span<int> admittedByGroup = stackalloc int[groups];
        Span<int> firstChoiceByGroup = stackalloc int[groups];
        for (var c = 0; c < sc.CohortIds.Length; c++)
        {
            var n = sc.CohortNeighborhood[c];
            var k = sc.CohortGroup[c];
            var zoned = d.Neighborhoods[n].ZonedSchool;
            enrollment[zoned * groups + k] += sc.CohortSize[c];
            students[k] += sc.CohortSize[c];
            travel[k] += sc.CohortSize[c] * d.DistanceKm[d.DistanceIndex(n, zoned)];
        }
        for (var a = 0; a < applicants; a++)
        {
            var c = _applicantCohort[a];
            var n = sc.CohortNeighborhood[c];
            var k = sc.CohortGroup[c];
            applicantsByGroup[k]++;
            cohortApplicants[c]++;
            var start = _listStart[a];
            var length = _listStart[a + 1] - start;
            var rank = _assignedRank[a];
            for (var r = 0; r < length; r++)
            {
                var school = sc.ProgramSchool[_programs[start + r]];
                applied[school]++;
                if (rank < 0 || r < rank) waitlisted[school]++;
            }
            if (rank < 0) continue;
            admittedByGroup[k]++;
            cohortAdmitted[c]++;
            if (rank == 0) firstChoiceByGroup[k]++;
            var zoned = d.Neighborhoods[n].ZonedSchool;
            var campus = sc.ProgramSchool[_programs[start + rank]];
            enrollment[zoned * groups + k]--;
            enrollment[campus * groups + k]++;
            travel[k] += d.DistanceKm[d.DistanceIndex(n, campus)] - d.DistanceKm[d.DistanceIndex(n, zoned)];
        }

        var maxTravel = 0.0;
        for (var c = 0; c < sc.CohortIds.Length; c++)
            if (sc.CohortSize[c] > cohortAdmitted[c])
            {
                var n = sc.CohortNeighborhood[c];
                maxTravel = Math.Max(maxTravel, d.DistanceKm[d.DistanceIndex(n, d.Neighborhoods[n].ZonedSchool)]);
            }
        for (var a = 0; a < applicants; a++)
        {
            var rank = _assignedRank[a];
            if (rank < 0) continue;
            var campus = sc.ProgramSchool[_programs[_listStart[a] + rank]];
            maxTravel = Math.Max(maxTravel, d.DistanceKm[d.DistanceIndex(sc.CohortNeighborhood[_applicantCohort[a]], campus)]);
        }

        var cat = sc.Catalog;
        metrics[MetricCatalog.MaxTravelKm] = sc.StudentCount > 0 ? maxTravel : double.NaN;
        metrics[MetricCatalog.Students] = sc.StudentCount;
        metrics[MetricCatalog.Applicants] = applicants;
        metrics[MetricCatalog.Dissimilarity] = DissimilarityIndex.Compute(enrollment, groups);
        metrics[MetricCatalog.TheilH] = TheilIndex.H(enrollment, groups);
        _integration.Compute(enrollment);
        metrics[MetricCatalog.MutualInformation] = _integration.MutualInformation;
        metrics[MetricCatalog.Gini] = _integration.Gini;
        metrics[MetricCatalog.NormalizedExposure] = _integration.NormalizedExposure;
        for (var b = 0; b < MetricCatalog.Bands.Count; b++)
        {
            metrics[MetricCatalog.WithinBand(b, students: false)] = _integration.RepresentativeUnitShareAllGroups(b);
            metrics[MetricCatalog.WithinBand(b, students: true)] = _integration.RepresentativeStudentShareAllGroups(b);
        }
        var choiceSeats = 0;
        foreach (var s in sc.Pools.ProgramSeats) choiceSeats += s;
        var filled = 0;
        for (var k = 0; k < groups; k++) filled += admittedByGroup[k];
        metrics[MetricCatalog.ChoiceSeats] = choiceSeats;
        metrics[MetricCatalog.ChoiceSeatsFilled] = filled;
        for (var k = 0; k < groups; k++)
        {
            metrics[cat.StudentsOf(k)] = students[k];
            metrics[cat.ApplicantsOf(k)] = applicantsByGroup[k];
            metrics[cat.AdmittedOf(k)] = admittedByGroup[k];
            metrics[cat.AdmissionRateOf(k)] = Ratio(admittedByGroup[k], applicantsByGroup[k]);
            metrics[cat.FirstChoiceRateOf(k)] = Ratio(firstChoiceByGroup[k], applicantsByGroup[k]);
            metrics[cat.MeanTravelKmOf(k)] = students[k] > 0 ? travel[k] / students[k] : double.NaN;
            metrics[cat.ChoiceShareOf(k)] = Ratio(admittedByGroup[k], filled);
            metrics[cat.TargetGapOf(k)] = TargetGap(enrollment, k);
            metrics[cat.IsolationOf(k)] = _integration.Exposure[k * groups + k];
            metrics[cat.CorrelationRatioOf(k)] = _integration.CorrelationRatio[k];
        }
        return new ReplicationResult(replication, enrollment, applied, waitlisted, metrics)
        {
            CohortApplicants = cohortApplicants,
            CohortAdmitted = cohortAdmitted,
        };
    }

    private double TargetGap(int[] enrollment, int group)
    {
        var groups = _scenario.District.GroupCount;
        var target = _scenario.Layout.TargetShare;
        double sum = 0;
        var n = 0;
        for (var s = 0; s < _scenario.District.SchoolCount; s++)
        {
            var t = target[s * groups + group];
            if (double.IsNaN(t)) continue;
            var total = 0;
            for (var k = 0; k < groups; k++) total += enrollment[s * groups + k];
            if (total == 0) continue;
            sum += Math.Abs((double)enrollment[s * groups + group] / total - t);
            n++;
        }
        return n > 0 ? sum / n : double.NaN;
    }

    private static double Ratio(int numerator, int denominator) => denominator > 0 ? (double)numerator / denominator : double.NaN;
}
