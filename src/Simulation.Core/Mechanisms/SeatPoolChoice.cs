namespace Simulation.Core.Mechanisms;

/// <summary>
/// The choice function of a program with seat pools: which of a set of candidates, sorted best first, it admits.
/// Candidates are given by their types (as this program's pools see them), in priority order — or, when each pool
/// runs its own lottery (pool tie-breaking), in any order with one best-first order of candidates per pool.
/// </summary>
/// <remarks>
/// <para>(1) Pools in fill order each take their eligible, not yet chosen candidates, best first, up to their seats;
/// (2) every pool with seats left and a spillover target passes them to the target, then pools fill again in order
/// from the candidates left; (2) repeats until a pass places nobody. Seats no pass can fill stay empty.</para>
/// <para>With <c>available</c> seats per pool (immediate acceptance, where earlier rounds used some) the function
/// also reports which pools' seats it used: a pool fills its own seats before seats passed to it, and passed seats
/// in the order of their pools. Seats a pool passes on but nobody fills stay with their own pool.</para>
/// <para>Allocation-free; one instance per thread.</para>
/// </remarks>
internal sealed class SeatPoolChoice
{
    private readonly SeatPoolLayout _layout;
    private readonly int[] _remaining;
    private readonly int[] _ledger;
    private int _pools;
    private bool _track;

    public SeatPoolChoice(SeatPoolLayout layout)
    {
        _layout = layout;
        _remaining = new int[layout.MaxPoolsPerProgram];
        _ledger = new int[layout.MaxPoolsPerProgram * layout.MaxPoolsPerProgram];
    }

    /// <summary>Chooses with every pool's full seats.</summary>
    /// <param name="order">Empty when <paramref name="types"/> are in priority order; otherwise, for each pool of the
    /// program in fill order, the candidates' indices best first (<c>order[pool * count + k]</c>), as
    /// <see cref="OrderByPool"/> makes them.</param>
    public void Choose(int program, ReadOnlySpan<byte> types, Span<bool> chosen, ReadOnlySpan<int> order = default) =>
        Choose(program, types, chosen, _layout.Seats.AsSpan(_layout.PoolStart[program]), false, order);

    /// <summary>Chooses with <paramref name="available"/> seats per pool of the program (in fill order) and leaves in
    /// it the seats still free afterwards.</summary>
    public void Choose(int program, ReadOnlySpan<byte> types, Span<bool> chosen, Span<int> available, ReadOnlySpan<int> order) =>
        Choose(program, types, chosen, available, true, order);

    /// <summary>Per-pool candidate orders for <see cref="Choose(int, ReadOnlySpan{byte}, Span{bool}, ReadOnlySpan{int})"/>:
    /// candidate <c>k</c>'s key in pool <c>j</c> is <c>poolKeys[k * stride + j]</c>; lower keys first, equal keys
    /// by lower student index. Allocation-free.</summary>
    public static void OrderByPool(int pools, int stride, ReadOnlySpan<ulong> poolKeys, ReadOnlySpan<int> students,
        Span<int> order, Span<ulong> scratch)
    {
        var count = students.Length;
        var keys = scratch[..count];
        for (var j = 0; j < pools; j++)
        {
            var row = order.Slice(j * count, count);
            for (var k = 0; k < count; k++)
            {
                row[k] = k;
                keys[k] = poolKeys[k * stride + j];
            }
            keys.Sort(row);
            for (var i = 1; i < count; i++)
            {
                if (keys[i] != keys[i - 1]) continue;
                var c = row[i];
                var at = i;
                while (at > 0 && keys[at - 1] == keys[i] && students[row[at - 1]] > students[c])
                {
                    row[at] = row[at - 1];
                    at--;
                }
                row[at] = c;
            }
        }
    }

    private void Choose(int program, ReadOnlySpan<byte> types, Span<bool> chosen, Span<int> seats, bool track, ReadOnlySpan<int> order)
    {
        var first = _layout.PoolStart[program];
        var pools = _layout.PoolStart[program + 1] - first;
        _pools = pools;
        _track = track;
        var remaining = _remaining.AsSpan(0, pools);
        for (var i = 0; i < pools; i++) remaining[i] = seats[i];
        if (track)
        {
            _ledger.AsSpan(0, pools * pools).Clear();
            for (var i = 0; i < pools; i++) _ledger[i * pools + i] = seats[i];
        }
        chosen.Clear();

        Fill(first, types, chosen, remaining, order);
        for (var pass = 0; pass <= pools; pass++)
        {
            var moved = false;
            for (var i = 0; i < pools; i++)
            {
                var target = _layout.SpillTo[first + i];
                if (remaining[i] > 0 && target != SeatPoolLayout.NoSpillover)
                {
                    var t = target - first;
                    remaining[t] += remaining[i];
                    remaining[i] = 0;
                    if (track)
                        for (var o = 0; o < pools; o++)
                        {
                            _ledger[t * pools + o] += _ledger[i * pools + o];
                            _ledger[i * pools + o] = 0;
                        }
                    moved = true;
                }
            }
            if (!moved || !Fill(first, types, chosen, remaining, order)) break;
        }
        if (track)
            for (var o = 0; o < pools; o++)
            {
                var left = 0;
                for (var t = 0; t < pools; t++) left += _ledger[t * pools + o];
                seats[o] = left;
            }
    }

    private bool Fill(int first, ReadOnlySpan<byte> types, Span<bool> chosen, Span<int> remaining, ReadOnlySpan<int> order)
    {
        var placed = false;
        var count = types.Length;
        for (var i = 0; i < remaining.Length; i++)
        {
            if (remaining[i] == 0) continue;
            var eligible = _layout.EligibleTypes[first + i];
            for (var k = 0; k < count && remaining[i] > 0; k++)
            {
                var c = order.IsEmpty ? k : order[i * count + k];
                if (chosen[c] || (eligible & (1UL << types[c])) == 0) continue;
                chosen[c] = true;
                remaining[i]--;
                if (_track) Consume(i);
                placed = true;
            }
        }
        return placed;
    }

    /// <summary>Charges one seat filled by pool <paramref name="pool"/>: its own first, then passed seats in pool order.</summary>
    private void Consume(int pool)
    {
        var row = pool * _pools;
        if (_ledger[row + pool] > 0)
        {
            _ledger[row + pool]--;
            return;
        }
        for (var o = 0; o < _pools; o++)
            if (_ledger[row + o] > 0)
            {
                _ledger[row + o]--;
                return;
            }
    }
}
