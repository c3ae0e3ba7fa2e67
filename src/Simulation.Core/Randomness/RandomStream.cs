using System.Numerics;
using System.Runtime.CompilerServices;

namespace Simulation.Core.Randomness;

/// <summary>
/// A seeded xoshiro256** generator. Every random draw in the engine comes from a stream created with
/// <see cref="For(ulong, long, Stage, long)"/>, so a draw depends only on (seed, replication, stage, substream) and
/// never on threads, batching, silos or retries.
/// </summary>
/// <remarks>A mutable struct: pass it by <c>ref</c>. Not thread-safe; each thread makes its own stream.</remarks>
public struct RandomStream
{
    private ulong _s0, _s1, _s2, _s3;

    private RandomStream(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>The stream for one stage of one replication; <paramref name="substream"/> separates independent
    /// users within a stage (for example one stream per cohort, so that changing one cohort's draws leaves the
    /// others' untouched — the basis of common random numbers across scenarios).</summary>
    public static RandomStream For(ulong seed, long replication, Stage stage, long substream = 0) =>
        new(StreamKey.Mix(seed, (ulong)replication, (ulong)stage, (ulong)substream));

    /// <summary>Next 64 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, n) without modulo bias (Lemire's method).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "must be > 0");
        var bound = (ulong)n;
        var m = Math.BigMul(NextUInt64(), bound, out var low);
        if (low < bound)
        {
            var threshold = (0 - bound) % bound;
            while (low < threshold) m = Math.BigMul(NextUInt64(), bound, out low);
        }
        return (int)m;
    }

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>The stages of one replication; each has its own streams.</summary>
public enum Stage : ulong
{
    Application = 1,
    Preferences = 2,
    Lottery = 3,
    StudentDraw = 4,

    /// <summary>Resampling of replication outcomes in Monte Carlo summaries (not a replication stage: the
    /// "replication" of its stream is 0 and the substream names the metric).</summary>
    Bootstrap = 5,

    /// <summary>Composite admission scores (selective enrollment).</summary>
    Score = 6,

    /// <summary>Boundary-plan ensembles and the annealer: the replication number is the chain index.</summary>
    Ensemble = 7,
}

/// <summary>Counter-based hashing: turns a tuple of integers into well-mixed 64 bits. Used to derive stream seeds
/// and per-(student, school) lottery numbers without storing any generator state.</summary>
public static class StreamKey
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong a, ulong b, ulong c, ulong d)
    {
        var h = Finalize(a ^ 0x243F6A8885A308D3UL);
        h = Finalize(h ^ b + 0x13198A2E03707344UL);
        h = Finalize(h ^ c + 0xA4093822299F31D0UL);
        return Finalize(h ^ d + 0x082EFA98EC4E6C89UL);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong a, ulong b, ulong c, ulong d, ulong e) => Finalize(Mix(a, b, c, d) ^ e + 0x452821E638D01377UL);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
