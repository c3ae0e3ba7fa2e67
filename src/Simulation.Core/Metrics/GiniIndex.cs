using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Simulation.Core.Metrics;

/// <summary>
/// The Gini segregation index over units and groups, from a unit × group count matrix, in O(K·U) (radix-sorted shares).
/// </summary>
/// <remarks>
/// <para>Multigroup form (Reardon &amp; Firebaugh 2002): <c>G = Σ_g Σ_i Σ_j t_i t_j |p_ig − p_jg| / (2 T² I)</c> with
/// <c>p_ig</c> the share of group g in unit i, <c>I = Σ_g P_g (1 − P_g)</c>. With two groups it is the two-group
/// Gini of PySAL's <c>Gini</c> (<c>Σ_i Σ_j t_i t_j |p_i − p_j| / (2 T² P (1 − P))</c>). For one group against the
/// rest or a named pair, pass <see cref="CountMatrix.OneVersusRest"/> or <see cref="CountMatrix.Pair(ReadOnlySpan{int}, int, int, int)"/>.</para>
/// <para>The double sum is computed exactly from sorted shares: with units ordered by <c>p_ig</c>,
/// <c>Σ_{j&lt;i} t_i t_j (p_i − p_j) = c_i W_i − t_i S_i</c> where <c>W_i</c>, <c>S_i</c> are the running totals of
/// students and of group members before unit i — integers, so every term is exact (while
/// <c>c_i W_i &lt; 2^53</c>, about 9·10^15).</para>
/// <para>Degenerate inputs as <see cref="DissimilarityIndex"/>: no students or a single group present give NaN;
/// empty units are ignored; one unit gives 0.</para>
/// </remarks>
public static class GiniIndex
{
    /// <summary>The multigroup Gini index (allocates its sort buffers).</summary>
    public static double Compute(ReadOnlySpan<int> counts, int groups)
    {
        var units = CountMatrix.Units(counts, groups);
        Span<double> groupTotals = stackalloc double[groups];
        var total = CountMatrix.GroupTotals(counts, groups, groupTotals);
        var totals = new double[units];
        var inverse = new double[units];
        var column = new double[units];
        var largest = 0;
        for (var u = 0; u < units; u++)
        {
            var t = CountMatrix.UnitTotal(counts, groups, u);
            largest = Math.Max(largest, t);
            totals[u] = t;
            inverse[u] = t > 0 ? 1.0 / t : 0;
        }
        var workspace = new Workspace(units);
        workspace.Prepare(largest, total);
        Span<double> pairSums = stackalloc double[groups];
        for (var g = 0; g < groups; g++)
        {
            for (var u = 0; u < units; u++) column[u] = counts[u * groups + g];
            pairSums[g] = workspace.PairSum(column, groupTotals[g], totals, inverse);
        }
        return FromPairSums(pairSums, groupTotals, total);
    }

    /// <summary>Sort buffers for one matrix size, reused across calls.</summary>
    /// <remarks>
    /// <para>Units are ordered by share through 64-bit keys <c>(s, c, t)</c>: the share rounded to a fixed-point
    /// integer <c>s = round(p · 2^(2b+1))</c> in the key's top <c>2b + 1</c> bits, where b is the bit length of the
    /// largest unit, above the unit's counts <c>c</c> and <c>t</c> (b bits each, at the bottom). A share of 1 is
    /// stored as <c>2^(2b+1) − 1</c>, which keeps it in <c>2b + 1</c> bits and above every smaller share (at most
    /// <c>1 − 2^-b</c>). Two different shares <c>c_i/t_i &lt; c_j/t_j</c> differ by at least
    /// <c>1/(t_i t_j) &gt; 2^-2b</c>, so their fixed-point values differ by more than 2 before rounding and stay in
    /// order after it (the share itself, <c>c · (1/t)</c>, is within a few units in the last place of
    /// <c>c / t</c>); equal shares contribute 0 in any order. The running sums are exact 64-bit integers
    /// (T &lt; 2^31). Keys fit while <c>4b + 1 ≤ 64</c> (units under 32,768 students); larger tables fall back to
    /// sorting the shares themselves.</para>
    /// <para>The keys are sorted by a least-significant-digit radix sort on their top bytes, one byte per pass, with
    /// the histograms on the stack (indexing them by a byte needs no bounds check): O(U) without comparisons. Where
    /// the share takes 3 bytes or more, only its upper whole bytes are sorted (16 bits for units under 2,048
    /// students, 24 up to 32,767) and the keys left out of order by the lower bits are corrected exactly (see
    /// <see cref="CorrectedSum"/>): all pairs of neighbours with vectors and without a branch, longer runs of equal
    /// sorted bytes apart. Each pass runs in four independent streams, is compiled for its byte, and each step is a
    /// small method of its own (the scatter kept out of line), so that its loop keeps its state in registers; the keys
    /// are built with vectors, the offsets are summed with vectors, and the running sums over the sorted keys are
    /// taken in the corrections' vector pass, in 64-bit integer lanes, where AVX2 is available (exact integers
    /// throughout).</para>
    /// </remarks>
    internal sealed class Workspace(int units)
    {
        private const int DigitBits = 8;
        private const int Digits = 1 << DigitBits;
        private const double RoundingBias = 4503599627370496.0; // 2^52: x + 2^52 holds round(x) in its low bits.

        private readonly ulong[] _keys = new ulong[units];
        private readonly ulong[] _scratch = new ulong[units];
        private readonly int[] _runEnds = new int[units / 2 + 1];
        private bool _packed;
        private int _countBits;
        private long _students;
        private double[]? _shares;
        private long[]? _items;

        /// <summary>Chooses the key layout for the next matrix from its largest unit and its students.</summary>
        public void Prepare(int largest, double total)
        {
            _countBits = 64 - BitOperations.LeadingZeroCount((ulong)largest);
            _packed = total <= int.MaxValue && 4 * _countBits + 1 <= 64;
            _students = (long)total;
        }

        /// <summary><c>Σ_{i&lt;j} t_i t_j |p_i − p_j|</c> for one group's counts <paramref name="column"/>.</summary>
        /// <param name="column">Members of the group per unit: whole numbers, as doubles.</param>
        /// <param name="members">The group's members, the column's sum.</param>
        /// <param name="totals">Students per unit (whole numbers), as summarized to <see cref="Prepare"/>.</param>
        /// <param name="inverse">Per unit <c>1/t</c> (0 for an empty unit). Shares are computed as <c>c · (1/t)</c>:
        /// within two units in the last place of <c>c / t</c>, far below the gap between different shares.</param>
        public double PairSum(ReadOnlySpan<double> column, double members, ReadOnlySpan<double> totals, ReadOnlySpan<double> inverse)
        {
            if (!_packed) return SortedShares(column, totals);
            var countBits = _countBits;
            var lowBits = 2 * countBits;
            var scale = Math.ScaleB(1.0, lowBits + 1);
            var shareBits = lowBits + 1;
            // The share fills the top of the key, so the sorted digits are the key's top bytes. Where the share takes
            // three bytes or more, its lowest bits are not sorted on: the keys end in order of their upper whole
            // digits (of the 23 share bits of units under 2,048 students, the upper 16), and the few keys left out of
            // order are corrected exactly below.
            var bytes = (shareBits + DigitBits - 1) / DigitBits;
            var digits = bytes >= 3 ? bytes - 1 : bytes;
            var exact = digits * DigitBits >= shareBits;
            var runShift = 64 - digits * DigitBits;
            // Per sorted digit, one histogram per stream (see Scatter), and the digits' starts, on the stack.
            Span<int> histogram = stackalloc int[(Streams + 1) * Digits];
            var keys = _keys.AsSpan(0, column.Length);
            var scratch = _scratch.AsSpan(0, column.Length);
            totals = totals[..column.Length];
            inverse = inverse[..column.Length];
            var (zeros, students, cross) = BuildKeys(column, totals, inverse, keys, scale, 64 - shareBits, countBits);
            if (digits >= 3) Pass<Byte5>(ref keys, ref scratch, histogram);
            if (digits >= 2) Pass<Byte6>(ref keys, ref scratch, histogram);
            Pass<Byte7>(ref keys, ref scratch, histogram);
            // Units without the group (empty ones too) have share 0 and sort first, apart from the rest (a non-zero
            // share is at least 1/t > 2^-b, within the sorted top bytes); they add nothing but their students to the
            // running total, so the sums start after them.
            keys = keys[zeros..];
            var countMask = (1UL << countBits) - 1;
            var twice = exact
                ? SortedSum(keys, students, countBits, countMask) // sorted on every share bit
                : CorrectedSum(keys, students, countBits, countMask, runShift, _runEnds);
            // Σ_{j<i} (c_i t_j − t_i c_j) = 2 Σ_i c_i W_i − (C T − Σ_i c_i t_i): the pairs (i, j) and (j, i) of
            // Σ_{i≠j} c_i t_j, split by order. All whole numbers below 2^63 (C T < T² < 2^62).
            return twice - (long)members * _students + cross;
        }

        /// <summary>Every unit's key, built with vectors; returns the units without the group, their students, and
        /// <c>Σ_u c_u t_u</c> (whole numbers below 2^53, so exact in any order).</summary>
        private static (int Zeros, long Students, long Cross) BuildKeys(ReadOnlySpan<double> column,
            ReadOnlySpan<double> totals, ReadOnlySpan<double> inverse, Span<ulong> keys, double scale, int shareShift, int countBits)
        {
            // x + 2^52 holds a whole number x < 2^52 in its low bits, and round(x) for any such x ≥ 0.
            var biasBits = BitConverter.DoubleToUInt64Bits(RoundingBias);
            var columnVectors = MemoryMarshal.Cast<double, Vector<double>>(column);
            var totalVectors = MemoryMarshal.Cast<double, Vector<double>>(totals);
            var inverseVectors = MemoryMarshal.Cast<double, Vector<double>>(inverse);
            var keyVectors = MemoryMarshal.Cast<ulong, Vector<ulong>>(keys);
            var scaleVector = new Vector<double>(scale);
            var largestShare = new Vector<double>(scale - 1);
            var biasVector = new Vector<double>(RoundingBias);
            var biasBitsVector = new Vector<ulong>(biasBits);
            Vector<ulong> zeroUnitStudents = Vector<ulong>.Zero, zeroUnits = Vector<ulong>.Zero;
            var crossSums = Vector<double>.Zero;
            for (var i = 0; i < columnVectors.Length; i++)
            {
                var x = columnVectors[i];
                var t = totalVectors[i];
                var scaled = Vector.MinNative(x * inverseVectors[i] * scaleVector, largestShare);
                var share = Vector.AsVectorUInt64(scaled + biasVector) - biasBitsVector;
                var members = Vector.AsVectorUInt64(x + biasVector) - biasBitsVector;
                var students = Vector.AsVectorUInt64(t + biasVector) - biasBitsVector;
                keyVectors[i] = (share << shareShift) | (members << countBits) | students;
                var zero = Vector.AsVectorUInt64(Vector.Equals(x, Vector<double>.Zero));
                zeroUnitStudents += students & zero;
                zeroUnits -= zero;
                crossSums += x * t;
            }
            var zeroStudents = (long)Vector.Sum(zeroUnitStudents);
            var zeros = (int)Vector.Sum(zeroUnits);
            var cross = Vector.Sum(crossSums);
            for (var u = columnVectors.Length * Vector<double>.Count; u < column.Length; u++)
            {
                var x = column[u];
                var t = totals[u];
                var share = BitConverter.DoubleToUInt64Bits(Math.Min(x * inverse[u] * scale, scale - 1) + RoundingBias) - biasBits;
                keys[u] = (share << shareShift) | ((ulong)x << countBits) | (ulong)t;
                zeros += x == 0 ? 1 : 0;
                zeroStudents += x == 0 ? (long)t : 0;
                cross += x * t;
            }
            return (zeros, zeroStudents, (long)cross);
        }

        /// <summary>Independent streams of a radix pass: the keys are cut into this many consecutive parts, each with
        /// its own histogram and offsets, and the parts are counted and scattered side by side. Keys with equal digits
        /// (common: a small group's shares crowd near 0) then update different counters in turn instead of waiting
        /// for each other's store; stability holds, as a part's keys go before the next part's in each bucket.</summary>
        private const int Streams = 4;

        /// <summary>A byte of the key, as a type, so that each radix pass is compiled with its shift.</summary>
        private interface IByte
        {
            /// <summary>The byte, below 256, as an offset (one instruction where x86's BMI1 extracts it).</summary>
            static abstract nuint Of(ulong key);

            /// <summary>The byte's place in a key's eight bytes in memory, on a little-endian machine.</summary>
            static abstract int Index { get; }
        }

        private struct Byte5 : IByte
        {
            public static nuint Of(ulong key) =>
                (nuint)(Bmi1.X64.IsSupported ? Bmi1.X64.BitFieldExtract(key, 40, 8) : (key >> 40) & 0xFF);

            public static int Index => 5;
        }

        private struct Byte6 : IByte
        {
            public static nuint Of(ulong key) =>
                (nuint)(Bmi1.X64.IsSupported ? Bmi1.X64.BitFieldExtract(key, 48, 8) : (key >> 48) & 0xFF);

            public static int Index => 6;
        }

        private struct Byte7 : IByte
        {
            public static nuint Of(ulong key) => (nuint)(key >> 56);

            public static int Index => 7;
        }

        /// <summary>One stable pass of the radix sort on byte <typeparamref name="TByte"/>: the keys into the
        /// scratch buffer, which then holds them (the two are swapped).</summary>
        private static void Pass<TByte>(ref Span<ulong> keys, ref Span<ulong> scratch, scoped Span<int> histogram)
            where TByte : struct, IByte
        {
            histogram[..(Streams * Digits)].Clear();
            Histogram<TByte>(keys, histogram);
            Scatter<TByte>(keys, scratch, histogram);
            var sorted = scratch;
            scratch = keys;
            keys = sorted;
        }

        /// <summary>Counts byte <typeparamref name="TByte"/> per stream into <paramref name="histogram"/>
        /// (<see cref="Streams"/> × 256, cleared).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)] // its own registers: inlined, the counters' start spills
        private static void Histogram<TByte>(ReadOnlySpan<ulong> keys, Span<int> histogram) where TByte : struct, IByte
        {
            var part = keys.Length / Streams;
            var k0 = keys[..part];
            var k1 = keys.Slice(part, part);
            var k2 = keys.Slice(2 * part, part);
            var k3 = keys[(3 * part)..];
            // The counters are reached by reference: a stream's start plus a byte is below Streams × Digits, the
            // length checked here.
            ref var h = ref Counters(histogram);
            if (BitConverter.IsLittleEndian && part > 0)
            {
                // Each key's byte read on its own from the key's place in memory (one load, no shift): byte Index of
                // key i of a stream is at 8 i + Index from the stream's first key, within the keys as i < part (and
                // every reference formed here points into them, as part > 0).
                ref var b0 = ref Unsafe.Add(ref Unsafe.As<ulong, byte>(ref MemoryMarshal.GetReference(keys)), TByte.Index);
                ref var b1 = ref Unsafe.Add(ref b0, 8 * part);
                ref var b2 = ref Unsafe.Add(ref b1, 8 * part);
                ref var b3 = ref Unsafe.Add(ref b2, 8 * part);
                for (nint i = 0; i < part; i++)
                {
                    Unsafe.Add(ref h, (nuint)Unsafe.Add(ref b0, 8 * i))++;
                    Unsafe.Add(ref h, Digits + (nuint)Unsafe.Add(ref b1, 8 * i))++;
                    Unsafe.Add(ref h, 2 * Digits + (nuint)Unsafe.Add(ref b2, 8 * i))++;
                    Unsafe.Add(ref h, 3 * Digits + (nuint)Unsafe.Add(ref b3, 8 * i))++;
                }
            }
            else
            {
                for (var i = 0; i < k0.Length; i++)
                {
                    Unsafe.Add(ref h, TByte.Of(k0[i]))++;
                    Unsafe.Add(ref h, Digits + TByte.Of(k1[i]))++;
                    Unsafe.Add(ref h, 2 * Digits + TByte.Of(k2[i]))++;
                    Unsafe.Add(ref h, 3 * Digits + TByte.Of(k3[i]))++;
                }
            }
            for (var i = part; i < k3.Length; i++) Unsafe.Add(ref h, 3 * Digits + TByte.Of(k3[i]))++;
        }

        /// <summary>The first of <see cref="Streams"/> × <see cref="Digits"/> counters.</summary>
        private static ref int Counters(Span<int> counters)
        {
            if (counters.Length < Streams * Digits) throw new ArgumentException("too few counters", nameof(counters));
            return ref MemoryMarshal.GetReference(counters);
        }

        /// <summary>One stable pass of the radix sort: <paramref name="keys"/> into <paramref name="sorted"/> by byte
        /// <typeparamref name="TByte"/>, whose per-stream histogram is <paramref name="offsets"/> (turned into
        /// offsets; room for the digits' starts after it).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Scatter<TByte>(ReadOnlySpan<ulong> keys, Span<ulong> sorted, Span<int> offsets) where TByte : struct, IByte
        {
            Offsets(offsets);
            var part = keys.Length / Streams;
            var k0 = keys[..part];
            var k1 = keys.Slice(part, part);
            var k2 = keys.Slice(2 * part, part);
            var k3 = keys[(3 * part)..];
            // One offsets table, each stream's part at a fixed distance, reached by reference as the counters in
            // Histogram; the keys' writes are checked.
            ref var o = ref Counters(offsets);
            for (var i = 0; i < k0.Length; i++)
            {
                var a = k0[i];
                sorted[Unsafe.Add(ref o, TByte.Of(a))++] = a;
                var b = k1[i];
                sorted[Unsafe.Add(ref o, Digits + TByte.Of(b))++] = b;
                var c = k2[i];
                sorted[Unsafe.Add(ref o, 2 * Digits + TByte.Of(c))++] = c;
                var d = k3[i];
                sorted[Unsafe.Add(ref o, 3 * Digits + TByte.Of(d))++] = d;
            }
            for (var i = part; i < k3.Length; i++)
            {
                var d = k3[i];
                sorted[Unsafe.Add(ref o, 3 * Digits + TByte.Of(d))++] = d;
            }
        }

        /// <summary>Turns the per-stream histogram <paramref name="histogram"/> into offsets, in place: digit d of
        /// stream s starts after every key of a smaller digit and after digit d's keys of the streams before s. The
        /// digits' totals and the streams' offsets within a digit are summed with vectors; only the running start of
        /// each digit is sequential (kept in the histogram's last <see cref="Digits"/> entries).</summary>
        private static void Offsets(Span<int> histogram)
        {
            var starts = histogram.Slice(Streams * Digits, Digits);
            var h0 = MemoryMarshal.Cast<int, Vector<int>>(histogram[..Digits]);
            var h1 = MemoryMarshal.Cast<int, Vector<int>>(histogram.Slice(Digits, Digits))[..h0.Length];
            var h2 = MemoryMarshal.Cast<int, Vector<int>>(histogram.Slice(2 * Digits, Digits))[..h0.Length];
            var h3 = MemoryMarshal.Cast<int, Vector<int>>(histogram.Slice(3 * Digits, Digits))[..h0.Length];
            var startVectors = MemoryMarshal.Cast<int, Vector<int>>(starts)[..h0.Length];
            for (var i = 0; i < h0.Length; i++) startVectors[i] = h0[i] + h1[i] + h2[i] + h3[i];
            var running = 0;
            for (var d = 0; d < starts.Length; d++) (starts[d], running) = (running, running + starts[d]);
            for (var i = 0; i < h0.Length; i++)
            {
                var start = startVectors[i];
                var first = h0[i];
                var second = h1[i];
                var third = h2[i];
                h0[i] = start;
                h1[i] = start + first;
                h2[i] = start + first + second;
                h3[i] = start + first + second + third;
            }
        }

        /// <summary><c>2 Σ_i c_i W_i</c> over keys in order of their share digits above <paramref name="runShift"/>,
        /// where <c>W_i</c> counts the students before key i, starting after <paramref name="students"/> students
        /// without the group, plus the corrections of keys out of order. Only keys with equal sorted digits can be
        /// out of order: each pair of neighbours is corrected to its exact term without a branch (with vectors), a
        /// run of three or more keys with equal digits (rare) apart, and a run longer than <see cref="MaxRun"/> (a
        /// table of nearly equal shares) has the keys sorted in full instead.</summary>
        /// <remarks>In any order, <c>2 Σ c W − (C T − Σ c t)</c> counts each pair (j before i) as
        /// <c>d = c_i t_j − c_j t_i</c>, whose true term is <c>|d|</c>: a pair out of order (<c>d &lt; 0</c>) needs
        /// <c>|d| − d = 2 max(0, −d)</c> more, a pair in order nothing. Neighbours with different sorted digits are
        /// in order (the fixed-point shares keep the order of the shares), so every pair of neighbours adds
        /// <c>2 max(0, −d)</c> without looking at its digits.</remarks>
        private static long CorrectedSum(Span<ulong> keys, long students, int countBits, ulong countMask, int runShift,
            Span<int> runEnds)
        {
            var corrections = Corrections(keys, students, countBits, countMask, runShift, runEnds, out var twice);
            if (corrections < 0)
            {
                keys.Sort();
                return SortedSum(keys, students, countBits, countMask);
            }
            return twice + corrections;
        }

        /// <summary>The corrections of <see cref="CorrectedSum"/>: over every pair of neighbours (j = i − 1),
        /// <c>2 max(0, c_j t_i − c_i t_j)</c>, with vectors, plus those of runs of three or more keys with equal
        /// sorted digits (see <see cref="RunCorrections"/>); −1 when a run is longer than <see cref="MaxRun"/>. Only
        /// neighbours out of order within equal sorted digits add anything. Also returns, in
        /// <paramref name="twice"/>, the running sum <c>2 Σ_i c_i W_i</c> of <see cref="SortedSum"/> over the keys in
        /// their present order: on x86 with AVX2 in the same vector pass, in 64-bit integer lanes (see
        /// <see cref="IntegerNeighbours"/>); elsewhere neighbours are compared with portable vectors of doubles (see
        /// <see cref="PortableNeighbours"/>) and the sum is taken after.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static long Corrections(ReadOnlySpan<ulong> keys, long students, int countBits, ulong countMask, int runShift,
            Span<int> runEnds, out long twice)
        {
            if (keys.Length < 2)
            {
                twice = SortedSum(keys, students, countBits, countMask);
                return 0;
            }
            // Vectors of keys from key 2 on; the runs' ends (vectors holding a key that ends a run of three or more
            // keys with equal sorted digits: a few, if any) listed in runEnds.
            long outOfOrder;
            int width, vectors, ends;
            if (Avx2.IsSupported)
            {
                width = Vector256<ulong>.Count;
                vectors = (keys.Length - 2) / width;
                outOfOrder = IntegerNeighbours(keys, students, countBits, countMask, runShift, runEnds, out ends,
                    out var memberTerms, out var before);
                // The first two keys and those after the last vector, one by one.
                var firstTwo = (long)((keys[1] >> countBits) & countMask) * (students + (long)(keys[0] & countMask))
                    + (long)((keys[0] >> countBits) & countMask) * students;
                twice = 2 * (memberTerms + firstTwo) + SortedSum(keys[(2 + vectors * width)..], before, countBits, countMask);
            }
            else
            {
                width = Vector<ulong>.Count;
                vectors = (keys.Length - 2) / width;
                outOfOrder = PortableNeighbours(keys, countBits, countMask, runShift, runEnds, out ends);
                twice = SortedSum(keys, students, countBits, countMask);
            }
            outOfOrder += Math.Max(0, Term(keys[0], keys[1], countBits, countMask));
            var rest = 2 + vectors * width;
            for (var i = rest; i < keys.Length; i++) outOfOrder += Math.Max(0, Term(keys[i - 1], keys[i], countBits, countMask));
            long runs = 0;
            foreach (var i in runEnds[..ends])
            {
                var run = RunCorrections(keys, 2 + i * width, width, countBits, countMask, runShift);
                if (run < 0) return -1;
                runs += run;
            }
            var last = RunCorrections(keys, rest, keys.Length - rest, countBits, countMask, runShift);
            return last < 0 ? -1 : 2 * outOfOrder + runs + last;
        }

        /// <summary>Over the vectors of keys from key 2 on (each with its neighbours before it and the keys two
        /// before it): <c>Σ max(0, c_j t_i − c_i t_j)</c> over neighbours, the vectors holding a key that ends a run
        /// of three or more keys with equal sorted digits (listed in <paramref name="runEnds"/>, their number in
        /// <paramref name="ends"/>), and <paramref name="memberTerms"/> <c>= Σ c_i W_i</c> with <c>W_i</c> the
        /// students before key i (after <paramref name="students"/>), and the students up to the last vector's end. All in 64-bit integer lanes, with AVX2's
        /// 32 × 32-bit products: counts are below 2^15 and W below 2^31, so every product and sum is exact.</summary>
        private static long IntegerNeighbours(ReadOnlySpan<ulong> keys, long students, int countBits, ulong countMask,
            int runShift, Span<int> runEnds, out int ends, out long memberTerms, out long studentsAfter)
        {
            var current = MemoryMarshal.Cast<ulong, Vector256<ulong>>(keys[2..]);
            var previous = MemoryMarshal.Cast<ulong, Vector256<ulong>>(keys[1..])[..current.Length];
            var twoBefore = MemoryMarshal.Cast<ulong, Vector256<ulong>>(keys)[..current.Length];
            runEnds = runEnds[..(current.Length + 1)];
            var mask = Vector256.Create(countMask);
            var countShift = Vector128.CreateScalar((ulong)countBits);
            var runShiftCount = Vector128.CreateScalar((ulong)runShift);
            // W: the running total before the vector, plus the running sums within it (two lane shifts).
            var studentsBefore = Vector256.Create((ulong)(students + (long)(keys[0] & countMask) + (long)(keys[1] & countMask)));
            var notFirst = Vector256.Create(0UL, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);
            var notFirstTwo = Vector256.Create(0UL, 0UL, ulong.MaxValue, ulong.MaxValue);
            Vector256<ulong> products = Vector256<ulong>.Zero;
            var outOfOrder = Vector256<long>.Zero;
            ends = 0;
            for (var i = 0; i < current.Length; i++)
            {
                var key = current[i];
                var before = previous[i];
                var t = key & mask;
                var x = Avx2.ShiftRightLogical(key, countShift) & mask;
                var tBefore = before & mask;
                var xBefore = Avx2.ShiftRightLogical(before, countShift) & mask;
                var d = Avx2.Multiply(xBefore.AsUInt32(), t.AsUInt32()).AsInt64() - Avx2.Multiply(x.AsUInt32(), tBefore.AsUInt32()).AsInt64();
                outOfOrder += d & Avx2.CompareGreaterThan(d, Vector256<long>.Zero);
                runEnds[ends] = i;
                ends += Vector256.EqualsAny(Avx2.ShiftRightLogical(key, runShiftCount), Avx2.ShiftRightLogical(twoBefore[i], runShiftCount)) ? 1 : 0;
                var running = t + (Avx2.Permute4x64(t, 0b10_01_00_00) & notFirst);
                running += Avx2.Permute4x64(running, 0b01_00_00_00) & notFirstTwo;
                products += Avx2.Multiply(x.AsUInt32(), (studentsBefore + running - t).AsUInt32());
                studentsBefore += Avx2.Permute4x64(running, 0b11_11_11_11);
            }
            memberTerms = (long)Vector256.Sum(products);
            studentsAfter = (long)studentsBefore.GetElement(0);
            return Vector256.Sum(outOfOrder);
        }

        /// <summary><see cref="IntegerNeighbours"/> without the running sums, with portable vectors: the counts as
        /// doubles (below 2^15, so the products are exact).</summary>
        private static long PortableNeighbours(ReadOnlySpan<ulong> keys, int countBits, ulong countMask, int runShift,
            Span<int> runEnds, out int ends)
        {
            var current = MemoryMarshal.Cast<ulong, Vector<ulong>>(keys[2..]);
            var previous = MemoryMarshal.Cast<ulong, Vector<ulong>>(keys[1..])[..current.Length];
            var twoBefore = MemoryMarshal.Cast<ulong, Vector<ulong>>(keys)[..current.Length];
            runEnds = runEnds[..(current.Length + 1)];
            var mask = new Vector<ulong>(countMask);
            // A whole number below 2^52 or'ed into the bits of 2^52 is 2^52 plus it, as a double.
            var exponent = new Vector<ulong>(BitConverter.DoubleToUInt64Bits(RoundingBias));
            var bias = new Vector<double>(RoundingBias);
            var sums = Vector<double>.Zero;
            ends = 0;
            for (var i = 0; i < current.Length; i++)
            {
                var key = current[i];
                var before = previous[i];
                var t = Vector.AsVectorDouble((key & mask) | exponent) - bias;
                var x = Vector.AsVectorDouble(((key >> countBits) & mask) | exponent) - bias;
                var tBefore = Vector.AsVectorDouble((before & mask) | exponent) - bias;
                var xBefore = Vector.AsVectorDouble(((before >> countBits) & mask) | exponent) - bias;
                sums += Vector.MaxNative(xBefore * t - x * tBefore, Vector<double>.Zero);
                runEnds[ends] = i;
                ends += Vector.EqualsAny(key >> runShift, twoBefore[i] >> runShift) ? 1 : 0;
            }
            return (long)Vector.Sum(sums);
        }

        /// <summary><c>c_j t_i − c_i t_j</c> for key j before key i.</summary>
        private static long Term(ulong before, ulong key, int countBits, ulong countMask) =>
            (long)((before >> countBits) & countMask) * (long)(key & countMask)
            - (long)((key >> countBits) & countMask) * (long)(before & countMask);

        /// <summary>For the <paramref name="count"/> keys from <paramref name="first"/> (at least 2) that end a run of
        /// three or more keys with equal sorted digits so far, <c>Σ (|d| − d)</c> over their pairs with the keys
        /// before their neighbour in the run (see <see cref="RunCorrection"/>); −1 when a run is longer than
        /// <see cref="MaxRun"/>.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static long RunCorrections(ReadOnlySpan<ulong> keys, int first, int count, int countBits, ulong countMask, int runShift)
        {
            long runs = 0;
            for (var i = first; i < first + count; i++)
            {
                var upper = keys[i] >> runShift;
                if (upper != keys[i - 2] >> runShift) continue;
                var start = i - 2;
                while (start > 0 && keys[start - 1] >> runShift == upper) start--;
                if (i - start >= MaxRun) return -1;
                var x = (long)((keys[i] >> countBits) & countMask);
                var t = (long)(keys[i] & countMask);
                runs += RunCorrection(keys[start..(i - 1)], x, t, countBits, countMask);
            }
            return runs;
        }

        /// <summary><c>2 Σ_i c_i W_i</c> over keys in order of share, where <c>W_i</c> counts the students before
        /// key i, starting after <paramref name="students"/> students without the group.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static long SortedSum(ReadOnlySpan<ulong> keys, long students, int countBits, ulong countMask)
        {
            long memberTerms = 0;
            foreach (var key in keys)
            {
                var x = (long)((key >> countBits) & countMask);
                memberTerms += x * students;
                students += (long)(key & countMask);
            }
            return 2 * memberTerms;
        }

        /// <summary>Past this many keys with equal sorted share digits, the keys are sorted in full (by whole key, so
        /// by exact share) instead of corrected pair by pair.</summary>
        private const int MaxRun = 16;

        /// <summary>Keys <paramref name="before"/> agree with key (x, t) in their sorted share digits and were summed
        /// before it, which counts each pair as <c>d = x t_j − c_j t</c>; its true term is <c>|d|</c>. Returns
        /// <c>Σ (|d| − d)</c>.</summary>
        private static long RunCorrection(ReadOnlySpan<ulong> before, long x, long t, int countBits, ulong countMask)
        {
            long correction = 0;
            foreach (var key in before)
            {
                var d = x * (long)(key & countMask) - (long)((key >> countBits) & countMask) * t;
                correction += Math.Abs(d) - d;
            }
            return correction;
        }

        /// <summary>The same sum from a plain sort of the shares, for tables too large for packed keys.</summary>
        private double SortedShares(ReadOnlySpan<double> column, ReadOnlySpan<double> totals)
        {
            _shares ??= new double[_keys.Length];
            _items ??= new long[_keys.Length];
            var n = 0;
            for (var u = 0; u < column.Length; u++)
            {
                if (totals[u] == 0) continue;
                _shares[n] = column[u] / totals[u];
                _items[n++] = ((long)column[u] << 32) | (uint)totals[u];
            }
            _shares.AsSpan(0, n).Sort(_items.AsSpan(0, n));
            double sum = 0;
            long students = 0, members = 0;
            for (var k = 0; k < n; k++)
            {
                var x = _items[k] >> 32;
                var t = _items[k] & 0xFFFFFFFFL;
                sum += (double)(x * students) - (double)(t * members);
                students += t;
                members += x;
            }
            return sum;
        }
    }

    internal static double FromPairSums(ReadOnlySpan<double> pairSums, ReadOnlySpan<double> groupTotals, double total)
    {
        if (total <= 0) return double.NaN;
        double interaction = 0, sum = 0;
        for (var g = 0; g < groupTotals.Length; g++)
        {
            var p = groupTotals[g] / total;
            interaction += p * (1 - p);
            sum += pairSums[g];
        }
        return interaction > 0 ? sum / (total * total * interaction) : double.NaN;
    }
}
