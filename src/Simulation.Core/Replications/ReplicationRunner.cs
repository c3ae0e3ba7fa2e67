using Simulation.Core.Choice;
using Simulation.Core.Equity;
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
/// ranked list, a counter-based hash of (student, campus) — of the student alone under single tie-breaking, of
/// (student, seat pool) under pool tie-breaking — for lottery numbers, and one stream per applicant for the composite
/// score when a campus ranks by score. A student's draws therefore do not depend on other students' decisions, on batching or on
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
    private readonly ulong[]? _poolKeys;
    private readonly byte[] _entryTypes;
    private readonly byte[] _types;
    private readonly int[] _assignedRank;
    private readonly int[] _ranked;
    private readonly IntegrationProfile _integration;
    private readonly FundingOutcome? _funding;

    public ReplicationRunner(CompiledScenario scenario)
    {
        _scenario = Preconditions.NotNull(scenario, nameof(scenario));
        _mechanism = AssignmentMechanisms.Create(scenario.Spec.Choice.Mechanism, scenario.Pools);
        _integration = new IntegrationProfile(scenario.District.SchoolCount, scenario.District.GroupCount, MetricCatalog.Bands);
        _funding = scenario.Funding is { } formula ? new FundingOutcome(formula) : null;
        var n = scenario.StudentCount;
        var k = Math.Min(scenario.ListLength, Math.Max(1, scenario.MaxCandidates));
        _applicantCohort = new int[n];
        _priorityKeys = new ReplicationKeys(scenario, _applicantCohort, new ulong[n], scenario.UsesScores ? new ulong[n] : []);
        _listStart = new int[n + 1];
        _programs = new int[n * k];
        _keys = new ulong[n * k];
        if (scenario.Spec.Choice.TieBreaking == Scenarios.TieBreaking.Pool) _poolKeys = new ulong[n * k * scenario.Pools.MaxPoolsPerProgram];
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
        var keys = _priorityKeys;
        var stride = sc.Pools.MaxPoolsPerProgram;
        keys.Replication = replication;

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
                keys.StudentId[applicants] = (ulong)student;
                if (sc.UsesScores)
                {
                    var k = sc.CohortGroup[c];
                    keys.ScoreKey[applicants] = ReplicationKeys.ScoreToKey(
                        sc.ScoreMean[k] + sc.ScoreSd[k] * ReplicationKeys.StandardNormal(seed, replication, (ulong)student));
                }
                _listStart[applicants] = entries;
                for (var r = 0; r < listed; r++)
                {
                    var candidate = sc.CandidateStart[c] + _ranked[r];
                    var program = programs[_ranked[r]];
                    _programs[entries] = program;
                    var priorityClass = sc.CandidateClass[candidate];
                    var tickets = sc.CandidateTickets[candidate];
                    if (_poolKeys is null) _keys[entries] = keys.EntryKey(applicants, program, priorityClass, tickets, keys.StreamOf(program));
                    else
                    {
                        var first = sc.Pools.PoolStart[program];
                        for (var g = first; g < sc.Pools.PoolStart[program + 1]; g++)
                        {
                            var key = keys.EntryKey(applicants, program, priorityClass, tickets, sc.PoolStream[g]);
                            _poolKeys[entries * stride + g - first] = key;
                            if (g == sc.Pools.LeadPool[program]) _keys[entries] = key;
                        }
                    }
                    _entryTypes[entries] = sc.CandidateType[candidate];
                    entries++;
                }
                _types[applicants] = sc.CohortType[c];
                _applicantCohort[applicants] = c;
                applicants++;
            }
        }
        _listStart[applicants] = entries;

        // 3. The assignment.
        var problem = MatchingProblem.OverBuffers(applicants, _listStart, _programs, _keys, _entryTypes, _types, sc.Pools, _priorityKeys, _poolKeys);
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
        Span<int> topThreeByGroup = stackalloc int[groups];
        Span<int> ratedByGroup = stackalloc int[groups];
        for (var c = 0; c < sc.CohortIds.Length; c++)
        {
            var n = sc.CohortNeighborhood[c];
            var k = sc.CohortGroup[c];
            var zoned = sc.ZonedSchool[n];
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
            if (rank < 3) topThreeByGroup[k]++;
            var zoned = sc.ZonedSchool[n];
            var campus = sc.ProgramSchool[_programs[start + rank]];
            enrollment[zoned * groups + k]--;
            enrollment[campus * groups + k]++;
            travel[k] += d.DistanceKm[d.DistanceIndex(n, campus)] - d.DistanceKm[d.DistanceIndex(n, zoned)];
        }

        for (var s = 0; s < d.SchoolCount; s++)
        {
            if (!sc.RatedAOrB[s]) continue;
            for (var k = 0; k < groups; k++) ratedByGroup[k] += enrollment[s * groups + k];
        }

        var maxTravel = 0.0;
        for (var c = 0; c < sc.CohortIds.Length; c++)
            if (sc.CohortSize[c] > cohortAdmitted[c])
            {
                var n = sc.CohortNeighborhood[c];
                maxTravel = Math.Max(maxTravel, d.DistanceKm[d.DistanceIndex(n, sc.ZonedSchool[n])]);
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
        _integration.Compute(enrollment);
        metrics[MetricCatalog.Dissimilarity] = _integration.Dissimilarity;
        metrics[MetricCatalog.TheilH] = _integration.TheilH;
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
            metrics[cat.RatedAbShareOf(k)] = Ratio(ratedByGroup[k], students[k]);
            metrics[cat.TopThreeChoiceRateOf(k)] = Ratio(topThreeByGroup[k], applicantsByGroup[k]);
            metrics[cat.UnassignedRateOf(k)] = Ratio(applicantsByGroup[k] - admittedByGroup[k], applicantsByGroup[k]);
        }
        if (_funding is { } funding)
        {
            funding.Formula.Compute(enrollment, funding);
            metrics[cat.ResourcesPerPupil] = funding.DistrictPerPupil;
            metrics[cat.ResourcesRatio] = funding.FirstGroupRatio;
            for (var k = 0; k < groups; k++)
            {
                metrics[cat.ResourcesPerPupilOf(k)] = funding.GroupPerPupil[k];
                metrics[cat.ResourcesIndexOf(k)] = funding.GroupPerPupil[k] / funding.DistrictPerPupil;
            }
            for (var p = 0; p < cat.ProgramNames.Length; p++)
            {
                metrics[cat.ProgramSchoolsOf(p)] = funding.ProgramSchools[p];
                metrics[cat.ProgramAmountOf(p)] = funding.ProgramTotal[p];
                metrics[cat.ProgramGainedOf(p)] = funding.ProgramGained[p];
                metrics[cat.ProgramLostOf(p)] = funding.ProgramLost[p];
            }
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
