namespace Simulation.Core.Mechanisms;

/// <summary>
/// The choice function of a program with seat pools: which of a set of candidates, sorted best first, it admits.
/// Candidates are given by their types (as this program's pools see them), in priority order.
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
    public void Choose(int program, ReadOnlySpan<byte> types, Span<bool> chosen) =>
        Choose(program, types, chosen, _layout.Seats.AsSpan(_layout.PoolStart[program]), false);

    /// <summary>Chooses with <paramref name="available"/> seats per pool of the program (in fill order) and leaves in
    /// it the seats still free afterwards.</summary>
    public void Choose(int program, ReadOnlySpan<byte> types, Span<bool> chosen, Span<int> available) =>
        Choose(program, types, chosen, available, true);

    private void Choose(int program, ReadOnlySpan<byte> types, Span<bool> chosen, Span<int> seats, bool track)
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

        Fill(first, types, chosen, remaining);
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
            if (!moved || !Fill(first, types, chosen, remaining)) break;
        }
        if (track)
            for (var o = 0; o < pools; o++)
            {
                var left = 0;
                for (var t = 0; t < pools; t++) left += _ledger[t * pools + o];
                seats[o] = left;
            }
    }

    private bool Fill(int first, ReadOnlySpan<byte> types, Span<bool> chosen, Span<int> remaining)
    {
        var placed = false;
        for (var i = 0; i < remaining.Length; i++)
        {
            if (remaining[i] == 0) continue;
            var eligible = _layout.EligibleTypes[first + i];
            for (var c = 0; c < types.Length && remaining[i] > 0; c++)
            {
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
