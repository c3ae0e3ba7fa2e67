using Simulation.Core.Model;
using Simulation.Core.Scenarios;

namespace Simulation.Core.Equity;

/// <summary>
/// A <see cref="FundingSpec"/> bound to a district: turns a school × group enrollment table into each school's
/// resources per pupil, the resources the average pupil of each group experiences, and who gets each threshold
/// program — a pure function of the enrollment, so the same table always gives the same money.
/// </summary>
/// <remarks>
/// <para><b>Formula.</b> With <c>c_sk</c> pupils of group k at school s and <c>t_s = Σ_k c_sk</c>, the school's
/// formula amount is <c>base · (t_s + Σ_k w_k c_sk + (w_EL · el_s + w_SpEd · sped_s) · t_s)</c>, where
/// <c>el_s</c> and <c>sped_s</c> are the school's shares of English learners and special-education students in the
/// district data (applied to whoever is assigned there: neither is a simulated attribute). A program adds
/// <c>amount per counted pupil × counted pupils</c> to each school it serves (see <see cref="FundingProgramSpec"/>).
/// Resources per pupil <c>r_s</c> are the school's total over <c>t_s</c> (NaN for an empty school).</para>
/// <para><b>By group.</b> The resources the group experiences are the pupil-weighted mean
/// <c>R_k = Σ_s c_sk r_s / Σ_s c_sk</c>; the district mean is total money over all pupils; the ratio compares the
/// district's first group with all other pupils together.</para>
/// <para><b>Base status.</b> A program's status in the district data is evaluated with the same rule on a table
/// where every simulated school (seats &gt; 0) has its seats in the simulated grades, of which its real share of the
/// district's first group are poverty pupils. Gains and losses count schools served now but not then, and the
/// reverse; they are NaN when the poverty group is not the district's first group (the data has no real shares of
/// other groups).</para>
/// <para>Immutable and thread-safe; each caller owns its <see cref="FundingOutcome"/>.</para>
/// </remarks>
public sealed class FundingFormula
{
    private readonly double _base;
    private readonly double[] _groupWeight;
    private readonly double[] _rateWeight;
    private readonly FundingProgramSpec[] _programs;
    private readonly bool[] _baseServed;
    private readonly bool[] _simulated;

    private FundingFormula(FundingSpec spec, int schools, int groups, int povertyGroup, double[] groupWeight,
        double[] rateWeight, bool[] simulated, bool[] baseServed, bool hasBase)
    {
        _base = spec.BasePerPupil;
        _groupWeight = groupWeight;
        _rateWeight = rateWeight;
        _programs = [.. spec.Programs];
        _simulated = simulated;
        _baseServed = baseServed;
        SchoolCount = schools;
        GroupCount = groups;
        PovertyGroup = povertyGroup;
        HasBaseStatus = hasBase;
        ProgramNames = _programs.Select(p => p.Name).ToArray();
    }

    public int SchoolCount { get; }
    public int GroupCount { get; }

    /// <summary>Index of the group whose share is a school's poverty share.</summary>
    public int PovertyGroup { get; }

    /// <summary>Threshold programs, in file order.</summary>
    public string[] ProgramNames { get; }

    /// <summary>Whether gains and losses against the district data are defined (the poverty group is the first).</summary>
    public bool HasBaseStatus { get; }

    /// <summary>Whether school <paramref name="school"/> has program <paramref name="program"/> in the district data.</summary>
    public bool ServedInBase(int school, int program) => _baseServed[school * _programs.Length + program];

    /// <summary>Binds <paramref name="spec"/> to <paramref name="district"/>.</summary>
    /// <param name="seats">Per school: seats in the simulated grades (0 = not simulated).</param>
    /// <exception cref="ScenarioFormatException">A group does not exist, a value is out of range, or a weight needs
    /// a share the district data does not have; the message names the <c>funding.…</c> field.</exception>
    public static FundingFormula Compile(FundingSpec spec, District district, IReadOnlyList<int> seats)
    {
        Preconditions.NotNull(spec, nameof(spec));
        Preconditions.NotNull(district, nameof(district));
        var groups = district.GroupCount;
        var schools = district.SchoolCount;
        if (!(spec.BasePerPupil >= 0 && double.IsFinite(spec.BasePerPupil)))
            throw Error("funding.base_per_pupil", $"must be a finite amount ≥ 0, got {spec.BasePerPupil}");
        var groupWeight = new double[groups];
        foreach (var (name, weight) in spec.GroupWeights)
        {
            var k = district.IndexOfGroup(name);
            if (k < 0) throw Error($"funding.weights.{name}", $"'{name}' is not a group of district {district.Id} ({string.Join(", ", district.GroupNames)})");
            groupWeight[k] = CheckWeight($"funding.weights.{name}", weight);
        }
        var el = CheckWeight("funding.weights.english_learner", spec.EnglishLearnerWeight);
        var sped = CheckWeight("funding.weights.special_education", spec.SpecialEducationWeight);
        var povertyGroup = 0;
        if (spec.PovertyGroup is { } pg)
        {
            povertyGroup = district.IndexOfGroup(pg);
            if (povertyGroup < 0) throw Error("funding.poverty_group", $"'{pg}' is not a group of district {district.Id} ({string.Join(", ", district.GroupNames)})");
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in spec.Programs)
        {
            var path = $"funding.programs.{p.Name}";
            if (!names.Add(p.Name)) throw Error(path, "appears twice");
            if (!(p.MinPovertyShare is >= 0 and <= 1)) throw Error(path + ".min_poverty_share", $"must lie in [0, 1], got {p.MinPovertyShare}");
            if (p.PerPupil is { } a && !(a >= 0 && double.IsFinite(a))) throw Error(path + ".per_pupil", $"must be a finite amount ≥ 0, got {a}");
            if (p.Pot is { } pot && !(pot >= 0 && double.IsFinite(pot))) throw Error(path + ".pot", $"must be a finite amount ≥ 0, got {pot}");
            if (p.PerPupil is null && p.Pot is null) throw Error(path, "give per_pupil, pot or both");
        }

        var simulated = new bool[schools];
        var rateWeight = new double[schools];
        for (var s = 0; s < schools; s++)
        {
            simulated[s] = seats[s] > 0;
            if (!simulated[s]) continue;
            var info = district.Schools[s];
            rateWeight[s] = RateTerm(el, info.EnglishLearnerShare, "english_learner", info, district)
                + RateTerm(sped, info.SpecialEducationShare, "special_education", info, district);
        }

        // Base status: seats of the simulated grades, the real first-group share of them poor.
        var hasBase = povertyGroup == 0;
        var baseServed = new bool[schools * spec.Programs.Count];
        if (hasBase && spec.Programs.Count > 0)
        {
            var poor = new double[schools];
            var total = new double[schools];
            for (var s = 0; s < schools; s++)
            {
                if (!simulated[s]) continue;
                total[s] = seats[s];
                poor[s] = seats[s] * district.Schools[s].RealEdShare;
            }
            var formula = new FundingFormula(spec, schools, groups, povertyGroup, groupWeight, rateWeight, simulated, baseServed, hasBase);
            var outcome = new FundingOutcome(formula);
            for (var p = 0; p < spec.Programs.Count; p++)
            {
                formula.Allocate(p, poor, total, outcome);
                for (var s = 0; s < schools; s++) baseServed[s * spec.Programs.Count + p] = outcome.Served[s * spec.Programs.Count + p];
            }
        }
        return new FundingFormula(spec, schools, groups, povertyGroup, groupWeight, rateWeight, simulated, baseServed, hasBase);
    }

    /// <summary>Computes every school's money and the group and program summaries of one enrollment table into
    /// <paramref name="outcome"/> (no allocation).</summary>
    /// <param name="enrollment">Pupils per school and group, <c>school * groups + group</c>.</param>
    public void Compute(ReadOnlySpan<int> enrollment, FundingOutcome outcome)
    {
        Preconditions.Check(enrollment.Length == SchoolCount * GroupCount, nameof(enrollment), "needs schools × groups counts");
        Preconditions.Check(outcome.Formula == this, nameof(outcome), "was made for another formula");
        var groups = GroupCount;
        var poor = outcome.Poor;
        var total = outcome.Total;
        for (var s = 0; s < SchoolCount; s++)
        {
            var t = 0;
            var weighted = 0.0;
            for (var k = 0; k < groups; k++)
            {
                var c = enrollment[s * groups + k];
                t += c;
                weighted += _groupWeight[k] * c;
            }
            total[s] = t;
            poor[s] = enrollment[s * groups + PovertyGroup];
            outcome.Dollars[s] = _base * (t + weighted + _rateWeight[s] * t);
        }
        for (var p = 0; p < _programs.Length; p++)
        {
            Allocate(p, poor, total, outcome);
            var served = 0;
            var gained = 0;
            var lost = 0;
            var sum = 0.0;
            for (var s = 0; s < SchoolCount; s++)
            {
                var i = s * _programs.Length + p;
                outcome.Dollars[s] += outcome.ProgramDollars[i];
                sum += outcome.ProgramDollars[i];
                if (outcome.Served[i]) served++;
                if (outcome.Served[i] && !_baseServed[i]) gained++;
                if (!outcome.Served[i] && _baseServed[i]) lost++;
            }
            outcome.ProgramSchools[p] = served;
            outcome.ProgramTotal[p] = sum;
            outcome.ProgramGained[p] = HasBaseStatus ? gained : double.NaN;
            outcome.ProgramLost[p] = HasBaseStatus ? lost : double.NaN;
        }

        var money = 0.0;
        var pupils = 0L;
        Span<double> groupMoney = stackalloc double[groups];
        Span<long> groupPupils = stackalloc long[groups];
        groupMoney.Clear();
        groupPupils.Clear();
        for (var s = 0; s < SchoolCount; s++)
        {
            var t = total[s];
            if (t == 0)
            {
                outcome.PerPupil[s] = double.NaN;
                continue;
            }
            var perPupil = outcome.Dollars[s] / t;
            outcome.PerPupil[s] = perPupil;
            money += outcome.Dollars[s];
            pupils += (long)t;
            for (var k = 0; k < groups; k++)
            {
                var c = enrollment[s * groups + k];
                groupMoney[k] += c * perPupil;
                groupPupils[k] += c;
            }
        }
        outcome.DistrictPerPupil = pupils > 0 ? money / pupils : double.NaN;
        var restMoney = 0.0;
        var restPupils = 0L;
        for (var k = 0; k < groups; k++)
        {
            outcome.GroupPerPupil[k] = groupPupils[k] > 0 ? groupMoney[k] / groupPupils[k] : double.NaN;
            if (k == 0) continue;
            restMoney += groupMoney[k];
            restPupils += groupPupils[k];
        }
        outcome.FirstGroupRatio = groupPupils[0] > 0 && restPupils > 0 && restMoney > 0
            ? outcome.GroupPerPupil[0] / (restMoney / restPupils)
            : double.NaN;
    }

    /// <summary>Fills <see cref="FundingOutcome.ProgramDollars"/> and <see cref="FundingOutcome.Served"/> of program
    /// <paramref name="p"/> from per-school poverty and total pupils.</summary>
    private void Allocate(int p, double[] poor, double[] total, FundingOutcome outcome)
    {
        var program = _programs[p];
        var programs = _programs.Length;
        var eligible = outcome.Order;
        var n = 0;
        var counted = 0.0;
        for (var s = 0; s < SchoolCount; s++)
        {
            var i = s * programs + p;
            outcome.ProgramDollars[i] = 0;
            outcome.Served[i] = false;
            if (!_simulated[s] || total[s] == 0 || poor[s] / total[s] < program.MinPovertyShare) continue;
            eligible[n++] = s;
            counted += Counted(program, poor[s], total[s]);
        }
        if (program.PerPupil is { } amount && program.Pot is { } pot)
        {
            eligible.AsSpan(0, n).Sort(new PovertyRank(poor, total));
            var left = pot;
            for (var j = 0; j < n && left > 0; j++)
            {
                var s = eligible[j];
                var grant = Math.Min(amount * Counted(program, poor[s], total[s]), left);
                left -= grant;
                outcome.ProgramDollars[s * programs + p] = grant;
                outcome.Served[s * programs + p] = true;
            }
            return;
        }
        var perCounted = program.PerPupil ?? (counted > 0 ? program.Pot!.Value / counted : 0);
        for (var j = 0; j < n; j++)
        {
            var s = eligible[j];
            outcome.ProgramDollars[s * programs + p] = perCounted * Counted(program, poor[s], total[s]);
            outcome.Served[s * programs + p] = true;
        }
    }

    private static double Counted(FundingProgramSpec program, double poor, double total) =>
        program.Counts == FundingCount.AllPupils ? total : poor;

    private static double CheckWeight(string path, double weight) =>
        double.IsFinite(weight) && weight >= -1 ? weight : throw Error(path, $"must be a finite weight ≥ −1, got {weight}");

    private static double RateTerm(double weight, double share, string key, SchoolInfo school, District district)
    {
        if (weight == 0) return 0;
        if (!(share is >= 0 and <= 1))
            throw Error($"funding.weights.{key}", $"school {school.Id} ({school.Name}) has no {key.Replace('_', ' ')} count in the data of district {district.Id}");
        return weight * share;
    }

    private static ScenarioFormatException Error(string path, string message) => new(path, 0, message);

    /// <summary>Descending poverty share, then district order.</summary>
    private readonly struct PovertyRank(double[] poor, double[] total) : IComparer<int>
    {
        public int Compare(int a, int b)
        {
            var c = (poor[b] / total[b]).CompareTo(poor[a] / total[a]);
            return c != 0 ? c : a.CompareTo(b);
        }
    }
}

/// <summary>The money of one enrollment table under a <see cref="FundingFormula"/>; buffers reused across calls.</summary>
public sealed class FundingOutcome
{
    public FundingOutcome(FundingFormula formula)
    {
        Formula = Preconditions.NotNull(formula, nameof(formula));
        var schools = formula.SchoolCount;
        var programs = formula.ProgramNames.Length;
        Dollars = new double[schools];
        PerPupil = new double[schools];
        ProgramDollars = new double[schools * programs];
        Served = new bool[schools * programs];
        GroupPerPupil = new double[formula.GroupCount];
        ProgramSchools = new double[programs];
        ProgramTotal = new double[programs];
        ProgramGained = new double[programs];
        ProgramLost = new double[programs];
        Poor = new double[schools];
        Total = new double[schools];
        Order = new int[schools];
    }

    public FundingFormula Formula { get; }

    /// <summary>Per school: formula amount plus programs.</summary>
    public double[] Dollars { get; }

    /// <summary>Per school: <see cref="Dollars"/> over its pupils; NaN for an empty school.</summary>
    public double[] PerPupil { get; }

    /// <summary>Per school and program (<c>school * programs + program</c>): the program's amount.</summary>
    public double[] ProgramDollars { get; }

    /// <summary>Per school and program: whether the school is served (eligible and, under a ranked pot, reached).</summary>
    public bool[] Served { get; }

    /// <summary>Per group: resources per pupil its average pupil experiences; NaN for an empty group.</summary>
    public double[] GroupPerPupil { get; }

    /// <summary>All money over all pupils; NaN without pupils.</summary>
    public double DistrictPerPupil { get; internal set; }

    /// <summary>The first group's experienced resources over those of all other pupils together; NaN when either
    /// side has no pupils or no money.</summary>
    public double FirstGroupRatio { get; internal set; }

    /// <summary>Per program: schools served, total amount, and schools gained / lost against the district data.</summary>
    public double[] ProgramSchools { get; }
    public double[] ProgramTotal { get; }
    public double[] ProgramGained { get; }
    public double[] ProgramLost { get; }

    internal double[] Poor { get; }
    internal double[] Total { get; }
    internal int[] Order { get; }
}
