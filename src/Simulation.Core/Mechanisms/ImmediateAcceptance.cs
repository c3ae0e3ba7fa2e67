namespace Simulation.Core.Mechanisms;

/// <summary>
/// Immediate acceptance, the Boston mechanism (Abdulkadiroğlu and Sönmez 2003): in round k every student still
/// unassigned applies to the k-th school on their list; each school admits, by its seat-pool choice function over
/// the seats it still has, from that round's applicants only, and admissions are final.
/// </summary>
/// <remarks>
/// <para>The textbook version: a student applies to their k-th choice in round k even if it filled earlier (no
/// skipping of full schools). So the number of students placed at their first choice is the largest any assignment
/// can reach: every school admits <c>min(seats, first-choice applicants)</c> of them in round 1 (without reserves).</para>
/// <para><b>Seat pools.</b> Each round runs <see cref="SeatPoolChoice"/> with the seats each pool still has. Seats
/// filled through spillover are charged to the pool that passed them; seats a pool passes on but nobody fills stay
/// with it for later rounds. So a reserve that no eligible student claims in round 1 is still a reserve in round 2.
/// Under pool tie-breaking each pool orders the round's applicants by its own key.</para>
/// <para>Allocation-free after the first run on a problem of a given size. Not thread-safe.</para>
/// </remarks>
public sealed class ImmediateAcceptance : IAssignmentMechanism
{
    private readonly SeatPoolLayout _layout;
    private readonly SeatPoolChoice _choice;
    private readonly int[] _available;
    private readonly int[] _bucketStart;
    private int[] _active = [];
    private int[] _bucketStudent = [];
    private ulong[] _bucketKey = [];
    private byte[] _bucketType = [];
    private bool[] _chosen = [];
    private ulong[] _bucketPoolKey = [];
    private int[] _order = [];

    public ImmediateAcceptance(SeatPoolLayout layout)
    {
        _layout = Preconditions.NotNull(layout, nameof(layout));
        _choice = new SeatPoolChoice(layout);
        _available = new int[layout.Seats.Length];
        _bucketStart = new int[layout.ProgramCount + 1];
    }

    public void Run(MatchingProblem problem, Span<int> assignedRank)
    {
        Preconditions.NotNull(problem, nameof(problem));
        Preconditions.Check(problem.Seats.PoolStart.Length == _layout.PoolStart.Length && problem.Seats.Seats.Length == _layout.Seats.Length,
            nameof(problem), "the problem's seat pools do not match this instance's layout");
        var n = problem.StudentCount;
        Preconditions.Check(assignedRank.Length >= n, nameof(assignedRank), "need one entry per student");
        if (_active.Length < n)
        {
            _active = new int[n];
            _bucketStudent = new int[n];
            _bucketKey = new ulong[n];
            _bucketType = new byte[n];
            _chosen = new bool[n];
        }
        var poolKeys = problem.ListPoolKey;
        var stride = problem.PoolKeyStride;
        if (poolKeys is not null && _order.Length < n * stride)
        {
            _bucketPoolKey = new ulong[n * stride];
            _order = new int[n * stride];
        }
        var listStart = problem.ListStart;
        var schools = problem.ListSchool;
        var keys = problem.ListKey;
        var types = problem.ListType;
        _layout.Seats.CopyTo(_available, 0);
        assignedRank[..n].Fill(-1);
        var active = 0;
        for (var i = 0; i < n; i++)
            if (listStart[i + 1] > listStart[i]) _active[active++] = i;

        for (var round = 0; active > 0; round++)
        {
            // Bucket this round's applicants by school (counting sort), keeping their keys.
            Array.Clear(_bucketStart);
            for (var a = 0; a < active; a++) _bucketStart[schools[listStart[_active[a]] + round] + 1]++;
            for (var s = 0; s < _layout.ProgramCount; s++) _bucketStart[s + 1] += _bucketStart[s];
            for (var a = 0; a < active; a++)
            {
                var i = _active[a];
                var entry = listStart[i] + round;
                var at = _bucketStart[schools[entry]]++;
                _bucketStudent[at] = i;
                _bucketKey[at] = keys[entry];
            }
            for (var s = _layout.ProgramCount; s > 0; s--) _bucketStart[s] = _bucketStart[s - 1];
            _bucketStart[0] = 0;

            for (var s = 0; s < _layout.ProgramCount; s++)
            {
                var from = _bucketStart[s];
                var count = _bucketStart[s + 1] - from;
                if (count == 0) continue;
                var students = _bucketStudent.AsSpan(from, count);
                var poolCount = _layout.PoolStart[s + 1] - _layout.PoolStart[s];
                var order = Span<int>.Empty;
                if (poolKeys is null) PriorityOrder.Sort(_bucketKey.AsSpan(from, count), students);
                else
                {
                    for (var c = 0; c < count; c++)
                        poolKeys.AsSpan((listStart[students[c]] + round) * stride, poolCount).CopyTo(_bucketPoolKey.AsSpan(c * stride, poolCount));
                    order = _order.AsSpan(0, count * poolCount);
                    SeatPoolChoice.OrderByPool(poolCount, stride, _bucketPoolKey, students, order, _bucketKey.AsSpan(from, count));
                }
                var bucketTypes = _bucketType.AsSpan(from, count);
                for (var c = 0; c < count; c++) bucketTypes[c] = types[listStart[students[c]] + round];
                var chosen = _chosen.AsSpan(0, count);
                var pools = _available.AsSpan(_layout.PoolStart[s], poolCount);
                _choice.Choose(s, bucketTypes, chosen, pools, order);
                for (var c = 0; c < count; c++)
                    if (chosen[c]) assignedRank[students[c]] = round;
            }

            var kept = 0;
            for (var a = 0; a < active; a++)
            {
                var i = _active[a];
                if (assignedRank[i] < 0 && listStart[i + 1] - listStart[i] > round + 1) _active[kept++] = i;
            }
            active = kept;
        }
    }
}
