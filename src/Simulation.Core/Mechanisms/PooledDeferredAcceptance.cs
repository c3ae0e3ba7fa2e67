namespace Simulation.Core.Mechanisms;

/// <summary>
/// Student-proposing deferred acceptance where each program (campus × grade) chooses among its applicants with a
/// seat-pool choice function. With lottery numbers as priorities this is exactly what separate campus lotteries with
/// waitlists converge to when waitlists keep moving until nobody can be placed higher: no student holds two seats,
/// and no seat a student is eligible for stays empty (or goes to a lower lottery number) while that student ranked
/// the campus above what they got.
/// </summary>
/// <remarks>
/// <para><b>Choice function of a program</b> on a candidate set sorted by priority (lower key first; equal keys by
/// lower student index): (1) pools in fill order each take their eligible, not yet chosen candidates, best first, up
/// to their seats; (2) every pool with seats left and a spillover target passes them to the target, then pools fill
/// again in order from the candidates left; (2) repeats until a pass places nobody. Seats no pass can fill stay
/// empty (<c>spillover: none</c> keeps a 50/50 campus at most half full of either group).</para>
/// <para>This choice function is substitutable and obeys the law of aggregate demand for the layouts the scenarios
/// express (disjoint reserves with spillover, as in Hafalir, Yenmez and Yildirim 2013), so the result is the
/// student-optimal stable assignment and does not depend on proposal order.</para>
/// <para>Performance: all buffers are allocated once per instance; <see cref="Run"/> allocates nothing. An
/// instance is not thread-safe; use one per thread.</para>
/// </remarks>
public sealed class PooledDeferredAcceptance
{
    private readonly SeatPoolLayout _layout;
    private readonly int[] _heldStart;
    private readonly int[] _heldCount;
    private readonly int[] _held;
    private readonly ulong[] _heldKey;
    private readonly int[] _heldRank;
    private readonly int[] _remaining;
    private readonly bool[] _chosen;
    private int[] _next = [];
    private int[] _stack = [];

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
        _remaining = new int[layout.MaxPoolsPerProgram];
        _chosen = new bool[layout.MaxProgramSeats + 1];
    }

    public SeatPoolLayout Layout => _layout;

    /// <summary>
    /// Runs DA for <paramref name="students"/> applicants.
    /// </summary>
    /// <param name="students">Number of applicants.</param>
    /// <param name="listStart">Per applicant (length students + 1): offsets into the preference arrays.</param>
    /// <param name="programs">Ranked programs, most preferred first; a program appears at most once per list.</param>
    /// <param name="keys">Priority key per list entry (the applicant's lottery number at that program; lower wins).</param>
    /// <param name="types">Per applicant: type index (&lt; 64) for pool eligibility.</param>
    /// <param name="assignedRank">Output per applicant: 0-based position in its list of the program it holds, or -1.</param>
    public void Run(int students, ReadOnlySpan<int> listStart, ReadOnlySpan<int> programs, ReadOnlySpan<ulong> keys,
        ReadOnlySpan<byte> types, Span<int> assignedRank)
    {
        Preconditions.Check(listStart.Length >= students + 1, nameof(listStart), "need students + 1 offsets");
        Preconditions.Check(assignedRank.Length >= students && types.Length >= students, nameof(assignedRank), "need one entry per student");
        if (_next.Length < students)
        {
            _next = new int[students];
            _stack = new int[students];
        }
        Array.Clear(_heldCount);
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
                    if (Propose(p, s, keys[entry], entry - listStart[s], types, out var rejectedCount))
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

        assignedRank[..students].Fill(-1);
        for (var p = 0; p < _layout.ProgramCount; p++)
        {
            var start = _heldStart[p];
            for (var i = 0; i < _heldCount[p]; i++) assignedRank[_held[start + i]] = _heldRank[start + i];
        }
    }

    /// <summary>Seats held at a program after <see cref="Run"/>.</summary>
    public int HeldCount(int program) => _heldCount[program];

    /// <summary>The applicants holding a program's seats after <see cref="Run"/>, best key first.</summary>
    public ReadOnlySpan<int> Held(int program) => _held.AsSpan(_heldStart[program], _heldCount[program]);

    private int[] _rejected = new int[4];

    /// <summary>Adds <paramref name="student"/> to the program's held set and applies the choice function.
    /// Returns true when the student is kept; the rejected are left in <see cref="_rejected"/>.</summary>
    private bool Propose(int program, int student, ulong key, int rank, ReadOnlySpan<byte> types, out int rejectedCount)
    {
        rejectedCount = 0;
        if (_layout.ProgramSeats[program] == 0)
        {
            EnsureRejectedCapacity(1);
            _rejected[rejectedCount++] = student;
            return false;
        }
        var start = _heldStart[program];
        var count = _heldCount[program];
        // Insert in priority order (key, then student index): a stable sorted held list.
        var pos = count;
        while (pos > 0 && (_heldKey[start + pos - 1] > key || (_heldKey[start + pos - 1] == key && _held[start + pos - 1] > student)))
        {
            _held[start + pos] = _held[start + pos - 1];
            _heldKey[start + pos] = _heldKey[start + pos - 1];
            _heldRank[start + pos] = _heldRank[start + pos - 1];
            pos--;
        }
        _held[start + pos] = student;
        _heldKey[start + pos] = key;
        _heldRank[start + pos] = rank;
        count++;

        var chosen = _chosen.AsSpan(0, count);
        Choose(program, _held.AsSpan(start, count), types, chosen);

        var kept = false;
        var write = 0;
        for (var i = 0; i < count; i++)
        {
            if (chosen[i])
            {
                _held[start + write] = _held[start + i];
                _heldKey[start + write] = _heldKey[start + i];
                _heldRank[start + write] = _heldRank[start + i];
                write++;
                if (_held[start + i] == student) kept = true;
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

    /// <summary>The seat-pool choice function (see remarks of the type) on candidates sorted best first.</summary>
    internal void Choose(int program, ReadOnlySpan<int> candidates, ReadOnlySpan<byte> types, Span<bool> chosen)
    {
        var first = _layout.PoolStart[program];
        var pools = _layout.PoolStart[program + 1] - first;
        var remaining = _remaining.AsSpan(0, pools);
        for (var i = 0; i < pools; i++) remaining[i] = _layout.Seats[first + i];
        chosen.Clear();

        Fill(first, candidates, types, chosen, remaining);
        for (var pass = 0; pass <= pools; pass++)
        {
            var moved = false;
            for (var i = 0; i < pools; i++)
            {
                var target = _layout.SpillTo[first + i];
                if (remaining[i] > 0 && target != SeatPoolLayout.NoSpillover)
                {
                    remaining[target - first] += remaining[i];
                    remaining[i] = 0;
                    moved = true;
                }
            }
            if (!moved || !Fill(first, candidates, types, chosen, remaining)) break;
        }
    }

    private bool Fill(int first, ReadOnlySpan<int> candidates, ReadOnlySpan<byte> types, Span<bool> chosen, Span<int> remaining)
    {
        var placed = false;
        for (var i = 0; i < remaining.Length; i++)
        {
            if (remaining[i] == 0) continue;
            var eligible = _layout.EligibleTypes[first + i];
            for (var c = 0; c < candidates.Length && remaining[i] > 0; c++)
            {
                if (chosen[c] || (eligible & (1UL << types[candidates[c]])) == 0) continue;
                chosen[c] = true;
                remaining[i]--;
                placed = true;
            }
        }
        return placed;
    }

    private void EnsureRejectedCapacity(int n)
    {
        if (_rejected.Length < n) Array.Resize(ref _rejected, Math.Max(n, _rejected.Length * 2));
    }
}
