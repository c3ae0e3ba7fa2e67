namespace Simulation.Core.Mechanisms;

/// <summary>
/// Student-proposing deferred acceptance (Gale–Shapley) where each program (a school, or campus × grade) chooses
/// among its applicants with a seat-pool choice function (<see cref="SeatPoolChoice"/>). The result is the
/// student-optimal stable assignment: no student holds two seats, no seat a student is eligible for stays empty (or
/// goes to a lower priority key) while that student ranked the program above what they got, and every student
/// weakly prefers it to any other stable assignment.
/// </summary>
/// <remarks>
/// <para>Priorities are one 64-bit key per list entry (lower wins; equal keys go to the lower student index): a
/// lottery number alone, or a priority class above a lottery number (<see cref="MatchingProblem.Key"/>). Single or
/// multiple tie-breaking, weighted lotteries and priority classes are all just keys. Under pool tie-breaking each
/// pool orders applicants by its own key (<see cref="MatchingProblem.ListPoolKey"/>): pools with slot-specific
/// priorities filled in precedence order, with spillover, are substitutable and satisfy the law of aggregate demand
/// (Kominers and Sönmez 2016, Westkamp 2013), so the result is still stable pool by pool and order-independent.</para>
/// <para>Decentralized campus lotteries whose waitlists keep moving do not reach this assignment in general: they
/// are school-proposing (<see cref="SchoolLotteries"/>) and reach the school-optimal stable assignment, which equals
/// this one when every school orders students the same way (single tie-breaking without priority classes).</para>
/// <para>The seat-pool choice function is substitutable and obeys the law of aggregate demand for the layouts the
/// scenarios express (disjoint reserves with spillover, as in Hafalir, Yenmez and Yildirim 2013), so the result
/// does not depend on proposal order.</para>
/// <para>Performance: all buffers are allocated once per instance; <see cref="Run(int, ReadOnlySpan{int}, ReadOnlySpan{int}, ReadOnlySpan{ulong}, ReadOnlySpan{byte}, Span{int})"/>
/// allocates nothing once its student buffers fit. A program whose pools all admit every type holds its applicants
/// in a max-heap (O(log seats) per proposal). So does each pool of a <em>partitioned</em> program — pools that never
/// spill and whose seated pools admit disjoint sets of types, as in 50/50 lotteries by status without spillover:
/// there the choice function is each pool keeping its best eligible applicants, independently, so every pool is its
/// own heap. Any other program with reserves re-runs its choice function on each proposal (O(seats × pools)). The
/// assignment is the same either way (the choice functions are equal). An instance is not thread-safe; use one per
/// thread.</para>
/// </remarks>
public sealed class PooledDeferredAcceptance : IAssignmentMechanism
{
    private readonly SeatPoolLayout _layout;
    private readonly int[] _heldStart;
    private readonly int[] _heldCount;
    private readonly int[] _held;
    private readonly ulong[] _heldKey;
    private readonly int[] _heldRank;
    private readonly byte[] _heldType;
    private readonly bool[] _plain;
    private readonly bool[] _plainOnePool;
    private readonly SeatPoolChoice _choice;
    private bool[] _heap;
    private ulong[] _heldPoolKey = [];
    private int[] _order = [];
    private ulong[] _sortKey = [];
    private int _stride;
    private ulong[]? _poolKeys;
    private readonly bool[] _chosen;
    private int[] _next = [];
    private int[] _stack = [];

    /// <summary>Per program: whether its pools are independent heaps (see the remarks).</summary>
    private readonly bool[] _partitioned;

    /// <summary>Per pool of a partitioned program: where its heap starts in the program's held slots, and its size.</summary>
    private readonly int[] _poolHeapStart;
    private readonly int[] _poolHeapCount;

    public PooledDeferredAcceptance(SeatPoolLayout layout)
    {
        _layout = Preconditions.NotNull(layout, nameof(layout));
        _heldStart = new int[layout.ProgramCount + 1];
        for (var p = 0; p < layout.ProgramCount; p++)
            _heldStart[p + 1] = _heldStart[p] + layout.ProgramSeats[p] + 1;
        _heldCount = new int[layout.ProgramCount];
        _held = new int[_heldStart[^1]];
        _heldKey = new ulong[_heldStart[^1]];
        _heldRank = new int[_heldStart[^1]];
        _heldType = new byte[_heldStart[^1]];
        _plain = layout.OpenToAll;
        _plainOnePool = new bool[layout.ProgramCount];
        for (var p = 0; p < layout.ProgramCount; p++) _plainOnePool[p] = _plain[p] && layout.OnePool[p];
        _heap = _plain;
        _choice = new SeatPoolChoice(layout);
        _chosen = new bool[layout.MaxProgramSeats + 1];
        _partitioned = new bool[layout.ProgramCount];
        _poolHeapStart = new int[layout.Seats.Length];
        _poolHeapCount = new int[layout.Seats.Length];
        for (var p = 0; p < layout.ProgramCount; p++)
        {
            _partitioned[p] = IsPartitioned(layout, p);
            var offset = 0;
            for (var g = layout.PoolStart[p]; g < layout.PoolStart[p + 1]; g++)
            {
                _poolHeapStart[g] = _heldStart[p] + offset;
                offset += layout.Seats[g];
            }
        }
    }

    /// <summary>Whether no pool of the program spills and no type is eligible for two pools with seats.</summary>
    private static bool IsPartitioned(SeatPoolLayout layout, int program)
    {
        var seen = 0UL;
        for (var g = layout.PoolStart[program]; g < layout.PoolStart[program + 1]; g++)
        {
            if (layout.SpillTo[g] != SeatPoolLayout.NoSpillover) return false;
            if (layout.Seats[g] == 0) continue;
            if ((seen & layout.EligibleTypes[g]) != 0) return false;
            seen |= layout.EligibleTypes[g];
        }
        return true;
    }

    public SeatPoolLayout Layout => _layout;

    /// <summary>Runs DA on <paramref name="problem"/>, whose seat pools must be this instance's layout.</summary>
    /// <param name="assignedRank">Output per student: 0-based position in its list of the school it gets, or -1.</param>
    public void Run(MatchingProblem problem, Span<int> assignedRank)
    {
        Preconditions.NotNull(problem, nameof(problem));
        Preconditions.Check(ReferenceEquals(problem.Seats, _layout), nameof(problem), "the problem's seat pools are not this instance's layout");
        _poolKeys = problem.ListPoolKey;
        try
        {
            if (_poolKeys is not null) PreparePoolKeys();
            _heap = _poolKeys is null ? _plain : _plainOnePool;
            Run(problem.StudentCount, problem.ListStart, problem.ListSchool, problem.ListKey, problem.ListType, assignedRank);
        }
        finally
        {
            _poolKeys = null;
            _heap = _plain;
        }
    }

    private void PreparePoolKeys()
    {
        _stride = _layout.MaxPoolsPerProgram;
        if (_heldPoolKey.Length == 0)
        {
            _heldPoolKey = new ulong[_held.Length * _stride];
            _order = new int[(_layout.MaxProgramSeats + 1) * _stride];
            _sortKey = new ulong[_layout.MaxProgramSeats + 1];
        }
    }

    /// <summary>
    /// Runs DA for <paramref name="students"/> applicants.
    /// </summary>
    /// <param name="students">Number of applicants.</param>
    /// <param name="listStart">Per applicant (length students + 1): offsets into the preference arrays.</param>
    /// <param name="programs">Ranked programs, most preferred first; a program appears at most once per list.</param>
    /// <param name="keys">Priority key per list entry (the applicant's lottery number at that program; lower wins).</param>
    /// <param name="types">Per list entry: the applicant's type index (&lt; 64) for that program's pool eligibility.</param>
    /// <param name="assignedRank">Output per applicant: 0-based position in its list of the program it holds, or -1.</param>
    public void Run(int students, ReadOnlySpan<int> listStart, ReadOnlySpan<int> programs, ReadOnlySpan<ulong> keys,
        ReadOnlySpan<byte> types, Span<int> assignedRank)
    {
        Preconditions.Check(listStart.Length >= students + 1, nameof(listStart), "need students + 1 offsets");
        Preconditions.Check(assignedRank.Length >= students, nameof(assignedRank), "need one entry per student");
        Preconditions.Check(types.Length >= listStart[students] && keys.Length >= listStart[students], nameof(types), "need a key and a type per list entry");
        if (_next.Length < students)
        {
            _next = new int[students];
            _stack = new int[students];
        }
        Array.Clear(_heldCount);
        Array.Clear(_poolHeapCount);
        var next = _next.AsSpan(0, students);
        for (var a = 0; a < students; a++) next[a] = listStart[a];

        for (var a = 0; a < students; a++)
        {
            var top = 0;
            _stack[top++] = a;
            while (top > 0)
            {
                var s = _stack[--top];
                while (next[s] < listStart[s + 1])
                {
                    var entry = next[s];
                    var p = programs[entry];
                    if (Propose(p, s, keys[entry], types[entry], entry - listStart[s], entry, out var rejectedCount))
                    {
                        // s holds p; anyone displaced proposes further down their list.
                        for (var r = 0; r < rejectedCount; r++)
                        {
                            var loser = _rejected[r];
                            next[loser]++;
                            _stack[top++] = loser;
                        }
                        break;
                    }
                    for (var r = 0; r < rejectedCount; r++)
                    {
                        var loser = _rejected[r];
                        if (loser == s) continue;
                        next[loser]++;
                        _stack[top++] = loser;
                    }
                    next[s]++;
                }
            }
        }

        // A partitioned program's pool heaps become one contiguous held list (heaps lie in pool order, so moving
        // them down never overwrites an unread holder).
        for (var p = 0; p < _layout.ProgramCount; p++)
        {
            if (!_partitioned[p] || _heap[p]) continue;
            var write = _heldStart[p];
            for (var g = _layout.PoolStart[p]; g < _layout.PoolStart[p + 1]; g++)
                for (var i = 0; i < _poolHeapCount[g]; i++, write++)
                {
                    _held[write] = _held[_poolHeapStart[g] + i];
                    _heldKey[write] = _heldKey[_poolHeapStart[g] + i];
                    _heldRank[write] = _heldRank[_poolHeapStart[g] + i];
                }
            _heldCount[p] = write - _heldStart[p];
        }

        assignedRank[..students].Fill(-1);
        for (var p = 0; p < _layout.ProgramCount; p++)
        {
            var start = _heldStart[p];
            for (var i = 0; i < _heldCount[p]; i++) assignedRank[_held[start + i]] = _heldRank[start + i];
        }
    }

    /// <summary>Seats held at a program after a run.</summary>
    public int HeldCount(int program) => _heldCount[program];

    /// <summary>The applicants holding a program's seats after a run, in no particular order.</summary>
    public ReadOnlySpan<int> Held(int program) => _held.AsSpan(_heldStart[program], _heldCount[program]);

    private int[] _rejected = new int[4];

    /// <summary>Adds <paramref name="student"/> to the program's held set and applies the choice function.
    /// Returns true when the student is kept; the rejected are left in <see cref="_rejected"/>.</summary>
    private bool Propose(int program, int student, ulong key, byte type, int rank, int entry, out int rejectedCount)
    {
        rejectedCount = 0;
        if (_layout.ProgramSeats[program] == 0)
        {
            EnsureRejectedCapacity(1);
            _rejected[rejectedCount++] = student;
            return false;
        }
        if (_heap[program])
        {
            var held = _heldCount[program];
            var kept = ProposeToHeap(_heldStart[program], _layout.ProgramSeats[program], ref held, student, key, rank, ref rejectedCount);
            _heldCount[program] = held;
            return kept;
        }
        if (_partitioned[program]) return ProposeToPool(program, student, key, type, entry, rank, ref rejectedCount);
        if (_poolKeys is not null) return ProposeByPool(program, student, key, type, rank, entry, ref rejectedCount);
        var start = _heldStart[program];
        var count = _heldCount[program];
        // Insert in priority order (key, then student index): a stable sorted held list.
        var pos = count;
        while (pos > 0 && (_heldKey[start + pos - 1] > key || (_heldKey[start + pos - 1] == key && _held[start + pos - 1] > student)))
        {
            _held[start + pos] = _held[start + pos - 1];
            _heldKey[start + pos] = _heldKey[start + pos - 1];
            _heldRank[start + pos] = _heldRank[start + pos - 1];
            _heldType[start + pos] = _heldType[start + pos - 1];
            pos--;
        }
        _held[start + pos] = student;
        _heldKey[start + pos] = key;
        _heldRank[start + pos] = rank;
        _heldType[start + pos] = type;
        count++;

        var chosen = _chosen.AsSpan(0, count);
        Choose(program, _heldType.AsSpan(start, count), chosen);
        return KeepChosen(program, count, student, 0, ref rejectedCount);
    }

    /// <summary>Keeps the chosen of a program's <paramref name="count"/> holders (in order, with their keys, ranks,
    /// types and, when <paramref name="pools"/> &gt; 0, pool keys) and lists the others in <see cref="_rejected"/>.
    /// Returns whether <paramref name="student"/> is kept.</summary>
    private bool KeepChosen(int program, int count, int student, int pools, ref int rejectedCount)
    {
        var start = _heldStart[program];
        var kept = false;
        var write = 0;
        for (var i = 0; i < count; i++)
        {
            if (_chosen[i])
            {
                var from = start + i;
                var to = start + write;
                _held[to] = _held[from];
                _heldKey[to] = _heldKey[from];
                _heldRank[to] = _heldRank[from];
                _heldType[to] = _heldType[from];
                if (pools > 0 && to != from) _heldPoolKey.AsSpan(from * _stride, pools).CopyTo(_heldPoolKey.AsSpan(to * _stride, pools));
                write++;
                if (_held[from] == student) kept = true;
            }
            else
            {
                EnsureRejectedCapacity(rejectedCount + 1);
                _rejected[rejectedCount++] = _held[start + i];
            }
        }
        _heldCount[program] = write;
        return kept;
    }

    /// <summary>Pool tie-breaking: the held set in no particular order, each holder with its key in every pool; the
    /// choice function runs on one best-first order per pool.</summary>
    private bool ProposeByPool(int program, int student, ulong key, byte type, int rank, int entry, ref int rejectedCount)
    {
        var start = _heldStart[program];
        var count = _heldCount[program];
        var pools = _layout.PoolStart[program + 1] - _layout.PoolStart[program];
        var at = start + count;
        _held[at] = student;
        _heldKey[at] = key;
        _heldRank[at] = rank;
        _heldType[at] = type;
        _poolKeys.AsSpan(entry * _stride, pools).CopyTo(_heldPoolKey.AsSpan(at * _stride, pools));
        count++;

        var order = _order.AsSpan(0, count * pools);
        SeatPoolChoice.OrderByPool(pools, _stride, _heldPoolKey.AsSpan(start * _stride, count * _stride),
            _held.AsSpan(start, count), order, _sortKey);
        _choice.Choose(program, _heldType.AsSpan(start, count), _chosen.AsSpan(0, count), order);
        return KeepChosen(program, count, student, pools, ref rejectedCount);
    }

    /// <summary>The seat-pool choice function on candidates sorted best first, given by their types.</summary>
    internal void Choose(int program, ReadOnlySpan<byte> types, Span<bool> chosen) =>
        _choice.Choose(program, types, chosen);

    /// <summary>A partitioned program: the student competes in the one seated pool that admits their type (with that
    /// pool's key under pool tie-breaking), or is rejected when none does.</summary>
    private bool ProposeToPool(int program, int student, ulong key, byte type, int entry, int rank, ref int rejectedCount)
    {
        var first = _layout.PoolStart[program];
        for (var g = first; g < _layout.PoolStart[program + 1]; g++)
        {
            if (_layout.Seats[g] == 0 || (_layout.EligibleTypes[g] & (1UL << type)) == 0) continue;
            var poolKey = _poolKeys is null ? key : _poolKeys[entry * _stride + g - first];
            return ProposeToHeap(_poolHeapStart[g], _layout.Seats[g], ref _poolHeapCount[g], student, poolKey, rank, ref rejectedCount);
        }
        EnsureRejectedCapacity(1);
        _rejected[rejectedCount++] = student;
        return false;
    }

    /// <summary>Seats where everyone competes on one key keep the best <paramref name="capacity"/> applicants: a
    /// max-heap on (key, student) in the slots from <paramref name="start"/>, whose root is the holder it would drop
    /// first.</summary>
    private bool ProposeToHeap(int start, int capacity, ref int count, int student, ulong key, int rank, ref int rejectedCount)
    {
        if (count < capacity)
        {
            var i = count;
            while (i > 0)
            {
                var parent = (i - 1) >> 1;
                if (!Worse(key, student, _heldKey[start + parent], _held[start + parent])) break;
                Move(start + parent, start + i);
                i = parent;
            }
            Set(start + i, student, key, rank);
            count++;
            return true;
        }
        EnsureRejectedCapacity(1);
        if (!Worse(_heldKey[start], _held[start], key, student))
        {
            _rejected[rejectedCount++] = student;
            return false;
        }
        _rejected[rejectedCount++] = _held[start];
        var at = 0;
        while (true)
        {
            var child = 2 * at + 1;
            if (child >= count) break;
            if (child + 1 < count && Worse(_heldKey[start + child + 1], _held[start + child + 1], _heldKey[start + child], _held[start + child])) child++;
            if (!Worse(_heldKey[start + child], _held[start + child], key, student)) break;
            Move(start + child, start + at);
            at = child;
        }
        Set(start + at, student, key, rank);
        return true;
    }

    private static bool Worse(ulong keyA, int studentA, ulong keyB, int studentB) =>
        keyA > keyB || (keyA == keyB && studentA > studentB);

    private void Move(int from, int to)
    {
        _held[to] = _held[from];
        _heldKey[to] = _heldKey[from];
        _heldRank[to] = _heldRank[from];
    }

    private void Set(int at, int student, ulong key, int rank)
    {
        _held[at] = student;
        _heldKey[at] = key;
        _heldRank[at] = rank;
    }

    private void EnsureRejectedCapacity(int n)
    {
        if (_rejected.Length < n) Array.Resize(ref _rejected, Math.Max(n, _rejected.Length * 2));
    }
}
