using Simulation.Core.Mechanisms;
using Simulation.Core.Randomness;

namespace Simulation.Core.Replications;

/// <summary>
/// The priority keys of one replication's applicants at every program, as <see cref="ReplicationRunner"/> writes them
/// into its list entries: the lottery hash of (seed, replication, <see cref="Stage.Lottery"/>, campus — or
/// <see cref="ulong.MaxValue"/> under single tie-breaking —, student), under the priority class when the scenario has
/// classes. Top trading cycles reads keys of programs an applicant did not list; a serial dictatorship the single
/// numbers. A student has the lowest possible key at a program of another grade.
/// </summary>
/// <remarks>Owned by one runner, which sets <see cref="Replication"/> and fills <see cref="StudentId"/> before each
/// run; not thread-safe.</remarks>
internal sealed class ReplicationKeys(CompiledScenario scenario, int[] applicantCohort, ulong[] studentId) : IPriorityKeys
{
    public int Replication { get; set; }

    /// <summary>Per applicant: the student's id, <c>(cohort id &lt;&lt; 32) | index in cohort</c>.</summary>
    public ulong[] StudentId { get; } = studentId;

    /// <summary>A key with the class in the high bits above the top <see cref="Lottery.Bits"/> bits of the hash.</summary>
    public static ulong Combine(int priorityClass, ulong lottery) =>
        ((ulong)priorityClass << Lottery.Bits) | (lottery >> (64 - Lottery.Bits));

    public ulong Key(int school, int student)
    {
        var priorityClass = scenario.PriorityClassOf(applicantCohort[student], school);
        if (priorityClass == CompiledScenario.OtherGradeClass) return ulong.MaxValue;
        var stream = scenario.Spec.Choice.TieBreaking == Scenarios.TieBreaking.Single ? ulong.MaxValue : (ulong)scenario.ProgramSchool[school];
        var lottery = Hash(stream, student);
        return scenario.HasPriorities ? Combine(priorityClass, lottery) : lottery;
    }

    public ulong StudentNumber(int student) => Hash(ulong.MaxValue, student);

    private ulong Hash(ulong stream, int student) =>
        StreamKey.Mix(scenario.Spec.Seed, (ulong)Replication, (ulong)Stage.Lottery, stream, StudentId[student]);
}
