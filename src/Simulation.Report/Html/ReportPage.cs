using System.Text;
using Simulation.Report.Geography;
using Simulation.Report.Reading;
using static Simulation.Report.Html.Svg;

namespace Simulation.Report.Html;

/// <summary>
/// Builds the report's one self-contained HTML page: inline CSS, inline SVG charts and a few lines of inline script
/// (the scenario switcher and an error trap); nothing is fetched from the network. Element ids are stable so tests
/// and readers can find each part: <c>map-&lt;i&gt;</c>, <c>dist-&lt;metric&gt;</c>, <c>sweep-&lt;axis&gt;-&lt;metric&gt;</c>,
/// <c>targets-&lt;i&gt;</c>, <c>summary-&lt;i&gt;</c>, <c>summary-compare</c>, <c>verdict</c>, where <c>i</c> is the
/// scenario index.
/// </summary>
internal sealed class ReportPage(ReportDataset data, DistrictMap? map)
{
    private readonly StringBuilder _html = new();

    /// <summary>The metrics charted and compared, in display order, with their labels; those the dataset lacks are skipped.</summary>
    private IEnumerable<(string Metric, string Label)> KeyMetrics()
    {
        var f = data.FocusGroup;
        yield return ("dissimilarity", "Dissimilarity D");
        yield return ("theil_h", "Theil's H");
        yield return ("normalized_exposure", "Normalized exposure");
        yield return ("schools_within_15pt", "Schools within ±15 pt of district share");
        yield return ($"choice_share_{f}", $"Share {f} at choice campuses");
        yield return ($"target_gap_{f}", $"|{f} share − pool target| at reserving campuses");
        foreach (var g in data.Groups) yield return ($"admission_rate_{g}", $"Admission rate, {g} applicants");
        foreach (var g in data.Groups) yield return ($"first_choice_rate_{g}", $"First-choice rate, {g} applicants");
        foreach (var g in data.Groups) yield return ($"mean_travel_km_{g}", $"Mean travel km, {g}");
    }

    private List<(string Metric, string Label)> Metrics() =>
        [.. KeyMetrics().Where(m => data.Scenarios.Any(s => s.Metrics.TryGetValue(m.Metric, out var v) && v.Length > 0))];

    public string Build()
    {
        var first = data.Scenarios[0];
        _html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append($"<title>schoolsim report: {E(first.Name)} ({E(data.DistrictName)})</title>")
            .Append("<style>").Append(Css).Append("</style></head>\n<body>\n")
            .Append("<div id=\"js-errors\" role=\"alert\"></div>\n")
            .Append($"<header><h1>{E(data.DistrictName)}: {E(first.Name)}</h1><p class=\"meta\">")
            .Append($"{data.Scenarios.Count} scenario(s) · {first.Replications:N0} replications")
            .Append($" · engine {E(data.EngineVersion)} · run {E(data.CreatedAt)} · dataset <code>{E(Path.GetFileName(data.Folder.TrimEnd(Path.DirectorySeparatorChar)))}</code></p>");
        if (data.SuppressBelow is { } n)
            _html.Append($"<p class=\"notice\" id=\"suppression-notice\">Small-cell suppression: school × group counts below {n}, and the complementary cells that would reveal them, are hidden in this dataset; schools with hidden cells show as hatched and have no share.</p>");
        _html.Append("</header>\n");
        if (data.Scenarios.Count > 1)
        {
            _html.Append("<nav><label for=\"scenario-switcher\">Scenario </label><select id=\"scenario-switcher\">");
            foreach (var s in data.Scenarios) _html.Append($"<option value=\"{s.Index}\">{E(s.Label)}</option>");
            _html.Append("</select> <span class=\"hint\">The map, the 50/50 chart and the summary follow the selected scenario; the distribution and sweep charts show every scenario.</span></nav>\n");
        }
        MapSection();
        DistributionSection();
        SweepSection();
        TargetsSection();
        SummarySection();
        VerdictSection();
        _html.Append("<footer>Made by <code>schoolsim report</code>. Intervals: 2.5–97.5 % of replications (spread of outcomes) unless marked “95 % CI” (Monte Carlo uncertainty of the mean). Columns are documented in docs/outputs.md.</footer>\n");
        _html.Append("<script>").Append(Script).Append("</script>\n</body></html>\n");
        return _html.ToString();
    }

    private void ScenarioBlockStart(ScenarioData s, string cls = "scn") =>
        _html.Append($"<div class=\"{cls}\" data-scenario=\"{s.Index}\"{(s.Index == data.Scenarios[0].Index ? "" : " hidden")}>");

    private double DistrictShare(ScenarioData s)
    {
        var f = data.FocusGroup;
        return s.Summary.TryGetValue("students_" + f, out var group) && s.Summary.TryGetValue("students", out var all)
               && group.Mean is { } g && all.Mean is { } a && a > 0
            ? g / a
            : s.Schools.Where(x => x.MeanShare is not null).Select(x => x.MeanShare!.Value).DefaultIfEmpty(0.5).Average();
    }

    private void MapSection()
    {
        var f = data.FocusGroup;
        _html.Append($"<section id=\"map\"><h2>Map: simulated {E(f)} share by school</h2>");
        if (map is null)
        {
            _html.Append("<p class=\"note\" id=\"map-missing\">The district's geometry was not found, so no map is drawn (pass <code>--district DIR</code>).</p></section>\n");
            return;
        }
        var shares = data.Scenarios.SelectMany(s => s.Schools).Select(x => x.MeanShare).OfType<double>().ToList();
        // Zone outlines once; each scenario's map fills them through <use>, so a sweep does not repeat the geometry.
        _html.Append("<svg id=\"zone-shapes\" width=\"0\" height=\"0\" style=\"position:absolute\" aria-hidden=\"true\"><defs>");
        for (var k = 0; k < map.Zones.Count; k++) _html.Append($"<path id=\"zone-{k}\" d=\"{map.Zones[k].PathData}\"/>");
        _html.Append("</defs></svg>");
        foreach (var s in data.Scenarios)
        {
            var mid = DistrictShare(s);
            double min = Math.Min(shares.DefaultIfEmpty(mid).Min(), mid), max = Math.Max(shares.DefaultIfEmpty(mid).Max(), mid);
            var bySchool = s.Schools.ToDictionary(x => x.Id, StringComparer.Ordinal);
            string Fill(SchoolView? x) => x is null ? "#ddd" : x.Suppressed ? "url(#hatch)" : x.MeanShare is { } v ? Diverging(v, min, mid, max) : "#ddd";
            string Tip(SchoolView x) => x.Suppressed ? $"{x.Name} ({x.Id}): suppressed"
                : $"{x.Name} ({x.Id}): {f} share {P(x.MeanShare)} (2.5–97.5%: {P(x.ShareLow)}–{P(x.ShareHigh)}), {F(x.MeanEnrolled)} students"
                  + (x.Target is { } t ? $", pool target {P(t)}" : "");

            ScenarioBlockStart(s);
            _html.Append($"<svg id=\"map-{s.Index}\" class=\"map\" viewBox=\"0 0 {N(map.Width)} {N(map.Height)}\" width=\"{N(map.Width)}\" height=\"{N(map.Height)}\" role=\"img\" aria-label=\"Map of {E(data.DistrictName)}\">");
            _html.Append("<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#eee\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#999\" stroke-width=\"2\"/></pattern></defs>");
            _html.Append("<g class=\"zones\" stroke=\"#fff\" stroke-width=\"0.6\">");
            for (var k = 0; k < map.Zones.Count; k++)
            {
                var z = map.Zones[k];
                bySchool.TryGetValue(z.SchoolId, out var school);
                _html.Append($"<use href=\"#zone-{k}\" fill=\"{Fill(school)}\"><title>{E(z.Name)} zone → {(school is null ? E(z.SchoolId) : E(Tip(school)))}</title></use>");
            }
            _html.Append("</g><g class=\"schools\">");
            foreach (var x in s.Schools)
            {
                if (!map.Schools.TryGetValue(x.Id, out var p)) continue;
                var r = x.IsChoice ? 6 : 2.5;
                var cls = x.IsChoice ? (x.Target is null ? "choice" : "choice reserve") : "zoned";
                _html.Append($"<circle class=\"{cls}\" cx=\"{N(p.X)}\" cy=\"{N(p.Y)}\" r=\"{N(r)}\" fill=\"{Fill(x)}\"><title>{E(Tip(x))}</title></circle>");
            }
            _html.Append("</g></svg>");
            Legend(s.Index, min, mid, max);
            _html.Append("</div>");
        }
        _html.Append($"<p class=\"note\">Zones take their zoned school's colour; large circles are choice campuses (thick outline: campuses with seat pools, e.g. 50/50). Colours diverge at the district's {E(f)} share: blue below, red above. Hover for values.</p></section>\n");
    }

    private void Legend(int index, double min, double mid, double max)
    {
        const double w = 300, h = 12, x0 = 10;
        _html.Append($"<svg id=\"map-legend-{index}\" class=\"legend\" width=\"{N(w + 20)}\" height=\"40\" viewBox=\"0 0 {N(w + 20)} 40\">");
        const int steps = 40;
        for (var i = 0; i < steps; i++)
        {
            var t = (i + 0.5) / steps;
            var v = t < 0.5 ? min + (mid - min) * (t / 0.5) : mid + (max - mid) * ((t - 0.5) / 0.5);
            _html.Append($"<rect x=\"{N(x0 + w * i / steps)}\" y=\"2\" width=\"{N(w / steps + 0.5)}\" height=\"{N(h)}\" fill=\"{Diverging(v, min, mid, max)}\"/>");
        }
        _html.Append($"<text x=\"{N(x0)}\" y=\"30\" text-anchor=\"start\">{P(min)}</text><text x=\"{N(x0 + w / 2)}\" y=\"30\" text-anchor=\"middle\">district {P(mid)}</text><text x=\"{N(x0 + w)}\" y=\"30\" text-anchor=\"end\">{P(max)}</text></svg>");
    }

    private void DistributionSection()
    {
        _html.Append("<section id=\"distributions\"><h2>Distributions across replications</h2><p class=\"note\">Box: 25–75 %; whiskers: 2.5–97.5 %; line: median; dot: mean. One row per scenario");
        if (data.SweepAxes.Count > 0)
            _html.Append(", labelled by its sweep values (").Append(E(string.Join(" · ", data.SweepAxes.Select(a => a.Name)))).Append(')');
        _html.Append(".</p><div class=\"grid\">");
        foreach (var (metric, label) in Metrics())
        {
            var rows = data.Scenarios.Select(s => (s, values: s.Metrics.TryGetValue(metric, out var v) ? v.Order().ToArray() : [])).ToList();
            var all = rows.SelectMany(r => r.values).ToList();
            if (all.Count == 0) continue;
            double lo = all.Min(), hi = all.Max();
            if (hi - lo < 1e-12) { lo -= 0.5 * Math.Max(Math.Abs(lo), 1e-3); hi += 0.5 * Math.Max(Math.Abs(hi), 1e-3); }
            const double left = 150, width = 300, rowH = 22, top = 6;
            var height = top + rows.Count * rowH + 24;
            double X(double v) => left + (v - lo) / (hi - lo) * width;
            _html.Append($"<figure><figcaption>{E(label)} <code>{E(metric)}</code></figcaption><svg id=\"dist-{E(metric)}\" class=\"chart\" width=\"{N(left + width + 12)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(left + width + 12)} {N(height)}\">");
            Axis(lo, hi, X, top + rows.Count * rowH, top);
            for (var i = 0; i < rows.Count; i++)
            {
                var (s, v) = rows[i];
                var y = top + i * rowH + rowH / 2;
                _html.Append($"<text x=\"{N(left - 6)}\" y=\"{N(y + 4)}\" text-anchor=\"end\" class=\"label\">{E(Short(s.ShortLabel, 24))}</text>");
                if (v.Length == 0) continue;
                double q025 = ReportDataset.Quantile(v, 0.025), q25 = ReportDataset.Quantile(v, 0.25), q50 = ReportDataset.Quantile(v, 0.5),
                    q75 = ReportDataset.Quantile(v, 0.75), q975 = ReportDataset.Quantile(v, 0.975), mean = v.Average();
                var colour = Series[i % Series.Length];
                _html.Append($"<g><title>{E(s.Label)}: mean {F(mean)}, median {F(q50)}, 2.5–97.5 %: {F(q025)}–{F(q975)}, n = {v.Length}</title>")
                    .Append($"<line x1=\"{N(X(q025))}\" x2=\"{N(X(q975))}\" y1=\"{N(y)}\" y2=\"{N(y)}\" stroke=\"{colour}\"/>")
                    .Append($"<rect x=\"{N(X(q25))}\" y=\"{N(y - 6)}\" width=\"{N(Math.Max(X(q75) - X(q25), 1))}\" height=\"12\" fill=\"{colour}\" fill-opacity=\"0.25\" stroke=\"{colour}\"/>")
                    .Append($"<line x1=\"{N(X(q50))}\" x2=\"{N(X(q50))}\" y1=\"{N(y - 6)}\" y2=\"{N(y + 6)}\" stroke=\"{colour}\" stroke-width=\"2\"/>")
                    .Append($"<circle cx=\"{N(X(mean))}\" cy=\"{N(y)}\" r=\"2.5\" fill=\"#000\"/></g>");
            }
            _html.Append("</svg></figure>");
        }
        _html.Append("</div></section>\n");
    }

    private void Axis(double lo, double hi, Func<double, double> x, double y, double top)
    {
        _html.Append("<g class=\"axis\">");
        foreach (var t in Ticks(lo, hi, 4))
            _html.Append($"<line x1=\"{N(x(t))}\" x2=\"{N(x(t))}\" y1=\"{N(top)}\" y2=\"{N(y)}\" class=\"gridline\"/><text x=\"{N(x(t))}\" y=\"{N(y + 14)}\" text-anchor=\"middle\">{Tick(t)}</text>");
        _html.Append("</g>");
    }

    private void SweepSection()
    {
        _html.Append("<section id=\"sweep\"><h2>Sweep response curves</h2>");
        var axes = data.SweepAxes.Where(a => a.Numeric && data.Scenarios.Select(s => s.Parameters[a.Column]).OfType<double>().Distinct().Count() > 1).ToList();
        if (axes.Count == 0)
        {
            _html.Append(data.Scenarios.Count > 1 && data.SweepAxes.Count > 0
                ? "<p class=\"note\">The sweep's axes are not numeric; compare the scenarios in the distributions above.</p>"
                : "<p class=\"note\">This run is not a sweep over a numeric parameter.</p>");
            _html.Append("</section>\n");
            return;
        }
        _html.Append("<p class=\"note\">Points: mean with its 95 % CI (error bars); band: 2.5–97.5 % of replications. One line per combination of the other axes.</p><div class=\"grid\">");
        foreach (var axis in axes)
        {
            var others = data.SweepAxes.Where(a => a != axis).ToList();
            var series = data.Scenarios.GroupBy(s => string.Join(", ", others.Select(o => $"{o.Name}={s.Parameters[o.Column]}"))).ToList();
            foreach (var (metric, label) in Metrics())
            {
                var points = data.Scenarios.Where(s => s.Parameters[axis.Column] is double && s.Summary.TryGetValue(metric, out var m) && m.Mean is not null).ToList();
                if (points.Count < 2) continue;
                var xs = points.Select(s => (double)s.Parameters[axis.Column]!).ToList();
                var ys = points.SelectMany(s => new[] { s.Summary[metric].Q025, s.Summary[metric].Q975, s.Summary[metric].Mean, s.Summary[metric].CiLow, s.Summary[metric].CiHigh }).OfType<double>().ToList();
                double x0 = xs.Min(), x1 = xs.Max(), y0 = ys.Min(), y1 = ys.Max();
                if (y1 - y0 < 1e-12) { y0 -= 0.5; y1 += 0.5; }
                const double left = 50, top = 8, w = 300, h = 160;
                double X(double v) => left + (v - x0) / (x1 - x0) * w;
                double Y(double v) => top + (y1 - v) / (y1 - y0) * h;
                var id = $"sweep-{axis.Name}-{metric}".Replace('.', '_');
                _html.Append($"<figure><figcaption>{E(label)} vs <code>{E(axis.Name)}</code></figcaption><svg id=\"{E(id)}\" class=\"chart sweep\" width=\"{N(left + w + 12)}\" height=\"{N(top + h + 34)}\" viewBox=\"0 0 {N(left + w + 12)} {N(top + h + 34)}\">");
                Axis(x0, x1, X, top + h, top);
                _html.Append("<g class=\"axis\">");
                foreach (var t in Ticks(y0, y1, 4))
                    _html.Append($"<line x1=\"{N(left)}\" x2=\"{N(left + w)}\" y1=\"{N(Y(t))}\" y2=\"{N(Y(t))}\" class=\"gridline\"/><text x=\"{N(left - 4)}\" y=\"{N(Y(t) + 4)}\" text-anchor=\"end\">{Tick(t)}</text>");
                _html.Append("</g>");
                for (var k = 0; k < series.Count; k++)
                {
                    var colour = Series[k % Series.Length];
                    var line = series[k].Where(points.Contains).OrderBy(s => (double)s.Parameters[axis.Column]!).ToList();
                    if (line.Count == 0) continue;
                    var band = line.Where(s => s.Summary[metric].Q025 is not null && s.Summary[metric].Q975 is not null).ToList();
                    if (band.Count > 1)
                        _html.Append($"<polygon fill=\"{colour}\" fill-opacity=\"0.12\" points=\"")
                            .Append(string.Join(" ", band.Select(s => $"{N(X((double)s.Parameters[axis.Column]!))},{N(Y(s.Summary[metric].Q975!.Value))}")
                                .Concat(band.AsEnumerable().Reverse().Select(s => $"{N(X((double)s.Parameters[axis.Column]!))},{N(Y(s.Summary[metric].Q025!.Value))}"))))
                            .Append("\"/>");
                    _html.Append($"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"{string.Join(" ", line.Select(s => $"{N(X((double)s.Parameters[axis.Column]!))},{N(Y(s.Summary[metric].Mean!.Value))}"))}\"/>");
                    foreach (var s in line)
                    {
                        var m = s.Summary[metric];
                        var px = X((double)s.Parameters[axis.Column]!);
                        _html.Append($"<g><title>{E(s.Label)}: mean {F(m.Mean)} (95 % CI {F(m.CiLow)}–{F(m.CiHigh)}), 2.5–97.5 %: {F(m.Q025)}–{F(m.Q975)}</title>");
                        if (m.CiLow is { } cl && m.CiHigh is { } ch)
                            _html.Append($"<line x1=\"{N(px)}\" x2=\"{N(px)}\" y1=\"{N(Y(cl))}\" y2=\"{N(Y(ch))}\" stroke=\"{colour}\" stroke-width=\"2\"/>");
                        _html.Append($"<circle cx=\"{N(px)}\" cy=\"{N(Y(m.Mean!.Value))}\" r=\"3\" fill=\"{colour}\"/></g>");
                    }
                    if (series.Count > 1)
                        _html.Append($"<text x=\"{N(left + 6)}\" y=\"{N(top + 12 + 12 * k)}\" fill=\"{colour}\" class=\"label\">{E(Short(series[k].Key, 40))}</text>");
                }
                _html.Append("</svg></figure>");
            }
        }
        _html.Append("</div></section>\n");
    }

    private void TargetsSection()
    {
        var f = data.FocusGroup;
        _html.Append($"<section id=\"targets\"><h2>Campuses with seat pools: {E(f)} share vs pool target</h2>");
        foreach (var s in data.Scenarios)
        {
            ScenarioBlockStart(s);
            var campuses = s.Schools.Where(x => x.Target is not null).ToList();
            if (campuses.Count == 0)
            {
                _html.Append($"<p class=\"note\" id=\"targets-{s.Index}\">No campus reserves seats for {E(f)} students in this scenario.</p></div>");
                continue;
            }
            var mid = DistrictShare(s);
            const double left = 290, w = 360, rowH = 22, top = 6;
            var height = top + campuses.Count * rowH + 24;
            double X(double v) => left + v * w;
            _html.Append($"<svg id=\"targets-{s.Index}\" class=\"chart\" width=\"{N(left + w + 16)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(left + w + 16)} {N(height)}\">");
            Axis(0, 1, X, top + campuses.Count * rowH, top);
            _html.Append($"<line x1=\"{N(X(mid))}\" x2=\"{N(X(mid))}\" y1=\"{N(top)}\" y2=\"{N(top + campuses.Count * rowH)}\" class=\"district\"><title>district share {P(mid)}</title></line>");
            for (var i = 0; i < campuses.Count; i++)
            {
                var x = campuses[i];
                var y = top + i * rowH + rowH / 2;
                _html.Append($"<text x=\"{N(left - 6)}\" y=\"{N(y + 4)}\" text-anchor=\"end\" class=\"label\">{E(Short(x.Name, 36))}</text>");
                _html.Append($"<line x1=\"{N(X(x.Target!.Value))}\" x2=\"{N(X(x.Target!.Value))}\" y1=\"{N(y - 8)}\" y2=\"{N(y + 8)}\" class=\"target\"><title>pool target {P(x.Target)}</title></line>");
                if (x.MeanShare is { } mean)
                    _html.Append($"<g><title>{E(x.Name)}: {E(f)} share {P(mean)} (2.5–97.5 %: {P(x.ShareLow)}–{P(x.ShareHigh)}), target {P(x.Target)}</title>")
                        .Append($"<line x1=\"{N(X(x.ShareLow!.Value))}\" x2=\"{N(X(x.ShareHigh!.Value))}\" y1=\"{N(y)}\" y2=\"{N(y)}\" stroke=\"{Series[0]}\" stroke-width=\"3\" stroke-opacity=\"0.5\"/>")
                        .Append($"<circle cx=\"{N(X(mean))}\" cy=\"{N(y)}\" r=\"4\" fill=\"{Series[0]}\"/></g>");
                else
                    _html.Append($"<text x=\"{N(X(0.02))}\" y=\"{N(y + 4)}\" class=\"label\">{(x.Suppressed ? "suppressed" : "no students")}</text>");
            }
            _html.Append("</svg>");
            _html.Append($"<table class=\"data\" id=\"targets-table-{s.Index}\"><thead><tr><th>campus</th><th>id</th><th>{E(f)} share</th><th>2.5 %</th><th>97.5 %</th><th>pool target</th><th>students</th></tr></thead><tbody>");
            foreach (var x in campuses)
                _html.Append($"<tr><td>{E(x.Name)}</td><td>{E(x.Id)}</td><td>{(x.Suppressed ? "suppressed" : P(x.MeanShare))}</td><td>{P(x.ShareLow)}</td><td>{P(x.ShareHigh)}</td><td>{P(x.Target)}</td><td>{F(x.MeanEnrolled)}</td></tr>");
            _html.Append("</tbody></table></div>");
        }
        _html.Append($"<p class=\"note\">Dot: mean {E(f)} share across replications; bar: 2.5–97.5 %; black tick: the share of seats reserved for {E(f)} students (the pool target); dashed line: district share.</p></section>\n");
    }

    private void SummarySection()
    {
        _html.Append("<section id=\"summary\"><h2>Summary</h2>");
        var metrics = Metrics();
        if (data.Scenarios.Count > 1)
        {
            _html.Append("<table class=\"data\" id=\"summary-compare\"><thead><tr><th>scenario</th>");
            foreach (var (m, label) in metrics) _html.Append($"<th title=\"{E(label)}\">{E(m)}</th>");
            _html.Append("</tr></thead><tbody>");
            foreach (var s in data.Scenarios)
            {
                _html.Append($"<tr><td>{E(s.Label)}</td>");
                foreach (var (m, _) in metrics)
                    _html.Append(s.Summary.TryGetValue(m, out var v)
                        ? $"<td>{F(v.Mean)}<br><small>[{F(v.Q025)}, {F(v.Q975)}]</small></td>"
                        : "<td>—</td>");
                _html.Append("</tr>");
            }
            _html.Append("</tbody></table><p class=\"note\">Mean, and in brackets the 2.5–97.5 % range across replications.</p>");
        }
        foreach (var s in data.Scenarios)
        {
            ScenarioBlockStart(s);
            _html.Append($"<h3>{E(s.Label)}</h3><p class=\"meta\">scenario <code>{E(s.Id)}</code> · seed {E(s.Seed)} · {s.Replications:N0} replications</p>");
            _html.Append($"<table class=\"data\" id=\"summary-{s.Index}\"><thead><tr><th>metric</th><th>n</th><th>mean</th><th>95 % CI of mean</th><th>sd</th><th>2.5 %</th><th>median</th><th>97.5 %</th></tr></thead><tbody>");
            foreach (var (m, v) in s.Summary)
                _html.Append($"<tr><td><code>{E(m)}</code></td><td>{v.N}</td><td>{F(v.Mean)}</td><td>{F(v.CiLow)} – {F(v.CiHigh)}</td><td>{F(v.Sd)}</td><td>{F(v.Q025)}</td><td>{F(v.Q50)}</td><td>{F(v.Q975)}</td></tr>");
            _html.Append("</tbody></table></div>");
        }
        _html.Append("</section>\n");
    }

    private void VerdictSection()
    {
        _html.Append("<section id=\"verdict\"><h2>Verdict</h2>");
        if (data.Verdicts.Count == 0)
        {
            _html.Append("<p class=\"note\" id=\"verdict-absent\">No verdict table in this dataset folder. <code>schoolsim compare</code> writes one (any <code>verdict*.parquet</code> file or <code>verdict*/</code> folder is shown here).</p></section>\n");
            return;
        }
        const int maxRows = 500;
        foreach (var (name, table) in data.Verdicts)
        {
            _html.Append($"<h3>{E(name)}</h3><table class=\"data verdict\" id=\"verdict-{E(name)}\"><thead><tr>");
            foreach (var c in table.Names) _html.Append($"<th>{E(c)}</th>");
            _html.Append("</tr></thead><tbody>");
            for (var r = 0; r < Math.Min(table.RowCount, maxRows); r++)
            {
                _html.Append("<tr>");
                foreach (var c in table.Names)
                {
                    var value = table[c, r];
                    var text = value switch { null => "—", double d => F(d), bool b => b ? "yes" : "no", _ => value.ToString() };
                    // Booleans, and the verdict words of `schoolsim compare`, are coloured.
                    var cls = value switch
                    {
                        bool flag => flag ? " class=\"pass\"" : " class=\"fail\"",
                        "advances" or "meets" => " class=\"pass\"",
                        "does not advance" or "fails" => " class=\"fail\"",
                        _ => "",
                    };
                    _html.Append($"<td{cls}>{E(text)}</td>");
                }
                _html.Append("</tr>");
            }
            _html.Append("</tbody></table>");
            if (table.RowCount > maxRows) _html.Append($"<p class=\"note\">First {maxRows} of {table.RowCount:N0} rows.</p>");
        }
        _html.Append("</section>\n");
    }

    private static string Short(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private const string Css = """
        body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1200px;padding:0 16px 32px;color:#222}
        h1{font-size:22px;margin:16px 0 4px}h2{font-size:18px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:28px}h3{font-size:15px}
        .meta,.note,.hint,footer{color:#555;font-size:12px}.notice{background:#fff4e5;border:1px solid #f0c36d;padding:6px 10px}
        nav{position:sticky;top:0;background:#fff;padding:8px 0;border-bottom:1px solid #eee;z-index:2}
        .grid{display:flex;flex-wrap:wrap;gap:12px 24px}figure{margin:0}figcaption{font-size:12px;font-weight:600}
        svg text{font-size:10px;fill:#333}.label{font-size:11px}.gridline{stroke:#eee}.axis text{fill:#666}
        .map circle.zoned{stroke:#333;stroke-width:0.5}.map circle.choice{stroke:#000;stroke-width:1}
        .map circle.reserve{stroke-width:2.5}.target{stroke:#000;stroke-width:2}.district{stroke:#888;stroke-dasharray:3 3}
        table.data{border-collapse:collapse;font-size:12px;margin:8px 0}table.data th,table.data td{border-bottom:1px solid #eee;padding:3px 8px;text-align:right}
        table.data th:first-child,table.data td:first-child{text-align:left}td.pass{color:#1a7f37}td.fail{color:#b2182b;font-weight:600}
        #js-errors:empty{display:none}#js-errors{background:#fde;border:1px solid #b2182b;padding:8px;white-space:pre-wrap}
        """;

    private const string Script = """
        (function(){
          var errors=document.getElementById('js-errors');
          window.addEventListener('error',function(e){errors.textContent+='error: '+e.message+'\n';});
          var select=document.getElementById('scenario-switcher');
          function show(i){document.querySelectorAll('[data-scenario]').forEach(function(el){el.hidden=el.getAttribute('data-scenario')!==i;});}
          if(select){select.addEventListener('change',function(){show(select.value);});show(select.value);}
          document.documentElement.setAttribute('data-ready','1');
        })();
        """;
}
