namespace Simulation.Core.Statistics;

/// <summary>Which way a metric is better, for "probability that the proposal is better".</summary>
public enum MetricDirection
{
    /// <summary>No better direction (counts, shares that are neither good nor bad by themselves).</summary>
    None = 0,

    /// <summary>Smaller values are better (segregation indices, travel, gaps to targets).</summary>
    LowerIsBetter = 1,

    /// <summary>Larger values are better (admission rates, representativeness, resources).</summary>
    HigherIsBetter = 2,
}

/// <summary>
/// The better direction of each metric name: built-in defaults for the <see cref="Replications.MetricCatalog"/>
/// names (and for name families other metrics are expected to use, such as <c>resources_per_pupil_&lt;group&gt;</c>),
/// overridable per name, so a metric added later gets a direction from a rules file without code changes.
/// </summary>
/// <remarks>Immutable; <see cref="With"/> returns a copy. Unknown names have <see cref="MetricDirection.None"/>.</remarks>
public sealed class MetricDirections
{
    private static readonly Dictionary<string, MetricDirection> Exact = new(StringComparer.Ordinal)
    {
        ["dissimilarity"] = MetricDirection.LowerIsBetter,
        ["theil_h"] = MetricDirection.LowerIsBetter,
        ["mutual_information"] = MetricDirection.LowerIsBetter,
        ["gini"] = MetricDirection.LowerIsBetter,
        ["normalized_exposure"] = MetricDirection.LowerIsBetter,
        ["max_travel_km"] = MetricDirection.LowerIsBetter,
    };

    private static readonly (string Prefix, MetricDirection Direction)[] Prefixes =
    [
        ("schools_within_", MetricDirection.HigherIsBetter),
        ("students_within_", MetricDirection.HigherIsBetter),
        ("admission_rate_", MetricDirection.HigherIsBetter),
        ("first_choice_rate_", MetricDirection.HigherIsBetter),
        ("resources_per_pupil_", MetricDirection.HigherIsBetter),
        ("target_gap_", MetricDirection.LowerIsBetter),
        ("mean_travel_km_", MetricDirection.LowerIsBetter),
        ("max_travel_km_", MetricDirection.LowerIsBetter),
        ("correlation_ratio_", MetricDirection.LowerIsBetter),
    ];

    private readonly Dictionary<string, MetricDirection> _overrides;

    private MetricDirections(Dictionary<string, MetricDirection> overrides) => _overrides = overrides;

    /// <summary>The built-in directions alone.</summary>
    public static MetricDirections Default { get; } = new(new Dictionary<string, MetricDirection>(StringComparer.Ordinal));

    /// <summary>A copy in which <paramref name="metric"/> has <paramref name="direction"/>.</summary>
    public MetricDirections With(string metric, MetricDirection direction)
    {
        Preconditions.NotNull(metric, nameof(metric));
        return new MetricDirections(new Dictionary<string, MetricDirection>(_overrides, StringComparer.Ordinal) { [metric] = direction });
    }

    public MetricDirection Of(string metric)
    {
        Preconditions.NotNull(metric, nameof(metric));
        if (_overrides.TryGetValue(metric, out var d)) return d;
        if (Exact.TryGetValue(metric, out d)) return d;
        foreach (var (prefix, direction) in Prefixes)
            if (metric.StartsWith(prefix, StringComparison.Ordinal)) return direction;
        return MetricDirection.None;
    }

    /// <summary>The file form of a direction: <c>lower</c>, <c>higher</c> or <c>none</c>.</summary>
    public static string Name(MetricDirection direction) => direction switch
    {
        MetricDirection.LowerIsBetter => "lower",
        MetricDirection.HigherIsBetter => "higher",
        _ => "none",
    };
}
