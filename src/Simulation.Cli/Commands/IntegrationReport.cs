using System.Globalization;
using System.Text;
using System.Text.Json;
using Simulation.Core.Metrics;
using Simulation.Input.Enrollment;

namespace Simulation.Cli.Commands;

/// <summary>One output row of <c>schoolsim metrics</c>; <see cref="Group"/> and <see cref="OtherGroup"/> are null
/// where the metric has no such key.</summary>
public sealed record MetricRow(string Metric, string? Group, string? OtherGroup, double Value);

/// <summary>
/// The integration indices of an enrollment table as tidy rows <c>metric,group,other_group,value</c>, and their CSV
/// and JSON forms. The metric names are a stable interface, documented with formulas in <c>docs/metrics.md</c>.
/// </summary>
public static class IntegrationReport
{
    /// <summary>Every row for <paramref name="table"/>, in a fixed order (metric by metric, groups in table order).</summary>
    public static List<MetricRow> Rows(EnrollmentTable table, IReadOnlyList<double> bands, (int A, int B)? pair)
    {
        var groups = table.Groups;
        var k = groups.Count;
        var p = new IntegrationProfile(table.Units.Count, k, bands);
        p.Compute(table.Counts);
        var rows = new List<MetricRow>
        {
            new("units", null, null, table.Units.Count),
            new("students", null, null, p.Students),
        };
        void PerGroup(string metric, ReadOnlySpan<double> values)
        {
            for (var g = 0; g < k; g++) rows.Add(new(metric, groups[g], null, values[g]));
        }
        PerGroup("students", p.GroupTotals);
        PerGroup("group_share", p.GroupShares);
        rows.Add(new("entropy", null, null, p.Entropy));
        rows.Add(new("dissimilarity", null, null, p.Dissimilarity));
        rows.Add(new("gini", null, null, p.Gini));
        rows.Add(new("mutual_information", null, null, p.MutualInformation));
        rows.Add(new("theil_h", null, null, p.TheilH));
        rows.Add(new("normalized_exposure", null, null, p.NormalizedExposure));
        PerGroup("dissimilarity_vs_rest", p.DissimilarityVsRest);
        PerGroup("gini_vs_rest", p.GiniVsRest);
        PerGroup("mutual_information_vs_rest", p.MutualInformationVsRest);
        PerGroup("theil_h_vs_rest", p.TheilHVsRest);
        PerGroup("local_segregation", p.LocalByGroup);
        for (var g = 0; g < k; g++) rows.Add(new("isolation", groups[g], null, p.Exposure[g * k + g]));
        for (var x = 0; x < k; x++)
            for (var y = 0; y < k; y++) rows.Add(new("exposure", groups[x], groups[y], p.Exposure[x * k + y]));
        PerGroup("correlation_ratio", p.CorrelationRatio);
        for (var b = 0; b < p.Bands.Count; b++)
        {
            var band = p.Bands[b].ToString("R", CultureInfo.InvariantCulture);
            rows.Add(new($"representative_units_{band}", null, null, p.RepresentativeUnitShareAllGroups(b)));
            PerGroup($"representative_units_{band}", p.RepresentativeUnitShare(b));
            rows.Add(new($"representative_students_{band}", null, null, p.RepresentativeStudentShareAllGroups(b)));
            PerGroup($"representative_students_{band}", p.RepresentativeStudentShare(b));
        }
        if (pair is var (a, c))
        {
            var counts = CountMatrix.Pair(table.Counts, k, a, c);
            var exposure = ExposureIndex.Matrix(counts, 2);
            var (ga, gc) = (groups[a], groups[c]);
            rows.Add(new("dissimilarity_pair", ga, gc, DissimilarityIndex.Compute(counts, 2)));
            rows.Add(new("gini_pair", ga, gc, GiniIndex.Compute(counts, 2)));
            rows.Add(new("mutual_information_pair", ga, gc, TheilIndex.MutualInformation(counts, 2)));
            rows.Add(new("theil_h_pair", ga, gc, TheilIndex.H(counts, 2)));
            rows.Add(new("isolation_pair", ga, gc, exposure[0]));
            rows.Add(new("isolation_pair", gc, ga, exposure[3]));
            rows.Add(new("exposure_pair", ga, gc, exposure[1]));
            rows.Add(new("exposure_pair", gc, ga, exposure[2]));
        }
        if (table.NestingOfUnit is { } nestingOfUnit)
        {
            var n = NestedDecomposition.Compute(table.Counts, k, nestingOfUnit, table.Nesting!.Count);
            rows.Add(new("mutual_information_between", null, null, n.Between));
            rows.Add(new("mutual_information_within", null, null, n.Within));
            rows.Add(new("theil_h_between", null, null, n.BetweenH));
            rows.Add(new("theil_h_within", null, null, n.WithinH));
        }
        return rows;
    }

    /// <summary>CSV with header <c>metric,group,other_group,value</c>; empty cells for absent keys, values in
    /// round-trip form (<c>"R"</c>), undefined values as <c>NaN</c>; fields quoted only when they must be.</summary>
    public static string ToCsv(IEnumerable<MetricRow> rows)
    {
        var text = new StringBuilder("metric,group,other_group,value\n");
        foreach (var r in rows)
            text.Append(Field(r.Metric)).Append(',').Append(Field(r.Group)).Append(',').Append(Field(r.OtherGroup)).Append(',')
                .Append(r.Value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        return text.ToString();
    }

    /// <summary>A JSON array of <c>{"metric", "group", "other_group", "value"}</c> objects; absent keys and
    /// undefined values are <c>null</c>; numbers in shortest round-trip form.</summary>
    public static string ToJson(IEnumerable<MetricRow> rows)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var r in rows)
            {
                json.WriteStartObject();
                json.WriteString("metric", r.Metric);
                json.WriteString("group", r.Group);
                json.WriteString("other_group", r.OtherGroup);
                if (double.IsNaN(r.Value)) json.WriteNull("value");
                else json.WriteNumber("value", r.Value);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static string Field(string? value) =>
        value is null ? "" :
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
