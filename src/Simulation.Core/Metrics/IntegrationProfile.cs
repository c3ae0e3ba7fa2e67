using System.Numerics;
using System.Runtime.InteropServices;

namespace Simulation.Core.Metrics;

/// <summary>
/// Every integration index of a unit × group count matrix, computed together into buffers allocated once: the
/// multigroup indices, each group against the rest, exposure, local scores and representativeness.
/// </summary>
/// <remarks>
/// <para>The definitions, references and degenerate cases are those of <see cref="DissimilarityIndex"/>,
/// <see cref="GiniIndex"/>, <see cref="TheilIndex"/>, <see cref="LocalSegregation"/>, <see cref="ExposureIndex"/>
/// and <see cref="Representativeness"/>; this type only shares their work. The matrix is copied once into columns
/// (one per group) so that every other pass runs over contiguous units, most of them with SIMD vectors
/// (<see cref="Vector{T}"/>). The entropy terms use <c>M·T = Σ c ln c − Σ_u t ln t − Σ_g G ln G + T ln T</c> with a
/// table of logarithms of the counts. Results agree with the single-index functions to 1e-12 relative (tested);
/// representativeness is decided exactly, as there.</para>
/// <para>After <see cref="Compute"/> the properties describe the last matrix. <see cref="Compute"/> allocates only
/// when a unit holds more students than any unit seen before (the log table grows). Not thread-safe: one profile
/// per thread. Cost for 2,000 units × 5 groups: see <c>benchmarks/README.md</c>.</para>
/// </remarks>
public sealed class IntegrationProfile
{
    private readonly double[] _bands;
    private readonly int[] _cells, _unitTotals;
    private readonly double[] _columns, _cellEntropy, _students, _inverse, _logStudents, _studentEntropy, _studentsTimesTotal;
    private readonly double[] _rowSums, _gaps, _largestGap, _weighted;
    private readonly double[] _groupTotals, _logGroupTotals, _groupShares, _pairSums;
    private readonly double[] _dissimilarityVsRest, _giniVsRest, _mVsRest, _hVsRest, _localByGroup, _correlationRatio;
    private readonly double[] _localByUnit, _unitWeights, _exposure;
    private readonly double[][] _representativeUnits, _representativeStudents;
    private readonly double[] _representativeUnitsAll, _representativeStudentsAll;
    private readonly GiniIndex.Workspace _gini;
    private double[] _log = [0];

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
        _cells = new int[units * groups];
        _columns = new double[units * groups];
        _cellEntropy = new double[units * groups];
        _unitTotals = new int[units];
        _students = new double[units];
        _inverse = new double[units];
        _logStudents = new double[units];
        _studentEntropy = new double[units];
        _studentsTimesTotal = new double[units];
        _rowSums = new double[units];
        _gaps = new double[units];
        _largestGap = new double[units];
        _weighted = new double[units];
        _groupTotals = new double[groups];
        _logGroupTotals = new double[groups];
        _groupShares = new double[groups];
        _pairSums = new double[groups];
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
    /// <exception cref="ArgumentException">The length is not units × groups, or a count is negative.</exception>
    public void Compute(ReadOnlySpan<int> counts)
    {
        if (counts.Length != Units * Groups)
            throw new ArgumentException($"counts must be {Units} units × {Groups} groups", nameof(counts));
        int units = Units, groups = Groups;

        Preconditions.Check(counts.IndexOfAnyInRange(int.MinValue, -1) < 0, nameof(counts), "counts must be ≥ 0");

        // Columns and unit totals.
        var largest = 0;
        var cellColumns = _cells.AsSpan();
        var doubleColumns = _columns.AsSpan();
        var unitTotals = _unitTotals.AsSpan();
        for (var u = 0; u < units; u++)
        {
            var t = 0;
            var row = counts.Slice(u * groups, groups);
            for (int g = 0, at = u; g < row.Length; g++, at += units)
            {
                var c = row[g];
                t += c;
                cellColumns[at] = c;
                doubleColumns[at] = c;
            }
            unitTotals[u] = t;
            largest = Math.Max(largest, t);
        }
        EnsureLogTable(largest);
        var log = _log;
        var empty = 0;
        for (var u = 0; u < units; u++)
        {
            var t = _unitTotals[u];
            if (t == 0) empty++;
            _students[u] = t;
            _inverse[u] = t > 0 ? 1.0 / t : 0;
            _logStudents[u] = log[t];
            _studentEntropy[u] = t * log[t];
        }
        double total = 0;
        for (var g = 0; g < groups; g++) total += _groupTotals[g] = Sum(Column(_columns, g));
        Students = total;
        var logTotal = total > 0 ? Math.Log(total) : 0;
        Scale(_students, total, _studentsTimesTotal);
        Scale(_students, total > 0 ? 1 / total : 0, _unitWeights);

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
        _gini.Prepare(_unitTotals);
        for (var g = 0; g < groups; g++) _pairSums[g] = _gini.PairSum(Column(_cells, g), _unitTotals, _inverse);

        // Per group: the entropy sums (table look-ups), then the vector passes.
        _rowSums.AsSpan().Clear();
        _largestGap.AsSpan().Clear();
        double deviationSum = 0;
        for (var g = 0; g < groups; g++)
        {
            var cells = Column(_cells, g);
            var cellEntropy = Column(_cellEntropy, g);
            var (withRest, withUnit) = EntropyTerms(cells, cellEntropy, log);
            var deviation = GroupPass(g, total);
            deviationSum += deviation;

            var n = _groupTotals[g];
            var share = _groupShares[g];
            var binary = share * (1 - share);
            var defined = n > 0 && n < total;
            _dissimilarityVsRest[g] = defined ? deviation / (2 * total * binary) : double.NaN;
            _giniVsRest[g] = defined ? _pairSums[g] / (total * total * binary) : double.NaN;
            if (defined)
            {
                var rest = total - n;
                var logRest = Math.Log(rest);
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
            _localByGroup[g] = n > 0 ? Math.Max(0, (withUnit - n * _logGroupTotals[g] + n * logTotal) / n) : double.NaN;
        }
        Dissimilarity = total > 0 && interaction > 0 ? deviationSum / (2 * total * interaction) : double.NaN;
        Gini = GiniIndex.FromPairSums(_pairSums, _groupTotals, total);

        var numerator = LocalByUnitPass(logTotal);
        if (empty > 0)
            for (var u = 0; u < units; u++)
                if (_unitTotals[u] == 0) _localByUnit[u] = double.NaN;
        MutualInformation = total > 0 ? Math.Max(0, numerator / total) : double.NaN;
        TheilH = entropy > 0 ? MutualInformation / entropy : double.NaN;

        // Exposure: S[x, y] = Σ_u c_ux c_uy / t_u as dot products of columns.
        for (var x = 0; x < groups; x++)
        {
            Multiply(Column(_columns, x), _inverse, _weighted);
            for (var y = x; y < groups; y++)
                _exposure[x * groups + y] = _exposure[y * groups + x] = Dot(_weighted, Column(_columns, y));
        }
        NormalizedExposure = ExposureIndex.NormalizedExposure(_exposure, _groupTotals, total);
        ExposureIndex.FromCrossSums(_exposure, _groupTotals);
        for (var g = 0; g < groups; g++)
            _correlationRatio[g] = ExposureIndex.CorrelationRatio(_exposure[g * groups + g], _groupTotals[g], total);

        // Representativeness of all groups at once: the largest gap of each unit within the band. Empty units have
        // gap 0 ≤ 0 and count as inside in the vector passes; they are taken off here.
        var nonEmpty = units - empty;
        for (var b = 0; b < _bands.Length; b++)
        {
            var (inside, students) = WithinBand(_largestGap, _bands[b]);
            _representativeUnitsAll[b] = total > 0 ? (inside - empty) / nonEmpty : double.NaN;
            _representativeStudentsAll[b] = total > 0 ? students / total : double.NaN;
            for (var g = 0; g < groups; g++)
            {
                _representativeUnits[b][g] = total > 0 ? (_representativeUnits[b][g] - empty) / nonEmpty : double.NaN;
                _representativeStudents[b][g] = total > 0 ? _representativeStudents[b][g] / total : double.NaN;
            }
        }
    }

    /// <summary>One group's vector pass: returns <c>Σ_u |c − t P|</c>; accumulates the local-score row sums
    /// <c>Σ_g (c ln c − c ln G)</c>; computes each unit's gap <c>|c T − t G|</c> (exact integers) for
    /// representativeness and keeps each unit's largest gap.</summary>
    private double GroupPass(int g, double total)
    {
        var columns = Column(_columns, g);
        var cellEntropy = Column(_cellEntropy, g);
        var share = _groupShares[g];
        var groupTotal = _groupTotals[g];
        var logGroupTotal = _logGroupTotals[g];
        var sum = Vector<double>.Zero;
        var c = MemoryMarshal.Cast<double, Vector<double>>(columns);
        var t = MemoryMarshal.Cast<double, Vector<double>>(_students.AsSpan());
        var entropyTerms = MemoryMarshal.Cast<double, Vector<double>>(cellEntropy);
        var rowSums = MemoryMarshal.Cast<double, Vector<double>>(_rowSums.AsSpan());
        var gaps = MemoryMarshal.Cast<double, Vector<double>>(_gaps.AsSpan());
        var largest = MemoryMarshal.Cast<double, Vector<double>>(_largestGap.AsSpan());
        for (var i = 0; i < c.Length; i++)
        {
            sum += Vector.Abs(c[i] - t[i] * share);
            rowSums[i] += entropyTerms[i] - c[i] * logGroupTotal;
            var gap = Vector.Abs(c[i] * total - t[i] * groupTotal);
            gaps[i] = gap;
            largest[i] = Vector.Max(largest[i], gap);
        }
        var deviation = Vector.Sum(sum);
        for (var u = c.Length * Vector<double>.Count; u < Units; u++)
        {
            deviation += Math.Abs(columns[u] - _students[u] * share);
            _rowSums[u] += cellEntropy[u] - columns[u] * logGroupTotal;
            _gaps[u] = Math.Abs(columns[u] * total - _students[u] * groupTotal);
            _largestGap[u] = Math.Max(_largestGap[u], _gaps[u]);
        }
        for (var b = 0; b < _bands.Length; b++)
            (_representativeUnits[b][g], _representativeStudents[b][g]) = WithinBand(_gaps, _bands[b]);
        return deviation;
    }

    /// <summary>For one group's column: stores <c>c ln c</c> per unit and returns
    /// <c>Σ_u (c ln c + (t − c) ln(t − c) − t ln t)</c> (each term small, so the sum keeps its precision) and
    /// <c>Σ_u (c ln c − c ln t)</c>. Two units per step with separate sums, so the additions do not wait on each
    /// other.</summary>
    private (double WithRest, double WithUnit) EntropyTerms(ReadOnlySpan<int> cells, Span<double> cellEntropy, double[] log)
    {
        double rest0 = 0, rest1 = 0, unit0 = 0, unit1 = 0;
        ReadOnlySpan<int> totals = _unitTotals;
        ReadOnlySpan<double> logStudents = _logStudents, studentEntropy = _studentEntropy;
        var u = 0;
        for (; u + 1 < cells.Length; u += 2)
        {
            int c0 = cells[u], c1 = cells[u + 1], t0 = totals[u], t1 = totals[u + 1];
            var e0 = c0 * log[c0];
            var e1 = c1 * log[c1];
            cellEntropy[u] = e0;
            cellEntropy[u + 1] = e1;
            rest0 += e0 + (t0 - c0) * log[t0 - c0] - studentEntropy[u];
            rest1 += e1 + (t1 - c1) * log[t1 - c1] - studentEntropy[u + 1];
            unit0 += e0 - c0 * logStudents[u];
            unit1 += e1 - c1 * logStudents[u + 1];
        }
        if (u < Units)
        {
            var e = cells[u] * log[cells[u]];
            cellEntropy[u] = e;
            rest0 += e + (totals[u] - cells[u]) * log[totals[u] - cells[u]] - studentEntropy[u];
            unit0 += e - cells[u] * logStudents[u];
        }
        return (rest0 + rest1, unit0 + unit1);
    }

    /// <summary>Local scores by unit from the row sums; returns <c>Σ_u t_u ls_u = M·T</c>.</summary>
    private double LocalByUnitPass(double logTotal)
    {
        var width = Vector<double>.Count;
        var vectors = Units / width;
        var rows = MemoryMarshal.Cast<double, Vector<double>>(_rowSums.AsSpan());
        var t = MemoryMarshal.Cast<double, Vector<double>>(_students.AsSpan());
        var tLogT = MemoryMarshal.Cast<double, Vector<double>>(_studentEntropy.AsSpan());
        var inverse = MemoryMarshal.Cast<double, Vector<double>>(_inverse.AsSpan());
        var local = MemoryMarshal.Cast<double, Vector<double>>(_localByUnit.AsSpan());
        var sum = Vector<double>.Zero;
        for (var i = 0; i < vectors; i++)
        {
            var numerator = rows[i] - tLogT[i] + t[i] * logTotal;
            sum += numerator;
            local[i] = Vector.Max(numerator * inverse[i], Vector<double>.Zero);
        }
        var total = Vector.Sum(sum);
        for (var u = vectors * width; u < Units; u++)
        {
            var numerator = _rowSums[u] - _studentEntropy[u] + _students[u] * logTotal;
            total += numerator;
            _localByUnit[u] = Math.Max(0, numerator * _inverse[u]);
        }
        return total;
    }

    /// <summary>Units (empty ones included) whose gap is within the band, <c>100 · gap ≤ X t T</c>, and their
    /// students.</summary>
    private (double Units, double Students) WithinBand(ReadOnlySpan<double> gaps, double band)
    {
        var g = MemoryMarshal.Cast<double, Vector<double>>(gaps);
        var t = MemoryMarshal.Cast<double, Vector<double>>(_students.AsSpan());
        var tT = MemoryMarshal.Cast<double, Vector<double>>(_studentsTimesTotal.AsSpan());
        Vector<double> inside = Vector<double>.Zero, students = Vector<double>.Zero;
        for (var i = 0; i < g.Length; i++)
        {
            var mask = Vector.LessThanOrEqual(g[i] * 100.0, tT[i] * band);
            inside += Vector.ConditionalSelect(mask, Vector<double>.One, Vector<double>.Zero);
            students += Vector.ConditionalSelect(mask, t[i], Vector<double>.Zero);
        }
        double units = Vector.Sum(inside), total = Vector.Sum(students);
        for (var u = g.Length * Vector<double>.Count; u < Units; u++)
        {
            if (gaps[u] * 100.0 > band * _studentsTimesTotal[u]) continue;
            units++;
            total += _students[u];
        }
        return (units, total);
    }

    private Span<T> Column<T>(T[] columns, int group) => columns.AsSpan(group * Units, Units);

    private static double Sum(ReadOnlySpan<double> values)
    {
        var vectors = MemoryMarshal.Cast<double, Vector<double>>(values);
        var sum = Vector<double>.Zero;
        foreach (var v in vectors) sum += v;
        var total = Vector.Sum(sum);
        for (var i = vectors.Length * Vector<double>.Count; i < values.Length; i++) total += values[i];
        return total;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var va = MemoryMarshal.Cast<double, Vector<double>>(a);
        var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
        var sum = Vector<double>.Zero;
        for (var i = 0; i < va.Length; i++) sum += va[i] * vb[i];
        var total = Vector.Sum(sum);
        for (var i = va.Length * Vector<double>.Count; i < a.Length; i++) total += a[i] * b[i];
        return total;
    }

    private static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> result)
    {
        var va = MemoryMarshal.Cast<double, Vector<double>>(a);
        var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
        var vr = MemoryMarshal.Cast<double, Vector<double>>(result);
        for (var i = 0; i < va.Length; i++) vr[i] = va[i] * vb[i];
        for (var i = va.Length * Vector<double>.Count; i < a.Length; i++) result[i] = a[i] * b[i];
    }

    private static void Scale(ReadOnlySpan<double> a, double factor, Span<double> result)
    {
        var va = MemoryMarshal.Cast<double, Vector<double>>(a);
        var vr = MemoryMarshal.Cast<double, Vector<double>>(result);
        for (var i = 0; i < va.Length; i++) vr[i] = va[i] * factor;
        for (var i = va.Length * Vector<double>.Count; i < a.Length; i++) result[i] = a[i] * factor;
    }

    private void EnsureLogTable(int largest)
    {
        if (largest < _log.Length) return;
        var table = new double[Math.Max(largest + 1, 2 * _log.Length)];
        for (var k = 1; k < table.Length; k++) table[k] = Math.Log(k);
        _log = table;
    }
}
