using System.Text;
using Simulation.Core.Randomness;
using Simulation.Core.Scenarios;

namespace Simulation.Core.Mechanisms;

/// <summary>
/// Lottery numbers that break ties within a priority class: one number per student (single tie-breaking) or one per
/// (school, student) pair (multiple tie-breaking), optionally weighted by extra tickets. Lower numbers win.
/// </summary>
/// <remarks>
/// <para>Numbers are not stored: <see cref="Number"/> hashes (seed, <see cref="Stage.Lottery"/>, school id or
/// <see cref="ulong.MaxValue"/> under single tie-breaking, student id) with <see cref="StreamKey.Mix(ulong, ulong, ulong, ulong)"/>
/// and keeps the top <see cref="Bits"/> bits. Ids are caller-chosen 64-bit values (indices in a simulation,
/// <see cref="IdOf"/> of the text id on the command line), so a student's number does not depend on input order.</para>
/// <para><b>Weighted lotteries.</b> A student with t ≥ 1 tickets gets the smallest of t independent uniform numbers,
/// drawn by inversion (<c>1 − (1 − u)^(1/t)</c>): with two tickets a student beats a one-ticket student with
/// probability 2/3.</para>
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

    /// <summary>The student's single (school-independent) number, whatever the tie-breaking: the order of a serial
    /// dictatorship.</summary>
    public ulong StudentNumber(int student) => Draw(SingleStream, student);

    private ulong Draw(ulong stream, int student)
    {
        var u = StreamKey.Mix(Seed, (ulong)Stage.Lottery, stream, _studentIds[student]) >> (64 - Bits);
        if (_tickets is null || _tickets[student] == 1) return u;
        const double scale = 1UL << Bits;
        var x = 1 - Math.Pow(1 - (u + 0.5) / scale, 1.0 / _tickets[student]);
        return Math.Min((ulong)(x * scale), (1UL << Bits) - 1);
    }
}
