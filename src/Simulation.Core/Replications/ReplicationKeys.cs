using Simulation.Core.Mechanisms;
using Simulation.Core.Randomness;
using Simulation.Core.Scenarios;

namespace Simulation.Core.Replications;

/// <summary>
/// The priority keys of one replication's applicants at every program, as <see cref="ReplicationRunner"/> writes them
/// into its list entries: the lottery hash of (seed, replication, <see cref="Stage.Lottery"/>, stream, student) —
/// the stream is the campus under multiple tie-breaking, <see cref="ulong.MaxValue"/> under single and the pool's
/// <see cref="CompiledScenario.PoolStream"/> under pool tie-breaking —, weighted by the applicant's tickets, or the
/// applicant's composite score at a program that ranks by score; under the priority class when the scenario has
/// classes. Top trading cycles reads keys of programs an applicant did not list; a serial dictatorship the single
/// numbers. A student has the lowest possible key at a program of another grade.
/// </summary>
/// <remarks>Owned by one runner, which sets <see cref="Replication"/> and fills <see cref="StudentId"/> (and
/// <see cref="ScoreKey"/> when programs rank by score) before each run; not thread-safe.</remarks>
internal sealed class ReplicationKeys(CompiledScenario scenario, int[] applicantCohort, ulong[] studentId, ulong[] scoreKey) : IPriorityKeys
{
    public int Replication { get; set; }

    /// <summary>Per applicant: the student's id, <c>(cohort id &lt;&lt; 32) | index in cohort</c>.</summary>
    public ulong[] StudentId { get; } = studentId;

    /// <summary>Per applicant: <see cref="ScoreToKey"/> of the composite score, when programs rank by score.</summary>
    public ulong[] ScoreKey { get; } = scoreKey;

    /// <summary>A key with the class in the high bits above the top <see cref="Lottery.Bits"/> bits of the hash.</summary>
    public static ulong Combine(int priorityClass, ulong lottery) =>
        ((ulong)priorityClass << Lottery.Bits) | (lottery >> (64 - Lottery.Bits));

    /// <summary>An order-reversing map of scores to 64 bits: a higher score gives a lower key.</summary>
    public static ulong ScoreToKey(double score)
    {
        var bits = (ulong)BitConverter.DoubleToInt64Bits(score + 0.0);
        var ascending = (bits & 0x8000000000000000UL) == 0 ? bits ^ 0x8000000000000000UL : ~bits;
        return ~ascending;
    }

    /// <summary>A standard normal draw for the applicant's score (Box–Muller on its own stream).</summary>
    public static double StandardNormal(ulong seed, int replication, ulong student)
    {
        var stream = RandomStream.For(seed, replication, Stage.Score, (long)student);
        var u1 = 1 - stream.NextDouble();
        var u2 = stream.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>The key of applicant <paramref name="applicant"/> (of cohort <paramref name="cohort"/>) in the lottery
    /// <paramref name="stream"/> of <paramref name="program"/>, given its class and tickets there.</summary>
    public ulong EntryKey(int applicant, int program, int priorityClass, int tickets, ulong stream)
    {
        var low = scenario.ProgramByScore[program]
            ? ScoreKey[applicant]
            : Lottery.Weighted(StreamKey.Mix(scenario.Spec.Seed, (ulong)Replication, (ulong)Stage.Lottery, stream, StudentId[applicant]), tickets);
        return scenario.HasPriorities ? Combine(priorityClass, low) : low;
    }

    /// <summary>The lottery stream of <paramref name="program"/> under the scenario's tie-breaking; under pool
    /// tie-breaking, the stream of the program's lead pool.</summary>
    public ulong StreamOf(int program) => scenario.Spec.Choice.TieBreaking switch
    {
        TieBreaking.Single => ulong.MaxValue,
        TieBreaking.Multiple => (ulong)scenario.ProgramSchool[program],
        _ => scenario.PoolStream[scenario.Pools.LeadPool[program]],
    };

    public ulong Key(int school, int student)
    {
        var cohort = applicantCohort[student];
        var priorityClass = scenario.PriorityClassOf(cohort, school);
        if (priorityClass == CompiledScenario.OtherGradeClass) return ulong.MaxValue;
        return EntryKey(student, school, priorityClass, scenario.TicketsOf(cohort, school), StreamOf(school));
    }

    public ulong StudentNumber(int student) =>
        StreamKey.Mix(scenario.Spec.Seed, (ulong)Replication, (ulong)Stage.Lottery, ulong.MaxValue, StudentId[student]);
}
