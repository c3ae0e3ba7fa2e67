using Simulation.Core.Model;
using Simulation.Core.Scenarios;

namespace Simulation.Input.Scenarios;

/// <summary>
/// Checks a bound scenario against the district it names: group names, campus ids and grades must exist there.
/// </summary>
/// <remarks>Errors are <see cref="ScenarioFormatException"/>s located in the scenario document (the expanded one, so a
/// swept value is reported at its sweep line).</remarks>
public static class ScenarioDistrictCheck
{
    public static void Check(ScenarioSpec spec, MapNode document, District district)
    {
        for (var i = 0; i < spec.Grades.Count; i++)
            if (district.IndexOfGrade(spec.Grades[i]) < 0)
                throw Error(document, $"grades.{i}",
                    $"grade '{spec.Grades[i]}' is not a grade of district {district.Id} ({string.Join(", ", district.GradeNames)})");

        SameGroups(document, "choice.apply", spec.Choice.ApplyProbability.Keys, district);
        SameGroups(document, "choice.utility", spec.Choice.Utility.Keys, district);
        if (spec.Choice.Score is { } score) SameGroups(document, "choice.score", score.Keys, district);

        foreach (var set in spec.CampusSets)
        {
            for (var i = 0; i < set.Schools.Count; i++)
            {
                var s = district.IndexOfSchool(set.Schools[i]);
                if (s < 0)
                    throw Error(document, $"campuses.{set.Name}.schools.{i}",
                        $"campus {set.Schools[i]} is not a school of district {district.Id}");
                if (!district.Schools[s].IsChoice)
                    throw Error(document, $"campuses.{set.Name}.schools.{i}",
                        $"campus {set.Schools[i]} ({district.Schools[s].Name}) is a zoned school, not a choice campus");
            }
            for (var i = 0; i < (set.Priorities?.Count ?? 0); i++)
                if (set.Priorities![i] is { Kind: PriorityClassKind.Group, Group: { } group } && district.IndexOfGroup(group) < 0)
                    throw Error(document, $"campuses.{set.Name}.priorities.{i}",
                        $"group '{group}' is not a group of district {district.Id} ({string.Join(", ", district.GroupNames)})");
            foreach (var pool in set.Pools)
                if (pool.Eligible.Group is { } group && district.IndexOfGroup(group) < 0)
                    throw Error(document, $"campuses.{set.Name}.pools.{pool.Name}.eligible",
                        $"group '{group}' is not a group of district {district.Id} ({string.Join(", ", district.GroupNames)})");
            foreach (var rule in set.Tickets ?? [])
                if (rule.Who.Group is { } group && district.IndexOfGroup(group) < 0)
                    throw Error(document, $"campuses.{set.Name}.tickets.{rule.Who}",
                        $"group '{group}' is not a group of district {district.Id} ({string.Join(", ", district.GroupNames)})");
            if (set.ControlledChoice is { } band)
            {
                if (district.IndexOfGroup(band.Group) < 0)
                    throw Error(document, $"campuses.{set.Name}.controlled_choice.group",
                        $"group '{band.Group}' is not a group of district {district.Id} ({string.Join(", ", district.GroupNames)})");
                if (district.GroupCount != 2)
                    throw Error(document, $"campuses.{set.Name}.controlled_choice",
                        $"controlled choice bands one group against the rest: district {district.Id} has {district.GroupCount} groups, not 2");
            }
        }

        if (spec.Funding is { } funding)
        {
            foreach (var group in funding.GroupWeights.Keys)
                if (district.IndexOfGroup(group) < 0)
                    throw Error(document, $"funding.weights.{group}",
                        $"'{group}' is neither a group of district {district.Id} ({string.Join(", ", district.GroupNames)}) nor '{ScenarioBinder.EnglishLearnerWeight}' or '{ScenarioBinder.SpecialEducationWeight}'");
            if (funding.PovertyGroup is { } poverty && district.IndexOfGroup(poverty) < 0)
                throw Error(document, "funding.poverty_group",
                    $"'{poverty}' is not a group of district {district.Id} ({string.Join(", ", district.GroupNames)})");
        }
    }

    private static void SameGroups(MapNode document, string path, IEnumerable<string> groups, District district)
    {
        var given = groups.ToArray();
        foreach (var group in given)
            if (district.IndexOfGroup(group) < 0)
                throw Error(document, $"{path}.{group}",
                    $"'{group}' is not a group of district {district.Id} ({string.Join(", ", district.GroupNames)})");
        foreach (var group in district.GroupNames)
            if (!given.Contains(group))
                throw Error(document, path, $"group '{group}' is missing; give a value for every group of district {district.Id} ({string.Join(", ", district.GroupNames)})");
    }

    private static ScenarioFormatException Error(MapNode document, string path, string message) =>
        new(path, SweepGrid.Find(document, path)?.Line ?? 0, message);
}
