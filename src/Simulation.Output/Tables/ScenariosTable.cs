using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Simulation.Core.Mechanisms;
using Simulation.Core.Model;
using Simulation.Core.Replications;
using Simulation.Core.Scenarios;

namespace Simulation.Output.Tables;

/// <summary>The <c>scenarios</c> table: one row per scenario with its resolved parameters and sweep-axis values.</summary>
internal static class ScenariosTable
{
    public const string ParameterPrefix = "param_";

    private static readonly JsonSerializerOptions CampusSetJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <param name="scenarios">Scenarios in table order, each with the layout it was simulated with.</param>
    public static IReadOnlyList<TableColumn> Columns(
        District district, IReadOnlyList<(ScenarioRecord Scenario, ScenarioLayout Layout)> scenarios)
    {
        ScenarioSpec Spec(int row) => scenarios[row].Scenario.Spec;
        var columns = new List<TableColumn>
        {
            TableColumn.String("scenario_id", i => scenarios[i].Scenario.ScenarioId),
            TableColumn.Int32("scenario_index", i => scenarios[i].Scenario.ScenarioIndex),
            TableColumn.String("name", i => Spec(i).Name),
            TableColumn.Int64("seed", i => TableColumn.SeedValue(Spec(i).Seed)),
            TableColumn.Int32("replications", i => Spec(i).Replications),
            TableColumn.String("grades", i => string.Join(',', Spec(i).Grades.Count == 0 ? district.GradeNames : Spec(i).Grades)),
            TableColumn.Int32("list_length", i => Spec(i).Choice.ListLength),
            TableColumn.String("tie_breaking", i => Spec(i).Choice.TieBreaking.ToString().ToLowerInvariant()),
            TableColumn.String("mechanism", i => AssignmentMechanisms.NameOf(Spec(i).Choice.Mechanism)),
            TableColumn.Double("home_area_cutoff", i => scenarios[i].Layout.HomeAreaCutoff),
        };
        foreach (var group in district.GroupNames)
            columns.Add(TableColumn.Double("apply_" + group,
                i => Spec(i).Choice.ApplyProbability.GetValueOrDefault(group, double.NaN)));
        foreach (var group in district.GroupNames)
            columns.Add(TableColumn.Double("utility_distance_per_km_" + group,
                i => Spec(i).Choice.Utility.TryGetValue(group, out var u) ? u.DistancePerKm : double.NaN));
        foreach (var group in district.GroupNames)
            columns.Add(TableColumn.Double("utility_rating_" + group,
                i => Spec(i).Choice.Utility.TryGetValue(group, out var u) ? u.Rating : double.NaN));
        columns.Add(TableColumn.String("campus_sets", i => JsonSerializer.Serialize(Spec(i).CampusSets, CampusSetJson)));
        columns.Add(TableColumn.NullableString("boundary_plan", i => Spec(i).Boundaries?.Plan));
        columns.AddRange(ParameterColumns(scenarios.Select(s => s.Scenario.Spec.Parameters).ToList()));
        return columns;
    }

    /// <summary>The column name of a sweep axis: <c>param_</c> + its path with '.' replaced by '_'.</summary>
    public static string ParameterColumnName(string path) => ParameterPrefix + path.Replace('.', '_');

    /// <summary>One column per sweep axis, in order of first appearance; numeric (double) when every value of the
    /// axis parses as an invariant-culture number, text otherwise. A scenario without the axis gets null.</summary>
    private static IEnumerable<TableColumn> ParameterColumns(IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> parameters)
    {
        var paths = parameters.SelectMany(p => p.Select(kv => kv.Key)).Distinct().ToList();
        foreach (var path in paths)
        {
            var values = parameters.Select(p => p.FirstOrDefault(kv => kv.Key == path).Value).ToArray();
            var numbers = new double[values.Length];
            var numeric = true;
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] is null) numbers[i] = double.NaN;
                else if (!double.TryParse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]))
                    numeric = false;
            }
            var name = ParameterColumnName(path);
            yield return numeric
                ? TableColumn.Double(name, i => numbers[i])
                : TableColumn.NullableString(name, i => values[i]);
        }
    }
}
