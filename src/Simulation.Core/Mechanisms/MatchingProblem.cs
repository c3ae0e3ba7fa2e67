namespace Simulation.Core.Mechanisms;

/// <summary>
/// One school-assignment instance in the struct-of-arrays form every mechanism reads: students' ranked lists as a
/// flat array with offsets, schools' seats as seat pools, and each school's strict priority over students as a
/// 64-bit key (priority class in the high bits, lottery number in the low <see cref="Lottery.Bits"/>; lower wins,
/// equal keys go to the lower student index).
/// </summary>
/// <remarks>
/// <para>Student <c>i</c> ranks schools <c>ListSchool[ListStart[i] .. ListStart[i + 1])</c>, most preferred first; a
/// school not listed is unacceptable to the student. <see cref="ListKey"/> holds, per list entry, the listed
/// school's key of the student, precomputed because the hot loops of DA, Boston and the school lotteries read only
/// those. Top trading cycles also needs a school's priority over students who did not rank it:
/// <see cref="Key"/>.</para>
/// <para>School <c>s</c> is program <c>s</c> of <see cref="Seats"/>; <see cref="StudentType"/> is the type (&lt; 64)
/// that seat-pool eligibility masks test.</para>
/// <para>Immutable after construction (the arrays are the caller's: do not change them); thread-safe.</para>
/// </remarks>
public sealed class MatchingProblem
{
    /// <exception cref="ArgumentException">Offsets are not monotone, a school index is out of range, a student lists a
    /// school twice, a type is ≥ 64, or the lottery or priorities cover other student or school counts.</exception>
    public MatchingProblem(int[] listStart, int[] listSchool, SeatPoolLayout seats, byte[] studentType,
        PriorityClasses priorities, Lottery lottery)
    {
        ListStart = Preconditions.NotNull(listStart, nameof(listStart));
        ListSchool = Preconditions.NotNull(listSchool, nameof(listSchool));
        Seats = Preconditions.NotNull(seats, nameof(seats));
        StudentType = Preconditions.NotNull(studentType, nameof(studentType));
        Priorities = Preconditions.NotNull(priorities, nameof(priorities));
        Lottery = Preconditions.NotNull(lottery, nameof(lottery));
        var n = listStart.Length - 1;
        var schools = seats.ProgramCount;
        Preconditions.Check(n >= 0 && listStart[0] == 0 && listStart[n] == listSchool.Length, nameof(listStart), "offsets must run from 0 to the number of list entries");
        Preconditions.Check(studentType.Length == n && lottery.StudentCount == n, nameof(studentType), "need one type and one lottery id per student");
        Preconditions.Check(priorities.SchoolCount == schools && lottery.SchoolCount == schools, nameof(priorities), "priorities and lottery must cover every school");
        var seen = new int[schools];
        for (var i = 0; i < n; i++)
        {
            Preconditions.Check(listStart[i + 1] >= listStart[i], nameof(listStart), "offsets must not decrease");
            Preconditions.Check(studentType[i] < 64, nameof(studentType), "types must be < 64");
            for (var e = listStart[i]; e < listStart[i + 1]; e++)
            {
                var s = listSchool[e];
                Preconditions.Check(s >= 0 && s < schools, nameof(listSchool), $"school index {s} out of range");
                Preconditions.Check(seen[s] != i + 1, nameof(listSchool), $"student {i} lists school {s} twice");
                seen[s] = i + 1;
            }
        }
        ListKey = new ulong[listSchool.Length];
        for (var i = 0; i < n; i++)
            for (var e = listStart[i]; e < listStart[i + 1]; e++)
                ListKey[e] = Key(listSchool[e], i);
    }

    public int StudentCount => ListStart.Length - 1;
    public int SchoolCount => Seats.ProgramCount;
    public int[] ListStart { get; }
    public int[] ListSchool { get; }

    /// <summary>Per list entry: the listed school's priority key of the student.</summary>
    public ulong[] ListKey { get; }

    public SeatPoolLayout Seats { get; }
    public byte[] StudentType { get; }
    public PriorityClasses Priorities { get; }
    public Lottery Lottery { get; }

    /// <summary>School <paramref name="school"/>'s priority key of <paramref name="student"/>: lower is higher
    /// priority.</summary>
    public ulong Key(int school, int student) =>
        ((ulong)Priorities.ClassOf(school, student) << Lottery.Bits) | Lottery.Number(school, student);

    /// <summary>A problem with plain capacities (one open pool per school), no priorities and one type.</summary>
    public static MatchingProblem Plain(int[] listStart, int[] listSchool, int[] capacities, Lottery lottery) =>
        new(listStart, listSchool, SeatPoolLayout.SingleLottery(capacities), new byte[listStart.Length - 1],
            PriorityClasses.None(capacities.Length), lottery);
}
