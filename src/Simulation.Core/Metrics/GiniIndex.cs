namespace Simulation.Core.Metrics;

/// <summary>
/// The Gini segregation index over units and groups, from a unit × group count matrix, in O(K·U log U).
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
        var totals = new int[units];
        var inverse = new double[units];
        var column = new int[units];
        for (var u = 0; u < units; u++)
        {
            totals[u] = CountMatrix.UnitTotal(counts, groups, u);
            inverse[u] = totals[u] > 0 ? 1.0 / totals[u] : 0;
        }
        var workspace = new Workspace(units);
        workspace.Prepare(totals);
        Span<double> pairSums = stackalloc double[groups];
        var shares = new double[units];
        for (var g = 0; g < groups; g++)
        {
            for (var u = 0; u < units; u++)
            {
                column[u] = counts[u * groups + g];
                shares[u] = column[u] * inverse[u];
            }
            pairSums[g] = workspace.PairSum(column, totals, shares);
        }
        return FromPairSums(pairSums, groupTotals, total);
    }

    /// <summary>Sort buffers for one matrix size, reused across calls.</summary>
    /// <remarks>
    /// <para>Units are ordered by share through 64-bit keys: the IEEE-754 bits of the share (which order non-negative
    /// doubles as their values) with the low mantissa bits replaced by the unit's counts <c>(c, t)</c> — or, for
    /// units of 4,096 students or more, by the unit's index. Two different shares <c>c_i/t_i &lt; c_j/t_j</c> differ
    /// by at least <c>1/(t_i t_j)</c>, relatively more than the bits given up while <c>t_max² &lt; 2^(50 − low
    /// bits)</c>, so the keys keep every strict order; equal shares contribute 0 in any order. The running sums are
    /// exact 64-bit integers (T &lt; 2^31). Larger tables fall back to sorting the shares themselves.</para>
    /// <para>Keys are bucket-sorted on a logarithmic scale (128 buckets per octave down to 2^-14), each key inserted
    /// in order within its bucket, which is linear when no bucket holds more than 32 keys — the usual case;
    /// otherwise every bucket is sorted with <see cref="MemoryExtensions.Sort{T}(Span{T})"/>. About O(U) for real
    /// tables, O(U log U) at worst.</para>
    /// </remarks>
    internal sealed class Workspace(int units)
    {
        private const int PerOctave = 7;
        private const int Octaves = 14;
        private const int Buckets = (Octaves << PerOctave) + 1;
        private const long Lowest = (1023L - Octaves) << PerOctave;

        private readonly ulong[] _unsorted = new ulong[units];
        private readonly ulong[] _keys = new ulong[units];
        private readonly int[] _bucketStart = new int[Buckets + 2];
        private readonly int[] _bucketBegin = new int[Buckets + 2];
        private readonly int _indexBits = Math.Max(1, 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)Math.Max(1, units - 1)));
        private Packing _packing;
        private int _countBits;
        private double[]? _shares;
        private long[]? _items;

        private enum Packing
        {
            /// <summary>The low bits hold the unit's counts (<c>c</c>, <c>t</c>): no look-ups after sorting.</summary>
            Counts,
            /// <summary>The low bits hold the unit's index.</summary>
            Index,
            /// <summary>Units too large for packed keys: sort the shares themselves.</summary>
            None,
        }

        /// <summary>Chooses the key layout for the next matrix from its unit totals.</summary>
        public void Prepare(ReadOnlySpan<int> totals)
        {
            long largest = 0, total = 0;
            foreach (var t in totals)
            {
                largest = Math.Max(largest, t);
                total += t;
            }
            _countBits = 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)largest);
            var square = (double)largest * largest;
            _packing = total > int.MaxValue ? Packing.None
                : square < Math.ScaleB(1, 50 - 2 * _countBits) ? Packing.Counts
                : square < Math.ScaleB(1, 50 - _indexBits) ? Packing.Index
                : Packing.None;
        }

        /// <summary><c>Σ_{i&lt;j} t_i t_j |p_i − p_j|</c> for one group's counts <paramref name="column"/>.</summary>
        /// <param name="totals">Students per unit, as given to <see cref="Prepare"/>.</param>
        /// <param name="shares">The group's share of each unit, computed as <c>c · (1/t)</c>: within two units in the
        /// last place of <c>c / t</c>, far below the gap between different shares.</param>
        public double PairSum(ReadOnlySpan<int> column, ReadOnlySpan<int> totals, ReadOnlySpan<double> shares)
        {
            if (_packing == Packing.None) return SortedShares(column, totals);
            var byCounts = _packing == Packing.Counts;
            var countBits = _countBits;
            var lowBits = byCounts ? 2 * countBits : _indexBits;
            var lowMask = (1UL << lowBits) - 1;
            var countMask = (1UL << countBits) - 1;
            var starts = _bucketStart.AsSpan();
            var unsorted = _unsorted.AsSpan();
            var keys = _keys.AsSpan();
            starts.Clear();
            // Units without the group (empty ones too) sort first and add nothing but their students to the
            // running total.
            long students = 0;
            int n = 0, first = Buckets, last = 0;
            for (var u = 0; u < column.Length; u++)
            {
                var x = column[u];
                if (x == 0)
                {
                    students += totals[u];
                    continue;
                }
                var low = byCounts ? ((ulong)x << countBits) | (uint)totals[u] : (uint)u;
                var key = (BitConverter.DoubleToUInt64Bits(shares[u]) & ~lowMask) | low;
                unsorted[n++] = key;
                var bucket = Bucket(key);
                starts[bucket + 2]++;
                first = Math.Min(first, bucket);
                last = Math.Max(last, bucket);
            }
            var running = 0;
            var largestBucket = 0;
            for (var b = first + 2; b <= last + 2; b++)
            {
                largestBucket = Math.Max(largestBucket, starts[b]);
                running += starts[b];
                starts[b] = running;
            }
            if (largestBucket <= 32)
            {
                // Place each key into its bucket in order (insertion within the bucket): linear while buckets are small.
                if (n > 0) starts[(first + 1)..(last + 2)].CopyTo(_bucketBegin.AsSpan(first + 1));
                foreach (var key in unsorted[..n])
                {
                    var b = Bucket(key) + 1;
                    var at = starts[b]++;
                    var begin = _bucketBegin[b];
                    for (; at > begin && keys[at - 1] > key; at--) keys[at] = keys[at - 1];
                    keys[at] = key;
                }
            }
            else
            {
                foreach (var key in unsorted[..n]) keys[starts[Bucket(key) + 1]++] = key;
                for (var b = first; b <= last; b++)
                {
                    var length = starts[b + 1] - starts[b];
                    if (length > 1) keys.Slice(starts[b], length).Sort();
                }
            }

            // Σ_i (c_i W_i − t_i S_i) as two exact integer sums, each at most T².
            long memberTerms = 0, studentTerms = 0, members = 0;
            foreach (var key in keys[..n])
            {
                long x, t;
                if (byCounts)
                {
                    x = (long)((key >> countBits) & countMask);
                    t = (long)(key & countMask);
                }
                else
                {
                    var u = (int)(key & lowMask);
                    x = column[u];
                    t = totals[u];
                }
                memberTerms += x * students;
                studentTerms += t * members;
                students += t;
                members += x;
            }
            return memberTerms - studentTerms;
        }

        private static int Bucket(ulong key)
        {
            var b = (long)(key >> (52 - PerOctave)) - Lowest + 1;
            return b <= 0 ? 0 : (int)Math.Min(b, Buckets - 1);
        }

        /// <summary>The same sum from a plain sort of the shares, for tables too large for packed keys.</summary>
        private double SortedShares(ReadOnlySpan<int> column, ReadOnlySpan<int> totals)
        {
            _shares ??= new double[_keys.Length];
            _items ??= new long[_keys.Length];
            var n = 0;
            for (var u = 0; u < column.Length; u++)
            {
                if (totals[u] == 0) continue;
                _shares[n] = (double)column[u] / totals[u];
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
