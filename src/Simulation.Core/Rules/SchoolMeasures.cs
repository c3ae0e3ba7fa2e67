using Simulation.Core.Model;
using Simulation.Core.Replications;

namespace Simulation.Core.Rules;

/// <summary>
/// The per-school values a rule can name — the same names as the <c>schools</c> output table's columns: <c>seats</c>,
/// <c>enrolled</c>, <c>applicants</c>, <c>waitlisted</c>, <c>capacity_use</c>, and per group
/// <c>enrolled_&lt;group&gt;</c>, <c>share_&lt;group&gt;</c>, <c>target_share_&lt;group&gt;</c>.
/// </summary>
/// <remarks>
/// <para>A per-school value added to the outputs later becomes available to rules by adding one entry here.</para>
/// <para>District-wide counterparts (for <see cref="RuleTest.WithinDistrict"/>): <c>share_&lt;group&gt;</c> → the
/// group's share of all students; <c>capacity_use</c> → all enrolled / all seats. The other measures have none.</para>
/// </remarks>
public static class SchoolMeasures
{
    private enum Kind { Seats, Enrolled, Applicants, Waitlisted, CapacityUse, EnrolledOf, ShareOf, TargetShareOf }

    /// <summary>A resolved measure: what it is and, for group measures, the group index.</summary>
    public readonly record struct Measure(int Code, int Group)
    {
        public bool HasDistrictValue => (Kind)Code is Kind.ShareOf or Kind.CapacityUse;
    }

    /// <summary>Every measure name for a district's groups, in output-column order.</summary>
    public static IReadOnlyList<string> Names(IReadOnlyList<string> groups) =>
    [
        "seats", "enrolled", "applicants", "waitlisted", "capacity_use",
        .. groups.Select(g => "enrolled_" + g), .. groups.Select(g => "share_" + g), .. groups.Select(g => "target_share_" + g),
    ];

    public static bool TryResolve(string name, IReadOnlyList<string> groups, out Measure measure)
    {
        measure = default;
        switch (name)
        {
            case "seats": measure = new((int)Kind.Seats, -1); return true;
            case "enrolled": measure = new((int)Kind.Enrolled, -1); return true;
            case "applicants": measure = new((int)Kind.Applicants, -1); return true;
            case "waitlisted": measure = new((int)Kind.Waitlisted, -1); return true;
            case "capacity_use": measure = new((int)Kind.CapacityUse, -1); return true;
        }
        foreach (var (prefix, kind) in new[] { ("enrolled_", Kind.EnrolledOf), ("share_", Kind.ShareOf), ("target_share_", Kind.TargetShareOf) })
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var g = IndexOf(groups, name[prefix.Length..]);
            if (g < 0) continue;
            measure = new((int)kind, g);
            return true;
        }
        return false;
    }

    /// <summary>The measure at school <paramref name="school"/>; NaN where undefined (a share of an empty school).</summary>
    public static double Value(Measure m, District district, ScenarioLayout layout, ReplicationResult r, int school)
    {
        var groups = district.GroupCount;
        var enrolled = 0;
        for (var k = 0; k < groups; k++) enrolled += r.Enrollment[school * groups + k];
        return (Kind)m.Code switch
        {
            Kind.Seats => layout.Seats[school],
            Kind.Enrolled => enrolled,
            Kind.Applicants => r.Applicants[school],
            Kind.Waitlisted => r.Waitlisted[school],
            Kind.CapacityUse => layout.Seats[school] > 0 ? (double)enrolled / layout.Seats[school] : double.NaN,
            Kind.EnrolledOf => r.Enrollment[school * groups + m.Group],
            Kind.ShareOf => enrolled > 0 ? (double)r.Enrollment[school * groups + m.Group] / enrolled : double.NaN,
            _ => layout.TargetShare[school * groups + m.Group],
        };
    }

    /// <summary>The measure's district-wide counterpart in one replication; NaN if it has none or it is undefined.</summary>
    public static double DistrictValue(Measure m, District district, ScenarioLayout layout, ReplicationResult r)
    {
        var groups = district.GroupCount;
        long all = 0, ofGroup = 0, seats = 0;
        for (var s = 0; s < district.SchoolCount; s++)
        {
            for (var k = 0; k < groups; k++) all += r.Enrollment[s * groups + k];
            if (m.Group >= 0) ofGroup += r.Enrollment[s * groups + m.Group];
            seats += layout.Seats[s];
        }
        return (Kind)m.Code switch
        {
            Kind.ShareOf => all > 0 ? (double)ofGroup / all : double.NaN,
            Kind.CapacityUse => seats > 0 ? (double)all / seats : double.NaN,
            _ => double.NaN,
        };
    }

    private static int IndexOf(IReadOnlyList<string> groups, string name)
    {
        for (var i = 0; i < groups.Count; i++)
            if (groups[i] == name) return i;
        return -1;
    }
}
