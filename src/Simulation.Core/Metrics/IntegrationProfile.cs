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
/// and <see cref="Representativeness"/>; this type only shares their work. One pass over the rows copies the
/// matrix into columns (one per group), so that every other pass runs over contiguous units, most of them with SIMD
/// vectors (<see cref="Vector{T}"/>), and looks up each cell's entropy terms <c>c ln c</c> and
/// <c>(t − c) ln(t − c)</c> in tables of <c>k ln k</c> on the way, so no logarithm is taken per cell; the vector pass
/// of each group sums them: <c>M·T = Σ c ln c − Σ_u t ln t − Σ_g G ln G + T ln T</c>. Results agree with the single-index functions to 1e-12 relative (tested);
/// representativeness is decided exactly, as there.</para>
/// <para>After <see cref="Compute"/> the properties describe the last matrix. <see cref="Compute"/> allocates only
/// when a unit holds more students than any unit seen before (the tables grow). Not thread-safe: one profile
/// per thread. Cost for 2,000 units × 5 groups: see <c>benchmarks/README.md</c>.</para>
/// </remarks>
public sealed class IntegrationProfile
{
    private readonly double[] _bands;
    private readonly int[] _cells, _unitTotals;
    private readonly double[] _columns, _cellEntropy, _restEntropy, _students, _inverse, _logStudents, _studentEntropy, _studentsTimesTotal;
    private readonly double[] _rowSums, _gaps, _largestGap, _weighted;
    private readonly double[] _groupTotals, _logGroupTotals, _groupShares, _pairSums;
    private readonly double[] _dissimilarityVsRest, _giniVsRest, _mVsRest, _hVsRest, _localByGroup, _correlationRatio;
    private readonly double[] _localByUnit, _unitWeights, _exposure;
    private readonly double[][] _representativeUnits, _representativeStudents;
    private readonly double[] _representativeUnitsAll, _representativeStudentsAll;
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
        _cells = new int[units * groups];
        _columns = new double[units * groups];
        _cellEntropy = new double[units * groups];
        _restEntropy = new double[units * groups];
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

        // One pass over the rows: columns (one per group), unit totals, and the entropy sums from tables of
        // k ln k and ln k, so that no logarithm is taken per cell.
        var cellColumns = _cells.AsSpan();
        var cellEntropy = _cellEntropy.AsSpan();
        var restEntropy = _restEntropy.AsSpan();
        var unitTotals = _unitTotals.AsSpan(0, units);
        var unitStudents = _students.AsSpan(0, units);
        var logStudents = _logStudents.AsSpan(0, units);
        var studentEntropy = _studentEntropy.AsSpan(0, units);
        double[] log = _log, xLogX = _xLogX;
        var empty = 0;
        for (var u = 0; u < units; u++)
        {
            var row = counts.Slice(u * groups, groups);
            var t = 0;
            foreach (var c in row) t += c;
            if (t >= log.Length)
            {
                EnsureLogTable(t);
                (log, xLogX) = (_log, _xLogX);
            }
            empty += t == 0 ? 1 : 0;
            unitTotals[u] = t;
            unitStudents[u] = t;
            double logT = log[t], tLogT = xLogX[t];
            logStudents[u] = logT;
            studentEntropy[u] = tLogT;
            for (int g = 0, at = u; g < row.Length; g++, at += units)
            {
                var c = row[g];
                cellColumns[at] = c;
                cellEntropy[at] = xLogX[c];
                restEntropy[at] = xLogX[t - c];
            }
        }
        ToDouble(_cells, _columns);
        Inverse(_students, _inverse);
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
            var (deviation, withRest, withUnit) = GroupPass(g, total);
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
        WithinBands(_largestGap, _representativeUnitsAll, _representativeStudentsAll);
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

    /// <summary>One group's vector pass: returns <c>Σ_u |c − t P|</c> and the group's entropy sums; accumulates the
    /// local-score row sums <c>Σ_g (c ln c − c ln G)</c>; computes each unit's gap <c>|c T − t G|</c> (exact
    /// integers) and keeps its largest; then counts the units and students within each representativeness
    /// band.</summary>
    private (double Deviation, double WithRest, double WithUnit) GroupPass(int g, double total)
    {
        var columns = Column(_columns, g);
        var cellEntropy = Column(_cellEntropy, g);
        var share = _groupShares[g];
        var groupTotal = _groupTotals[g];
        var logGroupTotal = _logGroupTotals[g];
        var sum = Vector<double>.Zero;
        var c = MemoryMarshal.Cast<double, Vector<double>>(columns);
        var t = MemoryMarshal.Cast<double, Vector<double>>(_students.AsSpan());
        var restEntropy = Column(_restEntropy, g);
        var entropyTerms = MemoryMarshal.Cast<double, Vector<double>>(cellEntropy);
        var restTerms = MemoryMarshal.Cast<double, Vector<double>>(restEntropy);
        var tLogT = MemoryMarshal.Cast<double, Vector<double>>(_studentEntropy.AsSpan());
        var logT = MemoryMarshal.Cast<double, Vector<double>>(_logStudents.AsSpan());
        var rowSums = MemoryMarshal.Cast<double, Vector<double>>(_rowSums.AsSpan());
        var gaps = MemoryMarshal.Cast<double, Vector<double>>(_gaps.AsSpan());
        var largest = MemoryMarshal.Cast<double, Vector<double>>(_largestGap.AsSpan());
        Vector<double> withRest = Vector<double>.Zero, withUnit = Vector<double>.Zero;
        for (var i = 0; i < c.Length; i++)
        {
            sum += Vector.Abs(c[i] - t[i] * share);
            withRest += entropyTerms[i] + restTerms[i] - tLogT[i];
            withUnit += entropyTerms[i] - c[i] * logT[i];
            rowSums[i] += entropyTerms[i] - c[i] * logGroupTotal;
            var gap = Vector.Abs(c[i] * total - t[i] * groupTotal);
            gaps[i] = gap;
            largest[i] = Vector.Max(largest[i], gap);
        }
        double deviation = Vector.Sum(sum), rest = Vector.Sum(withRest), unit = Vector.Sum(withUnit);
        for (var u = c.Length * Vector<double>.Count; u < Units; u++)
        {
            deviation += Math.Abs(columns[u] - _students[u] * share);
            rest += cellEntropy[u] + restEntropy[u] - _studentEntropy[u];
            unit += cellEntropy[u] - columns[u] * _logStudents[u];
            _rowSums[u] += cellEntropy[u] - columns[u] * logGroupTotal;
            _gaps[u] = Math.Abs(columns[u] * total - _students[u] * groupTotal);
            _largestGap[u] = Math.Max(_largestGap[u], _gaps[u]);
        }
        Span<double> inside = stackalloc double[_bands.Length];
        Span<double> insideStudents = stackalloc double[_bands.Length];
        WithinBands(_gaps, inside, insideStudents);
        for (var b = 0; b < _bands.Length; b++)
            (_representativeUnits[b][g], _representativeStudents[b][g]) = (inside[b], insideStudents[b]);
        return (deviation, rest, unit);
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

    /// <summary>Per band, the units (empty ones included) whose gap is within it, <c>100 · gap ≤ X t T</c>, and
    /// their students; two bands per pass over the gaps.</summary>
    private void WithinBands(ReadOnlySpan<double> gaps, Span<double> units, Span<double> students)
    {
        var g = MemoryMarshal.Cast<double, Vector<double>>(gaps);
        var t = MemoryMarshal.Cast<double, Vector<double>>(_students.AsSpan());
        var tT = MemoryMarshal.Cast<double, Vector<double>>(_studentsTimesTotal.AsSpan());
        for (var b = 0; b < _bands.Length; b += 2)
        {
            var next = Math.Min(b + 1, _bands.Length - 1);
            double band0 = _bands[b], band1 = _bands[next];
            Vector<double> inside0 = Vector<double>.Zero, students0 = Vector<double>.Zero;
            Vector<double> inside1 = Vector<double>.Zero, students1 = Vector<double>.Zero;
            for (var i = 0; i < g.Length; i++)
            {
                var scaled = g[i] * 100.0;
                var mask0 = Vector.LessThanOrEqual(scaled, tT[i] * band0);
                var mask1 = Vector.LessThanOrEqual(scaled, tT[i] * band1);
                inside0 += Vector.ConditionalSelect(mask0, Vector<double>.One, Vector<double>.Zero);
                students0 += Vector.ConditionalSelect(mask0, t[i], Vector<double>.Zero);
                inside1 += Vector.ConditionalSelect(mask1, Vector<double>.One, Vector<double>.Zero);
                students1 += Vector.ConditionalSelect(mask1, t[i], Vector<double>.Zero);
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

    /// <summary>Grows the tables of <c>ln k</c> and <c>k ln k</c> (0 at k = 0) to cover <paramref name="largest"/>.</summary>
    private void EnsureLogTable(int largest)
    {
        if (largest < _log.Length) return;
        var length = Math.Max(largest + 1, 2 * _log.Length);
        var log = new double[length];
        var xLogX = new double[length];
        for (var k = 1; k < length; k++)
        {
            log[k] = Math.Log(k);
            xLogX[k] = k * log[k];
        }
        (_log, _xLogX) = (log, xLogX);
    }

    /// <summary>The count columns as doubles, for the vector passes.</summary>
    private static void ToDouble(ReadOnlySpan<int> counts, Span<double> result)
    {
        var vc = MemoryMarshal.Cast<int, Vector<int>>(counts);
        var vr = MemoryMarshal.Cast<double, Vector<double>>(result);
        for (var i = 0; i < vc.Length; i++)
        {
            Vector.Widen(vc[i], out var low, out var high);
            vr[2 * i] = Vector.ConvertToDouble(low);
            vr[2 * i + 1] = Vector.ConvertToDouble(high);
        }
        for (var i = vc.Length * Vector<int>.Count; i < counts.Length; i++) result[i] = counts[i];
    }

    /// <summary><c>1/t</c> per unit, 0 for an empty unit.</summary>
    private static void Inverse(ReadOnlySpan<double> students, Span<double> result)
    {
        var vs = MemoryMarshal.Cast<double, Vector<double>>(students);
        var vr = MemoryMarshal.Cast<double, Vector<double>>(result);
        for (var i = 0; i < vs.Length; i++)
            vr[i] = Vector.ConditionalSelect(Vector.GreaterThan(vs[i], Vector<double>.Zero), Vector<double>.One / vs[i], Vector<double>.Zero);
        for (var i = vs.Length * Vector<double>.Count; i < students.Length; i++) result[i] = students[i] > 0 ? 1.0 / students[i] : 0;
    }
}
