using System.Globalization;
using System.Net;

namespace Simulation.Report.Html;

/// <summary>Small helpers for writing HTML and SVG text: escaping, invariant numbers and the diverging colour scale.</summary>
internal static class Svg
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>An SVG coordinate: invariant culture, one decimal.</summary>
    public static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>A value for people: four significant digits, "—" when undefined.</summary>
    public static string F(double? value) => value switch
    {
        null => "—",
        double d when double.IsNaN(d) => "—",
        double d when Math.Abs(d) >= 1000 => d.ToString("N0", CultureInfo.InvariantCulture),
        double d when Math.Abs(d) >= 100 => d.ToString("0.#", CultureInfo.InvariantCulture),
        double d => d.ToString("0.####", CultureInfo.InvariantCulture),
    };

    /// <summary>A share as a percentage with one decimal.</summary>
    public static string P(double? value) => value is { } v && !double.IsNaN(v)
        ? (100 * v).ToString("0.0", CultureInfo.InvariantCulture) + "%"
        : "—";

    private static readonly (int R, int G, int B) Low = (33, 102, 172), Mid = (247, 247, 247), High = (178, 24, 43);

    /// <summary>
    /// Diverging colour (blue – light grey – red, ColorBrewer RdBu ends) with <paramref name="mid"/> as the midpoint:
    /// values from <paramref name="min"/> to the midpoint and from the midpoint to <paramref name="max"/> each use
    /// half of the scale (two-slope normalization), so the district share is always the neutral colour.
    /// </summary>
    public static string Diverging(double value, double min, double mid, double max)
    {
        double t = value < mid
            ? -Math.Clamp((mid - value) / Math.Max(mid - min, 1e-12), 0, 1)
            : Math.Clamp((value - mid) / Math.Max(max - mid, 1e-12), 0, 1);
        var (a, b) = t < 0 ? (Mid, Low) : (Mid, High);
        var u = Math.Abs(t);
        return $"#{Mix(a.R, b.R, u):x2}{Mix(a.G, b.G, u):x2}{Mix(a.B, b.B, u):x2}";
    }

    private static int Mix(int a, int b, double t) => (int)Math.Round(a + (b - a) * t);

    /// <summary>Categorical colours for series (Okabe–Ito, colour-blind safe).</summary>
    public static readonly string[] Series = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#f0e442", "#000000"];

    /// <summary>About five round tick values covering [min, max].</summary>
    public static double[] Ticks(double min, double max, int target = 5)
    {
        if (!(max > min)) return [min];
        var raw = (max - min) / target;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        var first = Math.Ceiling(min / step - 1e-9) * step;
        var ticks = new List<double>();
        for (var v = first; v <= max + step * 1e-9; v += step) ticks.Add(Math.Round(v / step) * step);
        return [.. ticks];
    }

    public static string Tick(double value) => (value == 0 ? 0 : value).ToString("0.####", CultureInfo.InvariantCulture);
}
