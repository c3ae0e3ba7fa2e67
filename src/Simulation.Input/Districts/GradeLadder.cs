namespace Simulation.Input.Districts;

/// <summary>
/// All grade codes a schools file uses, lowest first (e.g. EE, PK, KG, 01 … 12), each with its weight: the share of
/// a campus's enrollment one grade is assumed to hold, relative to the other grades of its span.
/// </summary>
/// <remarks>A campus serving grades <c>low … high</c> is estimated to enrol
/// <c>enrollment × weight(g) / Σ weight(low … high)</c> students in grade <c>g</c>. Dallas gives early education
/// (EE) half a grade's weight because it is a part-day, partly-enrolled program.</remarks>
public sealed class GradeLadder
{
    private readonly string[] _codes;
    private readonly double[] _weights;

    public GradeLadder(IReadOnlyList<string> codes, IReadOnlyList<double> weights)
    {
        if (codes.Count == 0 || codes.Count != weights.Count)
            throw new ArgumentException("a grade ladder needs one weight per code and at least one code");
        if (codes.Distinct(StringComparer.Ordinal).Count() != codes.Count)
            throw new ArgumentException("grade codes must be distinct", nameof(codes));
        foreach (var w in weights)
            if (!double.IsFinite(w) || w <= 0) throw new ArgumentOutOfRangeException(nameof(weights), w, "weights must be > 0");
        _codes = [.. codes];
        _weights = [.. weights];
    }

    public IReadOnlyList<string> Codes => _codes;
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>Position of a code in the ladder, or -1.</summary>
    public int IndexOf(string code) => Array.IndexOf(_codes, code);

    /// <summary>Sum of the weights of ladder positions <paramref name="low"/> … <paramref name="high"/>.</summary>
    public double SpanWeight(int low, int high)
    {
        var sum = 0.0;
        for (var i = low; i <= high; i++) sum += _weights[i];
        return sum;
    }
}
