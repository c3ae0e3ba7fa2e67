using Simulation.Core.Model;
using Simulation.Grains.Abstractions;
using Simulation.Grains.Caching;

namespace Simulation.Grains.Entities;

/// <summary>
/// Shared behaviour of school, neighborhood and cohort grains: the entity's profile from the district snapshot and
/// running outcome statistics per scenario (sums and sums of squares merged from replication totals).
/// </summary>
public abstract class DistrictEntityGrain(SimulationCache cache) : Grain, IDistrictEntityGrain
{
    private readonly Dictionary<string, Running> _outcomes = [];

    protected string DistrictHash => this.GetPrimaryKeyString().Split('/')[0];

    protected string[] KeyParts => this.GetPrimaryKeyString().Split('/')[1..];

    public async Task<EntityProfile> GetProfile() => Describe(await cache.GetDistrict(DistrictHash));

    protected abstract EntityProfile Describe(District district);

    public Task Record(EntityTotalsUpdate update)
    {
        var (scenarioId, names, replications, sum, sumSquares) = (update.ScenarioId, update.Names, update.Replications, update.Sum, update.SumSquares);
        if (!_outcomes.TryGetValue(scenarioId, out var running))
            _outcomes[scenarioId] = running = new Running([.. names], new double[names.Count], new double[names.Count]);
        if (running.Names.Length != sum.Length || sumSquares.Length != sum.Length)
            throw new ArgumentException("totals do not match the value names recorded for this scenario");
        running.Replications += replications;
        for (var i = 0; i < sum.Length; i++)
        {
            running.Sum[i] += sum[i];
            running.SumSquares[i] += sumSquares[i];
        }
        return Task.CompletedTask;
    }

    public Task<EntityOutcome?> GetOutcome(string scenarioId)
    {
        if (!_outcomes.TryGetValue(scenarioId, out var r)) return Task.FromResult<EntityOutcome?>(null);
        var n = r.Replications;
        var mean = r.Sum.Select(s => s / n).ToArray();
        var sd = r.Sum.Select((s, i) => n > 1 ? Math.Sqrt(Math.Max(0, (r.SumSquares[i] - s * s / n) / (n - 1))) : double.NaN).ToArray();
        return Task.FromResult<EntityOutcome?>(new EntityOutcome(scenarioId, n, r.Names, mean, sd));
    }

    protected static KeyValuePair<string, string> Attribute(string name, object value) =>
        new(name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "");

    private sealed class Running(string[] names, double[] sum, double[] sumSquares)
    {
        public string[] Names { get; } = names;
        public double[] Sum { get; } = sum;
        public double[] SumSquares { get; } = sumSquares;
        public int Replications;
    }
}

/// <summary>A school: profile (name, rating, seats, choice or zoned, location) and enrollment by group per scenario.</summary>
public sealed class SchoolGrain(SimulationCache cache) : DistrictEntityGrain(cache), ISchoolGrain
{
    protected override EntityProfile Describe(District d)
    {
        var s = d.IndexOfSchool(KeyParts[0]);
        if (s < 0) throw new ArgumentException($"no school '{KeyParts[0]}' in district {d.Id}");
        var school = d.Schools[s];
        return new EntityProfile("school", school.Id,
        [
            Attribute("name", school.Name), Attribute("rating", school.Rating), Attribute("is_choice", school.IsChoice),
            Attribute("seats", d.Seats(s)), Attribute("x", school.X), Attribute("y", school.Y),
            Attribute("real_enrollment", school.RealEnrollment), Attribute("real_ed_share", school.RealEdShare),
        ]);
    }
}

/// <summary>A neighborhood: profile (zoned school, child poverty, residents by group) and residents' applications
/// and admissions per scenario.</summary>
public sealed class NeighborhoodGrain(SimulationCache cache) : DistrictEntityGrain(cache), INeighborhoodGrain
{
    protected override EntityProfile Describe(District d)
    {
        var n = Array.FindIndex(d.Neighborhoods, x => x.Id == KeyParts[0]);
        if (n < 0) throw new ArgumentException($"no neighborhood '{KeyParts[0]}' in district {d.Id}");
        var nb = d.Neighborhoods[n];
        var attributes = new List<KeyValuePair<string, string>>
        {
            Attribute("name", nb.Name), Attribute("zoned_school", d.Schools[nb.ZonedSchool].Id),
            Attribute("child_poverty_rate", nb.ChildPovertyRate), Attribute("x", nb.X), Attribute("y", nb.Y),
        };
        for (var k = 0; k < d.GroupCount; k++)
        {
            var residents = 0;
            for (var g = 0; g < d.GradeCount; g++) residents += d.CohortCounts[d.CohortIndex(n, g, k)];
            attributes.Add(Attribute("students_" + d.GroupNames[k], residents));
        }
        return new EntityProfile("neighborhood", nb.Id, attributes);
    }
}

/// <summary>A cohort (neighborhood × grade × group): profile (size, zoned school) and applications and admissions
/// per scenario.</summary>
public sealed class CohortGrain(SimulationCache cache) : DistrictEntityGrain(cache), ICohortGrain
{
    protected override EntityProfile Describe(District d)
    {
        var (id, grade, group) = (KeyParts[0], KeyParts[1], KeyParts[2]);
        var n = Array.FindIndex(d.Neighborhoods, x => x.Id == id);
        var g = d.IndexOfGrade(grade);
        var k = d.IndexOfGroup(group);
        if (n < 0 || g < 0 || k < 0) throw new ArgumentException($"no cohort {id}/{grade}/{group} in district {d.Id}");
        return new EntityProfile("cohort", $"{id}/{grade}/{group}",
        [
            Attribute("neighborhood", id), Attribute("grade", grade), Attribute("group", group),
            Attribute("students", d.CohortCounts[d.CohortIndex(n, g, k)]),
            Attribute("zoned_school", d.Schools[d.Neighborhoods[n].ZonedSchool].Id),
        ]);
    }
}
