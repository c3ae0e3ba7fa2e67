namespace Simulation.Core.Mechanisms;

/// <summary>
/// Independent school lotteries with moving waitlists, as districts run separate campus lotteries: each school
/// offers its seats to the applicants its choice function picks (by priority key, with seat pools), every student
/// keeps the best offer in hand and declines the rest, and a school whose offer is declined or given up offers the
/// seat down its waitlist — until no offer changes.
/// </summary>
/// <remarks>
/// <para>This is school-proposing deferred acceptance. It ends at the <em>school-optimal</em> stable assignment, not
/// the student-optimal one that <see cref="PooledDeferredAcceptance"/> finds: every student weakly prefers the DA
/// outcome. The two coincide when the stable assignment is unique, e.g. when every school orders students the same
/// way (single tie-breaking without priority classes or reserves); with per-school lotteries in a balanced market
/// they differ a lot (Pittel 1989: mean rank about ln n under DA, about n / ln n here).</para>
/// <para>Under pool tie-breaking each pool offers down its own waitlist (its own lottery order).</para>
/// <para>The choice function is re-run over the applicants a school has not lost each time it loses one: O(seats +
/// applicants) per step. Not thread-safe.</para>
/// </remarks>
public sealed class SchoolLotteries : IAssignmentMechanism
{
    private readonly SeatPoolLayout _layout;
    private readonly SeatPoolChoice _choice;
    private readonly bool[] _plain;

    public SchoolLotteries(SeatPoolLayout layout)
    {
        _layout = Preconditions.NotNull(layout, nameof(layout));
        _choice = new SeatPoolChoice(layout);
        _plain = layout.OpenToAll;
    }

    public void Run(MatchingProblem problem, Span<int> assignedRank)
    {
        Preconditions.NotNull(problem, nameof(problem));
        Preconditions.Check(problem.SchoolCount == _layout.ProgramCount, nameof(problem), "the problem's schools do not match this instance's layout");
        var n = problem.StudentCount;
        var schools = problem.SchoolCount;
        Preconditions.Check(assignedRank.Length >= n, nameof(assignedRank), "need one entry per student");
        var listStart = problem.ListStart;
        var listSchool = problem.ListSchool;
        var entries = problem.EntryCount;

        // Each school's applicants (list entries), best priority first.
        var start = new int[schools + 1];
        for (var e = 0; e < entries; e++) start[listSchool[e] + 1]++;
        for (var s = 0; s < schools; s++) start[s + 1] += start[s];
        var fill = start[..^1];
        var student = new int[entries];
        var key = new ulong[entries];
        var entryOf = new int[entries];
        for (var i = 0; i < n; i++)
            for (var e = listStart[i]; e < listStart[i + 1]; e++)
            {
                var at = fill[listSchool[e]]++;
                student[at] = i;
                key[at] = problem.ListKey[e];
            }
        for (var s = 0; s < schools; s++) PriorityOrder.Sort(key.AsSpan(start[s], start[s + 1] - start[s]), student.AsSpan(start[s], start[s + 1] - start[s]));
        var position = new int[entries];
        for (var s = 0; s < schools; s++)
            for (var at = start[s]; at < start[s + 1]; at++)
            {
                var i = student[at];
                var e = listStart[i];
                while (listSchool[e] != s) e++;
                entryOf[at] = e;
                position[e] = at;
            }

        var lost = new bool[entries];
        var holding = new int[n];
        Array.Fill(holding, -1);
        var candidateType = new byte[entries];
        var candidateAt = new int[entries];
        var chosen = new bool[entries];
        var poolKeys = problem.ListPoolKey;
        var stride = problem.PoolKeyStride;
        var candidatePoolKey = poolKeys is null ? [] : new ulong[entries * stride];
        var candidateStudent = poolKeys is null ? [] : new int[entries];
        var order = poolKeys is null ? [] : new int[entries * stride];
        var scratch = poolKeys is null ? [] : new ulong[entries];
        var plain = poolKeys is null ? _plain : _plain.Select((p, s) => p && _layout.OnePool[s]).ToArray();
        var queue = new Queue<int>(Enumerable.Range(0, schools));
        var queued = new bool[schools];
        Array.Fill(queued, true);

        while (queue.Count > 0)
        {
            var s = queue.Dequeue();
            queued[s] = false;
            var count = 0;
            var seats = _layout.ProgramSeats[s];
            var poolCount = _layout.PoolStart[s + 1] - _layout.PoolStart[s];
            for (var at = start[s]; at < start[s + 1] && (!plain[s] || count < seats); at++)
            {
                if (lost[at]) continue;
                candidateAt[count] = at;
                if (poolKeys is not null && !plain[s])
                {
                    candidateStudent[count] = student[at];
                    poolKeys.AsSpan(entryOf[at] * stride, poolCount).CopyTo(candidatePoolKey.AsSpan(count * stride, poolCount));
                }
                candidateType[count++] = problem.ListType[entryOf[at]];
            }
            var pick = chosen.AsSpan(0, count);
            if (plain[s]) pick.Fill(true);
            else if (poolKeys is null) _choice.Choose(s, candidateType.AsSpan(0, count), pick);
            else
            {
                var byPool = order.AsSpan(0, count * poolCount);
                SeatPoolChoice.OrderByPool(poolCount, stride, candidatePoolKey, candidateStudent.AsSpan(0, count), byPool, scratch);
                _choice.Choose(s, candidateType.AsSpan(0, count), pick, byPool);
            }

            for (var c = 0; c < count; c++)
            {
                if (!pick[c]) continue;
                var at = candidateAt[c];
                var i = student[at];
                var entry = entryOf[at];
                if (holding[i] == entry) continue;
                if (holding[i] >= 0 && holding[i] < entry)
                {
                    lost[at] = true;
                    Enqueue(s);
                    continue;
                }
                if (holding[i] >= 0)
                {
                    lost[position[holding[i]]] = true;
                    Enqueue(listSchool[holding[i]]);
                }
                holding[i] = entry;
            }
        }

        for (var i = 0; i < n; i++) assignedRank[i] = holding[i] < 0 ? -1 : holding[i] - listStart[i];

        void Enqueue(int s)
        {
            if (queued[s]) return;
            queued[s] = true;
            queue.Enqueue(s);
        }
    }
}
