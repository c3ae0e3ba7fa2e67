using System.Text;
using Simulation.Core.Randomness;
using Simulation.Core.Scenarios;

namespace Simulation.Core.Mechanisms;

/// <summary>
/// Lottery numbers that break ties within a priority class: one number per student (single tie-breaking), one per
/// (school, student) pair (multiple tie-breaking) or one per (seat pool, student) pair (pool tie-breaking), optionally
/// weighted by extra tickets. Lower numbers win.
/// </summary>
/// <remarks>
/// <para>Numbers are not stored: <see cref="Number"/> hashes (seed, <see cref="Stage.Lottery"/>, school id or
/// <see cref="ulong.MaxValue"/> under single tie-breaking, student id) with <see cref="StreamKey.Mix(ulong, ulong, ulong, ulong)"/>
/// and keeps the top <see cref="Bits"/> bits. Ids are caller-chosen 64-bit values (indices in a simulation,
/// <see cref="IdOf"/> of the text id on the command line), so a student's number does not depend on input order.</para>
/// <para><b>Weighted lotteries.</b> A student with t ≥ 1 tickets gets the smallest of t independent uniform numbers,
/// drawn by inversion (<c>1 − (1 − u)^(1/t)</c>): with two tickets a student beats a one-ticket student with
/// probability 2/3.</para>
/// <para><b>Pool tie-breaking.</b> <see cref="PoolNumber"/> hashes the stream <see cref="PoolStream"/> of (school id,
/// pool id) instead of the school id; <see cref="Number"/> then gives the school-level (multiple) number, which only
/// mechanisms without seat pools would read.</para>
/// <para>Two students can share a number (probability about n²/2^41 per school); such ties go to the lower student
/// index. Immutable; thread-safe.</para>
/// </remarks>
public sealed class Lottery
{
    /// <summary>Bits of a lottery number; the rest of a 64-bit priority key holds the priority class.</summary>
    public const int Bits = 40;

    private const ulong SingleStream = ulong.MaxValue;
    private readonly ulong[] _studentIds;
    private readonly ulong[] _schoolIds;
    private readonly int[]? _tickets;

    /// <param name="tickets">Per student: lottery tickets (≥ 1), or null for one each.</param>
    public Lottery(TieBreaking tieBreaking, ulong seed, ulong[] studentIds, ulong[] schoolIds, int[]? tickets = null)
    {
        Preconditions.NotNull(studentIds, nameof(studentIds));
        Preconditions.NotNull(schoolIds, nameof(schoolIds));
        if (tickets is not null)
        {
            Preconditions.Check(tickets.Length == studentIds.Length, nameof(tickets), "need one ticket count per student");
            foreach (var t in tickets) Preconditions.Check(t >= 1, nameof(tickets), "every student needs at least one ticket");
        }
        TieBreaking = tieBreaking;
        Seed = seed;
        _studentIds = studentIds;
        _schoolIds = schoolIds;
        _tickets = tickets;
    }

    public TieBreaking TieBreaking { get; }
    public ulong Seed { get; }
    public int StudentCount => _studentIds.Length;
    public int SchoolCount => _schoolIds.Length;

    /// <summary>A lottery whose ids are the student and school indices.</summary>
    public static Lottery ByIndex(TieBreaking tieBreaking, ulong seed, int students, int schools, int[]? tickets = null)
    {
        var s = new ulong[students];
        for (var i = 0; i < students; i++) s[i] = (ulong)i;
        var c = new ulong[schools];
        for (var i = 0; i < schools; i++) c[i] = (ulong)i;
        return new Lottery(tieBreaking, seed, s, c, tickets);
    }

    /// <summary>The 64-bit id of a text id: FNV-1a over its UTF-8 bytes.</summary>
    public static ulong IdOf(string id)
    {
        Preconditions.NotNull(id, nameof(id));
        var hash = 0xCBF29CE484222325UL;
        Span<byte> buffer = stackalloc byte[4];
        foreach (var rune in id.EnumerateRunes())
        {
            var n = rune.EncodeToUtf8(buffer);
            for (var i = 0; i < n; i++) hash = (hash ^ buffer[i]) * 0x100000001B3UL;
        }
        return hash;
    }

    /// <summary>The lottery number (&lt; 2^<see cref="Bits"/>) of <paramref name="student"/> at
    /// <paramref name="school"/>; under single tie-breaking the same at every school.</summary>
    public ulong Number(int school, int student) =>
        Draw(TieBreaking == TieBreaking.Single ? SingleStream : _schoolIds[school], student);

    /// <summary>The lottery number of <paramref name="student"/> in the pool with id <paramref name="poolId"/> at
    /// <paramref name="school"/>: under pool tie-breaking an independent number per pool, otherwise
    /// <see cref="Number"/>.</summary>
    public ulong PoolNumber(int school, ulong poolId, int student) =>
        TieBreaking == TieBreaking.Pool ? Draw(PoolStream(_schoolIds[school], poolId), student) : Number(school, student);

    /// <summary>The lottery stream of one seat pool: a hash of the school's and the pool's ids.</summary>
    public static ulong PoolStream(ulong schoolId, ulong poolId) => StreamKey.Mix(schoolId, poolId, 0x706F6F6CUL, (ulong)Stage.Lottery);

    /// <summary>A 64-bit lottery hash turned into the smallest of <paramref name="tickets"/> independent uniform
    /// numbers (by inversion, <c>1 − (1 − u)^(1/t)</c>), still as 64 bits; one ticket leaves it unchanged.</summary>
    public static ulong Weighted(ulong hash, int tickets)
    {
        if (tickets <= 1) return hash;
        const double scale = 18446744073709551616.0; // 2^64
        var u = ((hash >> 11) + 0.5) * (1.0 / (1UL << 53));
        var x = -double.ExpM1(double.LogP1(-u) / tickets) * scale;
        return x >= scale ? ulong.MaxValue : (ulong)x;
    }

    /// <summary>The student's single (school-independent) number, whatever the tie-breaking: the order of a serial
    /// dictatorship.</summary>
    public ulong StudentNumber(int student) => Draw(SingleStream, student);

    private ulong Draw(ulong stream, int student)
    {
        var hash = StreamKey.Mix(Seed, (ulong)Stage.Lottery, stream, _studentIds[student]);
        if (_tickets is not null) hash = Weighted(hash, _tickets[student]);
        return hash >> (64 - Bits);
    }
}
