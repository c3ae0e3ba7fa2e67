using Simulation.Core.Scenarios;

namespace Simulation.Core.Mechanisms;

/// <summary>
/// One school-assignment instance in the struct-of-arrays form every mechanism reads: students' ranked lists as a
/// flat array with offsets, schools' seats as seat pools, and each school's strict priority over students as a
/// 64-bit key (lower wins, equal keys go to the lower student index), usually a priority class in the high bits above
/// a lottery number in the low <see cref="Lottery.Bits"/>.
/// </summary>
/// <remarks>
/// <para>Student <c>i</c> (&lt; <see cref="StudentCount"/>) ranks schools <c>ListSchool[ListStart[i] .. ListStart[i + 1])</c>,
/// most preferred first; a school not listed is unacceptable to the student. <see cref="ListKey"/> holds, per list
/// entry, the listed school's key of the student, and <see cref="ListType"/> the student's type as that school's seat
/// pools see it (a type may depend on the school, e.g. "lives in its walk zone"); DA, Boston and the school lotteries
/// read only those. Top trading cycles also needs a school's priority over students who did not rank it, and a serial
/// dictatorship a student's single lottery number: <see cref="Keys"/>.</para>
/// <para><b>Pool tie-breaking.</b> When each seat pool runs its own lottery, <see cref="ListPoolKey"/> holds, per list
/// entry, the student's key in each pool of the listed school (pool <c>j</c> in fill order at
/// <c>entry * PoolKeyStride + j</c>), and <see cref="ListKey"/> the key in the school's lead pool
/// (<see cref="SeatPoolLayout.LeadPool"/>). Mechanisms with seat pools read the pool keys; the others refuse such
/// problems.</para>
/// <para>School <c>s</c> is program <c>s</c> of <see cref="Seats"/>; types are &lt; 64, the bits that seat-pool
/// eligibility masks test.</para>
/// <para>Immutable after construction (the arrays are the caller's: do not change them while a mechanism runs);
/// thread-safe.</para>
/// </remarks>
public sealed class MatchingProblem
{
    /// <summary>A problem whose keys are <paramref name="priorities"/> above <paramref name="lottery"/> numbers and
    /// whose types do not depend on the school.</summary>
    /// <exception cref="ArgumentException">Offsets are not monotone, a school index is out of range, a student lists a
    /// school twice, a type is ≥ 64, or the lottery or priorities cover other student or school counts.</exception>
    public MatchingProblem(int[] listStart, int[] listSchool, SeatPoolLayout seats, byte[] studentType,
        PriorityClasses priorities, Lottery lottery)
    {
        ListStart = Preconditions.NotNull(listStart, nameof(listStart));
        ListSchool = Preconditions.NotNull(listSchool, nameof(listSchool));
        Seats = Preconditions.NotNull(seats, nameof(seats));
        StudentType = Preconditions.NotNull(studentType, nameof(studentType));
        Preconditions.NotNull(priorities, nameof(priorities));
        Preconditions.NotNull(lottery, nameof(lottery));
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
        StudentCount = n;
        Keys = new ClassLotteryKeys(priorities, lottery);
        ListKey = new ulong[listSchool.Length];
        ListType = new byte[listSchool.Length];
        var byPool = lottery.TieBreaking == TieBreaking.Pool;
        if (byPool) ListPoolKey = new ulong[listSchool.Length * PoolKeyStride];
        for (var i = 0; i < n; i++)
            for (var e = listStart[i]; e < listStart[i + 1]; e++)
            {
                var s = listSchool[e];
                ListKey[e] = Key(s, i);
                ListType[e] = studentType[i];
                if (!byPool) continue;
                var classBits = (ulong)priorities.ClassOf(s, i) << Lottery.Bits;
                for (var g = seats.PoolStart[s]; g < seats.PoolStart[s + 1]; g++)
                {
                    var key = classBits | lottery.PoolNumber(s, seats.PoolIds[g], i);
                    ListPoolKey![e * PoolKeyStride + g - seats.PoolStart[s]] = key;
                    if (g == seats.LeadPool[s]) ListKey[e] = key;
                }
            }
    }

    private MatchingProblem(int students, int[] listStart, int[] listSchool, ulong[] listKey, byte[] listType,
        byte[] studentType, SeatPoolLayout seats, IPriorityKeys keys, ulong[]? listPoolKey)
    {
        ListPoolKey = listPoolKey;
        StudentCount = students;
        ListStart = listStart;
        ListSchool = listSchool;
        ListKey = listKey;
        ListType = listType;
        StudentType = studentType;
        Seats = seats;
        Keys = keys;
    }

    /// <summary>
    /// A problem over buffers the caller filled and reuses: the first <paramref name="students"/> students of
    /// <paramref name="listStart"/> and the first <c>listStart[students]</c> entries of the list arrays, which may be
    /// longer. Nothing is copied and only lengths are checked: the caller guarantees what the other constructor
    /// checks, that <paramref name="listKey"/> agrees with <paramref name="keys"/>, and that every type is &lt; 64.
    /// </summary>
    /// <remarks>The simulation builds one of these per replication without allocating per student.</remarks>
    /// <param name="listPoolKey">Under pool tie-breaking, per list entry and pool (see <see cref="ListPoolKey"/>);
    /// otherwise null.</param>
    public static MatchingProblem OverBuffers(int students, int[] listStart, int[] listSchool, ulong[] listKey,
        byte[] listType, byte[] studentType, SeatPoolLayout seats, IPriorityKeys keys, ulong[]? listPoolKey = null)
    {
        Preconditions.NonNegative(students, nameof(students));
        Preconditions.Check(listStart.Length > students && studentType.Length >= students, nameof(listStart), "need students + 1 offsets and a type per student");
        var entries = listStart[students];
        Preconditions.Check(listSchool.Length >= entries && listKey.Length >= entries && listType.Length >= entries,
            nameof(listSchool), "need a school, key and type per list entry");
        Preconditions.NotNull(seats, nameof(seats));
        Preconditions.Check(listPoolKey is null || listPoolKey.Length >= (long)entries * seats.MaxPoolsPerProgram,
            nameof(listPoolKey), "need a key per list entry and pool");
        return new MatchingProblem(students, listStart, listSchool, listKey, listType, studentType,
            seats, Preconditions.NotNull(keys, nameof(keys)), listPoolKey);
    }

    public int StudentCount { get; }
    public int SchoolCount => Seats.ProgramCount;
    public int[] ListStart { get; }
    public int[] ListSchool { get; }

    /// <summary>Number of list entries: <c>ListStart[StudentCount]</c>.</summary>
    public int EntryCount => ListStart[StudentCount];

    /// <summary>Per list entry: the listed school's priority key of the student.</summary>
    public ulong[] ListKey { get; }

    /// <summary>Per list entry: the student's type as the listed school's seat pools see it.</summary>
    public byte[] ListType { get; }

    public SeatPoolLayout Seats { get; }

    /// <summary>Under pool tie-breaking: per list entry and pool of the listed school (fill order), the student's key
    /// in that pool, at <c>entry * <see cref="PoolKeyStride"/> + pool</c>; null otherwise.</summary>
    public ulong[]? ListPoolKey { get; }

    /// <summary>Entries of <see cref="ListPoolKey"/> per list entry: the most pools any school has.</summary>
    public int PoolKeyStride => Seats.MaxPoolsPerProgram;

    /// <summary>Per student: the type that does not depend on the school (group, home-area tier).</summary>
    public byte[] StudentType { get; }

    public IPriorityKeys Keys { get; }

    /// <summary>School <paramref name="school"/>'s priority key of <paramref name="student"/>: lower is higher
    /// priority.</summary>
    public ulong Key(int school, int student) => Keys.Key(school, student);

    /// <summary>A problem with plain capacities (one open pool per school), no priorities and one type.</summary>
    public static MatchingProblem Plain(int[] listStart, int[] listSchool, int[] capacities, Lottery lottery) =>
        new(listStart, listSchool, SeatPoolLayout.SingleLottery(capacities), new byte[listStart.Length - 1],
            PriorityClasses.None(capacities.Length), lottery);
}
