using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Simulation.Core.Metrics;

/// <summary>
/// Every integration index of a unit × group count matrix, computed together into buffers allocated once: the
/// multigroup indices, each group against the rest, exposure, local scores and representativeness.
/// </summary>
/// <remarks>
/// <para>The definitions, references and degenerate cases are those of <see cref="DissimilarityIndex"/>,
/// <see cref="GiniIndex"/>, <see cref="TheilIndex"/>, <see cref="LocalSegregation"/>, <see cref="ExposureIndex"/>
/// and <see cref="Representativeness"/>; this type only shares their work. A pass over the rows sums each unit's
/// students; passes over the columns (two groups at a time) copy the matrix into columns of doubles, so that every
/// other pass runs over contiguous units, most of them with SIMD vectors (<see cref="Vector{T}"/>), and sum each
/// cell's entropy terms <c>c ln c</c> (per unit and per group) and <c>(t − c) ln(t − c)</c> (per group) from tables of
/// <c>k ln k</c>, so no logarithm is taken per cell: <c>M·T = Σ c ln c − Σ_u t ln t − Σ_g G ln G + T ln T</c>. One
/// vector pass per group then gives its dissimilarity and its representativeness, one pass over all the columns the
/// local scores, and exposure takes up to four dot products per pass. Results agree with the single-index functions to 1e-12 relative (tested);
/// representativeness is decided exactly, as there.</para>
/// <para>After <see cref="Compute"/> the properties describe the last matrix. <see cref="Compute"/> allocates only
/// when a unit holds more students than any unit seen before (the tables grow). Not thread-safe: one profile
/// per thread. Cost for 2,000 units × 5 groups: see <c>benchmarks/README.md</c>.</para>
/// </remarks>
public sealed class IntegrationProfile
{
    private readonly double[] _bands;
    private readonly double[] _columns, _students, _inverse, _logStudents, _studentEntropy, _unitEntropy, _studentsTimesTotal;
    private readonly double[] _gaps, _largestGap;
    private readonly double[] _groupTotals, _logGroupTotals, _groupShares, _pairSums, _cellEntropySums, _restEntropySums;
    private readonly double[] _dissimilarityVsRest, _giniVsRest, _mVsRest, _hVsRest, _localByGroup, _correlationRatio;
    private readonly double[] _localByUnit, _unitWeights, _exposure;
    private readonly double[][] _representativeUnits, _representativeStudents;
    private readonly double[] _representativeUnitsAll, _representativeStudentsAll;
    private readonly int[] _unitTotals;
    private readonly GiniIndex.Workspace _gini;
    private double[] _log = [0], _xLogX = [0];

    /// <param name="units">Rows of the matrices this profile computes.</param>
    /// <param name="groups">Columns (groups), at least 1.</param>
    /// <param name="bands">Representativeness bands in percentage points; null for
    /// <see cref="Representativeness.DefaultBands"/>.</param>
    public IntegrationProfile(int units, int groups, IReadOnlyList<double>? bands = null)
    {
        Preconditions.NonNegative(units, nameof(units));
        Preconditions.Check(groups > 0, nameof(groups), "at least one group");
        Units = units;
        Groups = groups;
        _bands = [.. bands ?? Representativeness.DefaultBands];
        foreach (var b in _bands) Preconditions.Check(b is >= 0 and <= 100, nameof(bands), "bands are percentage points within [0, 100]");
        _columns = new double[units * groups];
        _students = new double[units];
        _unitTotals = new int[units];
        _inverse = new double[units];
        _logStudents = new double[units];
        _studentEntropy = new double[units];
        _unitEntropy = new double[units];
        _studentsTimesTotal = new double[units];
        _gaps = new double[units];
        _largestGap = new double[units];
        _groupTotals = new double[groups];
        _logGroupTotals = new double[groups];
        _groupShares = new double[groups];
        _pairSums = new double[groups];
        _cellEntropySums = new double[groups];
        _restEntropySums = new double[groups];
        _dissimilarityVsRest = new double[groups];
        _giniVsRest = new double[groups];
        _mVsRest = new double[groups];
        _hVsRest = new double[groups];
        _localByGroup = new double[groups];
        _correlationRatio = new double[groups];
        _localByUnit = new double[units];
        _unitWeights = new double[units];
        _exposure = new double[groups * groups];
        _representativeUnits = [.. _bands.Select(_ => new double[groups])];
        _representativeStudents = [.. _bands.Select(_ => new double[groups])];
        _representativeUnitsAll = new double[_bands.Length];
        _representativeStudentsAll = new double[_bands.Length];
        _gini = new GiniIndex.Workspace(units);
    }

    public int Units { get; }
    public int Groups { get; }

    /// <summary>The representativeness bands, in percentage points.</summary>
    public IReadOnlyList<double> Bands => _bands;

    /// <summary>T, all students.</summary>
    public double Students { get; private set; }

    /// <summary>Students per group.</summary>
    public ReadOnlySpan<double> GroupTotals => _groupTotals;

    /// <summary>Multigroup dissimilarity D.</summary>
    public double Dissimilarity { get; private set; }

    /// <summary>Per group, D of the group against all other students.</summary>
    public ReadOnlySpan<double> DissimilarityVsRest => _dissimilarityVsRest;

    /// <summary>Multigroup Gini index.</summary>
    public double Gini { get; private set; }

    /// <summary>Per group, the Gini index of the group against all other students.</summary>
    public ReadOnlySpan<double> GiniVsRest => _giniVsRest;

    /// <summary>E, the entropy (nats) of the group marginal.</summary>
    public double Entropy { get; private set; }

    /// <summary>M, mutual information (nats).</summary>
    public double MutualInformation { get; private set; }

    /// <summary>Theil's H = M / E.</summary>
    public double TheilH { get; private set; }

    /// <summary>Per group, M of the group against all other students.</summary>
    public ReadOnlySpan<double> MutualInformationVsRest => _mVsRest;

    /// <summary>Per group, H of the group against all other students (M over the binary entropy).</summary>
    public ReadOnlySpan<double> TheilHVsRest => _hVsRest;

    /// <summary>Per unit, the local segregation score <c>ls_u</c> (NaN for an empty unit).</summary>
    public ReadOnlySpan<double> LocalByUnit => _localByUnit;

    /// <summary>Per unit, its share of students <c>p_u</c>.</summary>
    public ReadOnlySpan<double> UnitWeights => _unitWeights;

    /// <summary>Per group, the local segregation score <c>ls_g</c> (NaN for a group without students).</summary>
    public ReadOnlySpan<double> LocalByGroup => _localByGroup;

    /// <summary>Per group, its share of students <c>P_g</c>.</summary>
    public ReadOnlySpan<double> GroupShares => _groupShares;

    /// <summary>The exposure matrix, <c>[x * groups + y] = xPy</c>; isolation on the diagonal.</summary>
    public ReadOnlySpan<double> Exposure => _exposure;

    /// <summary>Per group, the correlation ratio V.</summary>
    public ReadOnlySpan<double> CorrelationRatio => _correlationRatio;

    /// <summary>Normalized exposure over all groups.</summary>
    public double NormalizedExposure { get; private set; }

    /// <summary>Per group, the share of non-empty units within ±<see cref="Bands"/>[band] points.</summary>
    public ReadOnlySpan<double> RepresentativeUnitShare(int band) => _representativeUnits[band];

    /// <summary>Per group, the share of students in units within ±<see cref="Bands"/>[band] points.</summary>
    public ReadOnlySpan<double> RepresentativeStudentShare(int band) => _representativeStudents[band];

    /// <summary>The share of non-empty units within the band for every group at once.</summary>
    public double RepresentativeUnitShareAllGroups(int band) => _representativeUnitsAll[band];

    /// <summary>The share of students in units within the band for every group at once.</summary>
    public double RepresentativeStudentShareAllGroups(int band) => _representativeStudentsAll[band];

    /// <summary>Computes every index of <paramref name="counts"/> (units × groups, row-major).</summary>
    /// <exception cref="ArgumentException">The length is not units × groups, a count is negative, or a unit holds
    /// more than 2^31 − 1 students.</exception>
    public void Compute(ReadOnlySpan<int> counts)
    {
        if (counts.Length != Units * Groups)
            throw new ArgumentException($"counts must be {Units} units × {Groups} groups", nameof(counts));
        int units = Units, groups = Groups;

        var (smallestCell, largestCell) = Range(counts);
        Preconditions.Check(smallestCell >= 0, nameof(counts), "counts must be ≥ 0");

        var (empty, largest, studentEntropy) = RowPass(counts, largestCell);
        double total = 0;
        for (var g = 0; g < groups; g++) total += _groupTotals[g];
        Students = total;
        var logTotal = total > 0 ? Math.Log(total) : 0;
        UnitPass(total);

        double entropy = 0, interaction = 0;
        for (var g = 0; g < groups; g++)
        {
            var n = _groupTotals[g];
            _logGroupTotals[g] = n > 0 ? Math.Log(n) : 0;
            var p = total > 0 ? n / total : 0;
            _groupShares[g] = p;
            interaction += p * (1 - p);
            if (n > 0) entropy -= p * (_logGroupTotals[g] - logTotal);
        }
        Entropy = total > 0 ? entropy : double.NaN;

        // Gini's pair sums first, one group after another, while the sort buffers stay in cache.
        _gini.Prepare(largest, total);
        for (var g = 0; g < groups; g++) _pairSums[g] = _gini.PairSum(Column(_columns, g), _groupTotals[g], _students, _inverse);

        // Per group: the vector pass, then the indices of the group against the rest.
        _largestGap.AsSpan().Clear();
        double deviationSum = 0;
        for (var g = 0; g < groups; g++)
        {
            var (deviation, withLogUnit) = GroupPass(g, total);
            deviationSum += deviation;

            var n = _groupTotals[g];
            var share = _groupShares[g];
            var binary = share * (1 - share);
            var defined = n > 0 && n < total;
            _dissimilarityVsRest[g] = defined ? deviation / (2 * total * binary) : double.NaN;
            _giniVsRest[g] = defined ? _pairSums[g] / (total * total * binary) : double.NaN;
            if (defined)
            {
                // M·T = Σ_u [c ln c + (t − c) ln(t − c) − t ln t] − G ln G − (T − G) ln(T − G) + T ln T.
                var rest = total - n;
                var logRest = Math.Log(rest);
                var withRest = _cellEntropySums[g] + _restEntropySums[g] - studentEntropy;
                var m = (withRest - n * _logGroupTotals[g] - rest * logRest + total * logTotal) / total;
                var binaryEntropy = -(share * (_logGroupTotals[g] - logTotal) + (1 - share) * (logRest - logTotal));
                _mVsRest[g] = Math.Max(0, m);
                _hVsRest[g] = _mVsRest[g] / binaryEntropy;
            }
            else
            {
                _mVsRest[g] = total > 0 ? 0 : double.NaN;
                _hVsRest[g] = double.NaN;
            }
            // ls_g · G = Σ_u (c ln c − c ln t) − G ln G + G ln T.
            var withUnit = _cellEntropySums[g] - withLogUnit;
            _localByGroup[g] = n > 0 ? Math.Max(0, (withUnit - n * _logGroupTotals[g] + n * logTotal) / n) : double.NaN;
        }
        Dissimilarity = total > 0 && interaction > 0 ? deviationSum / (2 * total * interaction) : double.NaN;
        Gini = GiniIndex.FromPairSums(_pairSums, _groupTotals, total);

        var numerator = LocalByUnitPass(logTotal);
        if (empty > 0)
            for (var u = 0; u < units; u++)
                if (_students[u] == 0) _localByUnit[u] = double.NaN;
        MutualInformation = total > 0 ? Math.Max(0, numerator / total) : double.NaN;
        TheilH = entropy > 0 ? MutualInformation / entropy : double.NaN;

        // Exposure: S[x, y] = Σ_u c_ux c_uy / t_u as dot products of columns, up to four per pass.
        for (var x = 0; x < groups; x++)
            for (var y = x; y < groups; y += CrossSumsPerPass)
                CrossSums(x, y, Math.Min(CrossSumsPerPass, groups - y));
        NormalizedExposure = ExposureIndex.NormalizedExposure(_exposure, _groupTotals, total);
        ExposureIndex.FromCrossSums(_exposure, _groupTotals);
        for (var g = 0; g < groups; g++)
            _correlationRatio[g] = ExposureIndex.CorrelationRatio(_exposure[g * groups + g], _groupTotals[g], total);

        // Representativeness of all groups at once: the largest gap of each unit within the band. Empty units have
        // gap 0 ≤ 0 and count as inside in the vector passes; they are taken off here.
        var nonEmpty = units - empty;
        WithinBands(_largestGap, 0, _representativeUnitsAll, _representativeStudentsAll);
        for (var b = 0; b < _bands.Length; b++)
        {
            _representativeUnitsAll[b] = total > 0 ? (_representativeUnitsAll[b] - empty) / nonEmpty : double.NaN;
            _representativeStudentsAll[b] = total > 0 ? _representativeStudentsAll[b] / total : double.NaN;
            for (var g = 0; g < groups; g++)
            {
                _representativeUnits[b][g] = total > 0 ? (_representativeUnits[b][g] - empty) / nonEmpty : double.NaN;
                _representativeStudents[b][g] = total > 0 ? _representativeStudents[b][g] / total : double.NaN;
            }
        }
    }

    /// <summary>The count columns (as doubles, one per group), each unit's students and their <c>ln t</c> and
    /// <c>t ln t</c>, each unit's <c>Σ_g c ln c</c>, and each group's students and sums of <c>c ln c</c> and
    /// <c>(t − c) ln(t − c)</c>, all from tables of <c>k ln k</c> and <c>ln k</c> (no logarithm per cell): one pass
    /// over the rows for the unit totals, then one over each pair of groups' columns (the unit's total and entropy
    /// read once for both), whose sums stay in registers. Returns the empty units, the largest unit and
    /// <c>Σ_u t ln t</c>.</summary>
    /// <remarks>The cells and the table entries are read without bounds checks, each within its array: a cell's
    /// index is below units × groups (the length checked in <see cref="Compute"/>), and a table index is a count c
    /// or t − c of a unit, within [0, t] as the counts are ≥ 0 (checked), where t is at most the largest unit, which
    /// the tables cover. The unit totals are exact: no unit can exceed 2^31 − 1 students while no cell exceeds
    /// (2^31 − 1) / groups; a larger cell has the totals summed in 64 bits and checked.</remarks>
    private (int Empty, int Largest, double StudentEntropy) RowPass(ReadOnlySpan<int> counts, int largestCell)
    {
        int units = Units, groups = Groups;
        if (units == 0)
        {
            // No cells: nothing to refer to (the references below point at a unit's cells).
            _groupTotals.AsSpan().Clear();
            _cellEntropySums.AsSpan().Clear();
            _restEntropySums.AsSpan().Clear();
            return (0, 0, 0);
        }
        var unitTotals = _unitTotals.AsSpan(0, units);
        ref var cell = ref MemoryMarshal.GetReference(counts);
        if (largestCell > int.MaxValue / groups) CheckedUnitTotals(counts);
        var (empty, largest) = UnitTotals(ref cell, groups, unitTotals);
        EnsureLogTable(largest);
        var table = _xLogX.AsSpan(0, largest + 1);
        var logTable = _log.AsSpan(0, largest + 1);
        var studentEntropy = _studentEntropy.AsSpan(0, unitTotals.Length);
        UnitLookups(unitTotals, _students, _logStudents, studentEntropy, logTable, table);
        // Two groups per pass where possible: the unit's total and entropy are read once for both. The first pass
        // sets each unit's entropy, the others add to it.
        var g = 0;
        for (; g + 1 < groups; g += 2)
        {
            var sums = g == 0
                ? PairColumns<Yes>(ref Unsafe.Add(ref cell, g), groups, Column(_columns, g), Column(_columns, g + 1), unitTotals, _unitEntropy, table)
                : PairColumns<No>(ref Unsafe.Add(ref cell, g), groups, Column(_columns, g), Column(_columns, g + 1), unitTotals, _unitEntropy, table);
            (_cellEntropySums[g], _restEntropySums[g], _groupTotals[g]) = (sums.Cells0, sums.Rest0, sums.Members0);
            (_cellEntropySums[g + 1], _restEntropySums[g + 1], _groupTotals[g + 1]) = (sums.Cells1, sums.Rest1, sums.Members1);
        }
        if (g < groups)
        {
            var sums = g == 0
                ? OneColumn<Yes>(ref Unsafe.Add(ref cell, g), groups, Column(_columns, g), unitTotals, _unitEntropy, table)
                : OneColumn<No>(ref Unsafe.Add(ref cell, g), groups, Column(_columns, g), unitTotals, _unitEntropy, table);
            (_cellEntropySums[g], _restEntropySums[g], _groupTotals[g]) = (sums.Cells0, sums.Rest0, sums.Members0);
        }
        return (empty, largest, Sum(studentEntropy));
    }

    /// <summary>The sums of one pass of <see cref="RowPass"/> over two groups' columns.</summary>
    private readonly record struct PairSums(double Cells0, double Rest0, double Members0, double Cells1, double Rest1, double Members1);

    /// <summary>Two groups' columns from the cells at <paramref name="cell"/> (the first group's cell of the first
    /// unit, a unit every <paramref name="groups"/> cells): each cell as a double, its <c>c ln c</c> added to the
    /// unit's entropy (or, with <typeparamref name="TFirst"/>, set as it), and the groups' sums; see
    /// <see cref="RowPass"/> for why the reads are within their arrays.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // its own registers: inlined, the loop's state spills
    private static PairSums PairColumns<TFirst>(ref int cell, nint groups, Span<double> first, Span<double> second,
        ReadOnlySpan<int> totals, Span<double> entropy, ReadOnlySpan<double> table) where TFirst : struct, IChoice
    {
        second = second[..first.Length];
        totals = totals[..first.Length];
        entropy = entropy[..first.Length];
        ref var tableStart = ref MemoryMarshal.GetReference(table);
        double cells0 = 0, rest0 = 0, cells1 = 0, rest1 = 0, members0 = 0, members1 = 0;
        // The unit's cells by their index from the first (never a reference past the matrix).
        nint at = 0;
        for (var u = 0; u < first.Length; u++, at += groups)
        {
            int c0 = Unsafe.Add(ref cell, at), c1 = Unsafe.Add(ref cell, at + 1);
            double x0 = c0, x1 = c1;
            members0 += x0;
            members1 += x1;
            first[u] = x0;
            second[u] = x1;
            double l0 = Unsafe.Add(ref tableStart, (uint)c0), l1 = Unsafe.Add(ref tableStart, (uint)c1);
            cells0 += l0;
            cells1 += l1;
            entropy[u] = TFirst.Holds ? l0 + l1 : entropy[u] + (l0 + l1);
            var t = totals[u];
            rest0 += Unsafe.Add(ref tableStart, (uint)(t - c0));
            rest1 += Unsafe.Add(ref tableStart, (uint)(t - c1));
        }
        return new PairSums(cells0, rest0, members0, cells1, rest1, members1);
    }

    /// <summary><see cref="PairColumns{TFirst}"/> for one group's column (the sums of the second are 0).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static PairSums OneColumn<TFirst>(ref int cell, nint groups, Span<double> column, ReadOnlySpan<int> totals,
        Span<double> entropy, ReadOnlySpan<double> table) where TFirst : struct, IChoice
    {
        totals = totals[..column.Length];
        entropy = entropy[..column.Length];
        ref var tableStart = ref MemoryMarshal.GetReference(table);
        double cells = 0, rest = 0, members = 0;
        nint at = 0;
        for (var u = 0; u < column.Length; u++, at += groups)
        {
            var c = Unsafe.Add(ref cell, at);
            double x = c;
            members += x;
            column[u] = x;
            var cLogC = Unsafe.Add(ref tableStart, (uint)c);
            cells += cLogC;
            entropy[u] = TFirst.Holds ? cLogC : entropy[u] + cLogC;
            rest += Unsafe.Add(ref tableStart, (uint)(totals[u] - c));
        }
        return new PairSums(cells, rest, members, 0, 0, 0);
    }

    /// <summary>Per unit, its students <c>t</c> as a double, <c>ln t</c> and <c>t ln t</c> from the tables.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UnitLookups(ReadOnlySpan<int> unitTotals, Span<double> students, Span<double> logStudents,
        Span<double> studentEntropy, ReadOnlySpan<double> logTable, ReadOnlySpan<double> table)
    {
        students = students[..unitTotals.Length];
        logStudents = logStudents[..unitTotals.Length];
        studentEntropy = studentEntropy[..unitTotals.Length];
        for (var u = 0; u < unitTotals.Length; u++)
        {
            var t = unitTotals[u];
            students[u] = t;
            logStudents[u] = logTable[t];
            studentEntropy[u] = table[t];
        }
    }

    /// <summary>Each unit's students from its row of <paramref name="groups"/> cells from <paramref name="cell"/>
    /// on; returns the empty units and the largest unit.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (int Empty, int Largest) UnitTotals(ref int cell, int groups, Span<int> unitTotals)
    {
        int empty = 0, largest = 0;
        nint at = 0;
        for (var u = 0; u < unitTotals.Length; u++)
        {
            var t = 0;
            var end = at + groups;
            for (; at + 4 <= end; at += 4)
                t += Unsafe.Add(ref cell, at) + Unsafe.Add(ref cell, at + 1) + Unsafe.Add(ref cell, at + 2) + Unsafe.Add(ref cell, at + 3);
            for (; at < end; at++) t += Unsafe.Add(ref cell, at);
            unitTotals[u] = t;
            empty += t == 0 ? 1 : 0;
            largest = Math.Max(largest, t);
        }
        return (empty, largest);
    }

    /// <summary>Each unit's students summed in 64 bits, for cells large enough that a unit could exceed
    /// 2^31 − 1 students, which it may not.</summary>
    private void CheckedUnitTotals(ReadOnlySpan<int> counts)
    {
        for (var u = 0; u < Units; u++)
        {
            long t = 0;
            foreach (var c in counts.Slice(u * Groups, Groups)) t += c;
            Preconditions.Check(t <= int.MaxValue, "counts", $"unit {u} has {t} students; at most {int.MaxValue} are supported");
        }
    }

    /// <summary>One group's vector pass: returns <c>Σ_u |c − t P|</c> (as <c>Σ_u |c T − t G| / T</c>) and
    /// <c>Σ_u c ln t</c>; computes each unit's gap <c>|c T − t G|</c> (exact integers), keeps its largest and counts
    /// the units and students within each representativeness band.</summary>
    private (double Deviation, double WithLogUnit) GroupPass(int g, double total) =>
        _bands.Length > 2 ? GroupPass<Yes>(g, total) : GroupPass<No>(g, total);

    /// <summary>A choice made when a method is compiled, as a type.</summary>
    private interface IChoice
    {
        static abstract bool Holds { get; }
    }

    private struct Yes : IChoice
    {
        public static bool Holds => true;
    }

    private struct No : IChoice
    {
        public static bool Holds => false;
    }

    /// <summary><see cref="GroupPass(int, double)"/>, storing the gaps for the bands after the first two only where
    /// there are such bands (<typeparamref name="TStoreGaps"/>).</summary>
    private (double Deviation, double WithLogUnit) GroupPass<TStoreGaps>(int g, double total) where TStoreGaps : struct, IChoice
    {
        var columns = Column(_columns, g);
        var groupTotal = _groupTotals[g];
        var bandCount = _bands.Length;
        // Every span as long as the columns', so that the loop needs no bounds checks.
        var c = MemoryMarshal.Cast<double, Vector<double>>(columns);
        var t = MemoryMarshal.Cast<double, Vector<double>>(_students.AsSpan())[..c.Length];
        var logT = MemoryMarshal.Cast<double, Vector<double>>(_logStudents.AsSpan())[..c.Length];
        var gaps = MemoryMarshal.Cast<double, Vector<double>>(_gaps.AsSpan())[..c.Length];
        var largest = MemoryMarshal.Cast<double, Vector<double>>(_largestGap.AsSpan())[..c.Length];
        double band0 = bandCount > 0 ? _bands[0] : 0, band1 = bandCount > 1 ? _bands[1] : 0;
        var totalVector = new Vector<double>(total);
        var groupTotalVector = new Vector<double>(groupTotal);
        var percent = new Vector<double>(100.0);
        Vector<double> band0Vector = new(band0), band1Vector = new(band1);
        // Σ_u |c − t P| = Σ_u |c T − t G| / T: the dissimilarity's deviations are the gaps, summed exactly (whole
        // numbers below 2^53). The gaps are stored for the bands after the first two, if any. The first two bands'
        // limits X t T are computed here as in WithinBands (the same products, so the same doubles).
        Vector<double> gapSum = Vector<double>.Zero, withLogUnit = Vector<double>.Zero;
        // Units within a band are counted by subtracting the comparison's all-ones lanes (−1).
        Vector<long> inside0 = Vector<long>.Zero, inside1 = Vector<long>.Zero;
        Vector<double> students0 = Vector<double>.Zero, students1 = Vector<double>.Zero;
        for (var i = 0; i < c.Length; i++)
        {
            var ci = c[i];
            var ti = t[i];
            withLogUnit += ci * logT[i];
            var gap = Vector.Abs(ci * totalVector - ti * groupTotalVector);
            gapSum += gap;
            if (TStoreGaps.Holds) gaps[i] = gap;
            largest[i] = Vector.MaxNative(largest[i], gap);
            var scaled = gap * percent;
            var studentsTimesTotal = ti * totalVector;
            var mask0 = Vector.LessThanOrEqual(scaled, studentsTimesTotal * band0Vector);
            var mask1 = Vector.LessThanOrEqual(scaled, studentsTimesTotal * band1Vector);
            inside0 -= mask0;
            students0 += Vector.AsVectorDouble(mask0) & ti;
            inside1 -= mask1;
            students1 += Vector.AsVectorDouble(mask1) & ti;
        }
        double sum = Vector.Sum(gapSum), logUnit = Vector.Sum(withLogUnit);
        double units0 = Vector.Sum(inside0), units1 = Vector.Sum(inside1);
        double members0 = Vector.Sum(students0), members1 = Vector.Sum(students1);
        for (var u = c.Length * Vector<double>.Count; u < Units; u++)
        {
            double x = columns[u], n = _students[u];
            logUnit += x * _logStudents[u];
            var gap = Math.Abs(x * total - n * groupTotal);
            sum += gap;
            _gaps[u] = gap;
            _largestGap[u] = Math.Max(_largestGap[u], gap);
            var scaled = gap * 100.0;
            var studentsTimesTotal = n * total;
            if (scaled <= studentsTimesTotal * band0) (units0, members0) = (units0 + 1, members0 + n);
            if (scaled <= studentsTimesTotal * band1) (units1, members1) = (units1 + 1, members1 + n);
        }
        if (bandCount > 0) (_representativeUnits[0][g], _representativeStudents[0][g]) = (units0, members0);
        if (bandCount > 1) (_representativeUnits[1][g], _representativeStudents[1][g]) = (units1, members1);
        if (bandCount > 2)
        {
            Span<double> inside = stackalloc double[bandCount];
            Span<double> insideStudents = stackalloc double[bandCount];
            WithinBands(_gaps, 2, inside, insideStudents);
            for (var b = 2; b < bandCount; b++)
                (_representativeUnits[b][g], _representativeStudents[b][g]) = (inside[b], insideStudents[b]);
        }
        return (total > 0 ? sum / total : 0, logUnit);
    }

    /// <summary>Local scores by unit, <c>ls_u · t = Σ_g c ln c − Σ_g c ln G − t ln t + t ln T</c> (<c>Σ_g c ln G</c>
    /// from all the columns in one pass); returns <c>Σ_u t_u ls_u = M·T</c>.</summary>
    private double LocalByUnitPass(double logTotal)
    {
        var width = Vector<double>.Count;
        var vectors = Units / width;
        var entropy = MemoryMarshal.Cast<double, Vector<double>>(_unitEntropy.AsSpan());
        var t = MemoryMarshal.Cast<double, Vector<double>>(_students.AsSpan());
        var tLogT = MemoryMarshal.Cast<double, Vector<double>>(_studentEntropy.AsSpan());
        var inverse = MemoryMarshal.Cast<double, Vector<double>>(_inverse.AsSpan());
        var local = MemoryMarshal.Cast<double, Vector<double>>(_localByUnit.AsSpan());
        // Σ_g c ln G from the columns, in the order of the groups: the vector i of column g starts at
        // g · units + i · width, below groups · units less a vector's width.
        var groups = Groups;
        var logGroupTotals = _logGroupTotals.AsSpan(0, groups);
        ref var columns = ref MemoryMarshal.GetArrayDataReference(_columns);
        var sum = Vector<double>.Zero;
        for (var i = 0; i < vectors; i++)
        {
            var logShares = Vector<double>.Zero;
            var at = (nuint)(i * width);
            foreach (var logGroupTotal in logGroupTotals)
            {
                logShares += Vector.LoadUnsafe(ref columns, at) * new Vector<double>(logGroupTotal);
                at += (nuint)Units;
            }
            var numerator = entropy[i] - logShares - tLogT[i] + t[i] * logTotal;
            sum += numerator;
            local[i] = Vector.Max(numerator * inverse[i], Vector<double>.Zero);
        }
        var total = Vector.Sum(sum);
        for (var u = vectors * width; u < Units; u++)
        {
            double logShares = 0;
            for (var g = 0; g < groups; g++) logShares += _columns[g * Units + u] * logGroupTotals[g];
            var numerator = _unitEntropy[u] - logShares - _studentEntropy[u] + _students[u] * logTotal;
            total += numerator;
            _localByUnit[u] = Math.Max(0, numerator * _inverse[u]);
        }
        return total;
    }

    private const int CrossSumsPerPass = 4;

    /// <summary>The exposure cross sums <c>S[x, y] = Σ_u c_ux c_uy / t_u</c> for <paramref name="count"/> (1 to
    /// <see cref="CrossSumsPerPass"/>) groups y from <paramref name="first"/> on, in one pass.</summary>
    private void CrossSums(int x, int first, int count)
    {
        var groups = Groups;
        var cx = MemoryMarshal.Cast<double, Vector<double>>(Column(_columns, x));
        var inverse = MemoryMarshal.Cast<double, Vector<double>>(_inverse.AsSpan(0, Units));
        // Fewer than four columns repeat the last one; its extra sums are not stored.
        var c0 = MemoryMarshal.Cast<double, Vector<double>>(Column(_columns, first));
        var c1 = MemoryMarshal.Cast<double, Vector<double>>(Column(_columns, first + Math.Min(1, count - 1)));
        var c2 = MemoryMarshal.Cast<double, Vector<double>>(Column(_columns, first + Math.Min(2, count - 1)));
        var c3 = MemoryMarshal.Cast<double, Vector<double>>(Column(_columns, first + Math.Min(3, count - 1)));
        Vector<double> s0 = Vector<double>.Zero, s1 = Vector<double>.Zero, s2 = Vector<double>.Zero, s3 = Vector<double>.Zero;
        for (var i = 0; i < cx.Length; i++)
        {
            var weighted = cx[i] * inverse[i];
            s0 += weighted * c0[i];
            s1 += weighted * c1[i];
            s2 += weighted * c2[i];
            s3 += weighted * c3[i];
        }
        Span<double> sums = [Vector.Sum(s0), Vector.Sum(s1), Vector.Sum(s2), Vector.Sum(s3)];
        var columnX = Column(_columns, x);
        for (var u = cx.Length * Vector<double>.Count; u < Units; u++)
        {
            var weighted = columnX[u] * _inverse[u];
            for (var k = 0; k < count; k++) sums[k] += weighted * _columns[(first + k) * Units + u];
        }
        for (var k = 0; k < count; k++) _exposure[x * groups + first + k] = _exposure[(first + k) * groups + x] = sums[k];
    }

    /// <summary>Per band from <paramref name="firstBand"/> on, the units (empty ones included) whose gap is within
    /// it, <c>100 · gap ≤ X t T</c>, and their students; two bands per pass over the gaps.</summary>
    private void WithinBands(ReadOnlySpan<double> gaps, int firstBand, Span<double> units, Span<double> students)
    {
        var g = MemoryMarshal.Cast<double, Vector<double>>(gaps);
        var t = MemoryMarshal.Cast<double, Vector<double>>(_students.AsSpan())[..g.Length];
        var tT = MemoryMarshal.Cast<double, Vector<double>>(_studentsTimesTotal.AsSpan())[..g.Length];
        var percent = new Vector<double>(100.0);
        for (var b = firstBand; b < _bands.Length; b += 2)
        {
            var next = Math.Min(b + 1, _bands.Length - 1);
            double band0 = _bands[b], band1 = _bands[next];
            Vector<double> limit0 = new(band0), limit1 = new(band1);
            // Units within a band are counted by subtracting the comparison's all-ones lanes (−1).
            Vector<long> inside0 = Vector<long>.Zero, inside1 = Vector<long>.Zero;
            Vector<double> students0 = Vector<double>.Zero, students1 = Vector<double>.Zero;
            for (var i = 0; i < g.Length; i++)
            {
                var scaled = g[i] * percent;
                var mask0 = Vector.LessThanOrEqual(scaled, tT[i] * limit0);
                var mask1 = Vector.LessThanOrEqual(scaled, tT[i] * limit1);
                inside0 -= mask0;
                students0 += Vector.AsVectorDouble(mask0) & t[i];
                inside1 -= mask1;
                students1 += Vector.AsVectorDouble(mask1) & t[i];
            }
            (units[b], students[b]) = (Vector.Sum(inside0), Vector.Sum(students0));
            (units[next], students[next]) = (Vector.Sum(inside1), Vector.Sum(students1));
            for (var u = g.Length * Vector<double>.Count; u < Units; u++)
            {
                var scaled = gaps[u] * 100.0;
                if (scaled <= band0 * _studentsTimesTotal[u])
                {
                    units[b]++;
                    students[b] += _students[u];
                }
                if (next != b && scaled <= band1 * _studentsTimesTotal[u])
                {
                    units[next]++;
                    students[next] += _students[u];
                }
            }
        }
    }

    private Span<T> Column<T>(T[] columns, int group) => columns.AsSpan(group * Units, Units);

    /// <summary>The sum of <paramref name="values"/>, in four vector sums (one would wait on each addition).</summary>
    private static double Sum(ReadOnlySpan<double> values)
    {
        var vectors = MemoryMarshal.Cast<double, Vector<double>>(values);
        Vector<double> s0 = Vector<double>.Zero, s1 = Vector<double>.Zero, s2 = Vector<double>.Zero, s3 = Vector<double>.Zero;
        var v = 0;
        for (; v + 3 < vectors.Length; v += 4)
        {
            s0 += vectors[v];
            s1 += vectors[v + 1];
            s2 += vectors[v + 2];
            s3 += vectors[v + 3];
        }
        for (; v < vectors.Length; v++) s0 += vectors[v];
        var total = Vector.Sum(s0 + s1 + (s2 + s3));
        for (var i = vectors.Length * Vector<double>.Count; i < values.Length; i++) total += values[i];
        return total;
    }

    /// <summary>The smallest and the largest of <paramref name="values"/> (0 and 0 for none), with vectors.</summary>
    private static (int Smallest, int Largest) Range(ReadOnlySpan<int> values)
    {
        var vectors = MemoryMarshal.Cast<int, Vector<int>>(values);
        Vector<int> smallest = Vector<int>.Zero, largest = Vector<int>.Zero;
        foreach (var v in vectors)
        {
            smallest = Vector.Min(smallest, v);
            largest = Vector.Max(largest, v);
        }
        int low = 0, high = 0;
        for (var i = 0; i < Vector<int>.Count; i++) (low, high) = (Math.Min(low, smallest[i]), Math.Max(high, largest[i]));
        foreach (var x in values[(vectors.Length * Vector<int>.Count)..]) (low, high) = (Math.Min(low, x), Math.Max(high, x));
        return (low, high);
    }

    /// <summary>Grows the tables of <c>ln k</c> and <c>k ln k</c> (0 at k = 0) to cover <paramref name="largest"/>.</summary>
    private void EnsureLogTable(int largest)
    {
        if (largest < _log.Length) return;
        Preconditions.Check(largest < Array.MaxLength, "counts", $"a unit of {largest} students is too large for the tables of k ln k");
        var length = (int)Math.Min(Array.MaxLength, Math.Max(largest + 1L, 2L * _log.Length));
        var log = new double[length];
        var xLogX = new double[length];
        for (var k = 1; k < length; k++)
        {
            log[k] = Math.Log(k);
            xLogX[k] = k * log[k];
        }
        (_log, _xLogX) = (log, xLogX);
    }

    /// <summary>Per unit, in one vector pass: <c>1/t</c> (0 for an empty unit), <c>t T</c> (for the bands) and the
    /// unit's share of students <c>t / T</c>.</summary>
    private void UnitPass(double total)
    {
        var t = MemoryMarshal.Cast<double, Vector<double>>(_students.AsSpan());
        var inverse = MemoryMarshal.Cast<double, Vector<double>>(_inverse.AsSpan())[..t.Length];
        var tT = MemoryMarshal.Cast<double, Vector<double>>(_studentsTimesTotal.AsSpan())[..t.Length];
        var weights = MemoryMarshal.Cast<double, Vector<double>>(_unitWeights.AsSpan())[..t.Length];
        var perStudent = total > 0 ? 1 / total : 0;
        Vector<double> totalVector = new(total), perStudentVector = new(perStudent);
        for (var i = 0; i < t.Length; i++)
        {
            var ti = t[i];
            inverse[i] = Vector.ConditionalSelect(Vector.GreaterThan(ti, Vector<double>.Zero), Vector<double>.One / ti, Vector<double>.Zero);
            var scaled = ti * totalVector;
            tT[i] = scaled;
            weights[i] = ti * perStudentVector;
        }
        for (var u = t.Length * Vector<double>.Count; u < Units; u++)
        {
            var ti = _students[u];
            _inverse[u] = ti > 0 ? 1.0 / ti : 0;
            _studentsTimesTotal[u] = ti * total;
            _unitWeights[u] = ti * perStudent;
        }
    }
}
