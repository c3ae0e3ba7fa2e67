namespace Simulation.Core.Mechanisms;

/// <summary>
/// The seat pools of every program (a campus × grade that admits by lottery), flattened: program <c>p</c> owns pools
/// <c>[PoolStart[p], PoolStart[p + 1])</c>, already sorted by fill order, and the last of them is the program's
/// implicit <em>open</em> pool (0 seats of its own, any student eligible) that receives <c>spillover: open</c> seats.
/// </summary>
/// <remarks>
/// Eligibility is a bit mask over student types (<c>1UL &lt;&lt; type</c>); a student's type is an index the caller
/// assigns (the simulation uses group × home-area tier). Spillover targets are global pool indices in the same
/// program, or <see cref="NoSpillover"/>. <see cref="PoolIds"/> name each pool's lottery under pool tie-breaking
/// (<see cref="Lottery.PoolNumber"/>). Immutable after construction; share across threads.
/// </remarks>
public sealed class SeatPoolLayout
{
    public const int NoSpillover = -1;

    /// <param name="poolIds">Per pool: the id of its lottery stream under pool tie-breaking (pools of one program need
    /// distinct ids); null for the pool's position in its program (0, 1, …).</param>
    public SeatPoolLayout(int[] poolStart, int[] seats, ulong[] eligibleTypes, int[] spillTo, ulong[]? poolIds = null)
    {
        Preconditions.Check(poolStart.Length >= 1 && poolStart[0] == 0, nameof(poolStart), "pool offsets must start at 0");
        Preconditions.Check(seats.Length == poolStart[^1] && eligibleTypes.Length == seats.Length && spillTo.Length == seats.Length,
            nameof(seats), "pool arrays must have one entry per pool");
        for (var p = 0; p + 1 < poolStart.Length; p++)
        {
            Preconditions.Check(poolStart[p + 1] > poolStart[p], nameof(poolStart), $"program {p} has no pool");
            for (var i = poolStart[p]; i < poolStart[p + 1]; i++)
            {
                Preconditions.NonNegative(seats[i], nameof(seats));
                Preconditions.Check(spillTo[i] == NoSpillover || (spillTo[i] >= poolStart[p] && spillTo[i] < poolStart[p + 1] && spillTo[i] != i),
                    nameof(spillTo), $"pool {i} spills outside its program or to itself");
            }
        }
        Preconditions.Check(poolIds is null || poolIds.Length == seats.Length, nameof(poolIds), "need one id per pool");
        PoolStart = poolStart;
        Seats = seats;
        PoolIds = poolIds ?? new ulong[seats.Length];
        LeadPool = new int[ProgramCount];
        OnePool = new bool[ProgramCount];
        EligibleTypes = eligibleTypes;
        SpillTo = spillTo;
        ProgramSeats = new int[ProgramCount];
        OpenToAll = new bool[ProgramCount];
        MaxProgramSeats = 0;
        for (var p = 0; p < ProgramCount; p++)
        {
            OpenToAll[p] = true;
            for (var i = poolStart[p]; i < poolStart[p + 1]; i++) OpenToAll[p] &= eligibleTypes[i] == ulong.MaxValue;
            for (var i = poolStart[p]; i < poolStart[p + 1]; i++) ProgramSeats[p] += seats[i];
            MaxProgramSeats = Math.Max(MaxProgramSeats, ProgramSeats[p]);
            MaxPoolsPerProgram = Math.Max(MaxPoolsPerProgram, poolStart[p + 1] - poolStart[p]);
            var withSeats = 0;
            LeadPool[p] = poolStart[p];
            for (var i = poolStart[p + 1] - 1; i >= poolStart[p]; i--)
            {
                if (poolIds is null) PoolIds[i] = (ulong)(i - poolStart[p]);
                if (seats[i] == 0) continue;
                withSeats++;
                LeadPool[p] = i;
            }
            OnePool[p] = withSeats <= 1;
            for (var i = poolStart[p]; i < poolStart[p + 1]; i++)
                for (var j = i + 1; j < poolStart[p + 1]; j++)
                    Preconditions.Check(PoolIds[i] != PoolIds[j], nameof(poolIds), $"pools {i} and {j} of program {p} share a lottery id");
        }
    }

    public int ProgramCount => PoolStart.Length - 1;
    public int[] PoolStart { get; }
    public int[] Seats { get; }
    public ulong[] EligibleTypes { get; }
    public int[] SpillTo { get; }

    /// <summary>Total seats per program over all its pools.</summary>
    public int[] ProgramSeats { get; }

    /// <summary>Per program: whether every pool admits every type, so the program simply keeps its best
    /// applicants up to its seats.</summary>
    public bool[] OpenToAll { get; }

    /// <summary>Per pool: the id of its lottery under pool tie-breaking.</summary>
    public ulong[] PoolIds { get; }

    /// <summary>Per program: the first pool (in fill order) with seats of its own, or its first pool if none has any.
    /// Under pool tie-breaking a program's single priority key (<see cref="MatchingProblem.ListKey"/>) is this pool's.</summary>
    public int[] LeadPool { get; }

    /// <summary>Per program: whether at most one of its pools has seats of its own.</summary>
    public bool[] OnePool { get; }

    public int MaxProgramSeats { get; }
    public int MaxPoolsPerProgram { get; }

    /// <summary>A layout of plain lotteries: one open pool per program with the given seats.</summary>
    public static SeatPoolLayout SingleLottery(ReadOnlySpan<int> programSeats)
    {
        var n = programSeats.Length;
        var start = new int[n + 1];
        var seats = new int[n];
        var eligible = new ulong[n];
        var spill = new int[n];
        for (var p = 0; p < n; p++)
        {
            start[p + 1] = p + 1;
            seats[p] = programSeats[p];
            eligible[p] = ulong.MaxValue;
            spill[p] = NoSpillover;
        }
        return new SeatPoolLayout(start, seats, eligible, spill);
    }
}
