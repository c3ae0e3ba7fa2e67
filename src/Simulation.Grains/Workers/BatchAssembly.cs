using Simulation.Core.Replications;
using Simulation.Grains.Abstractions;

namespace Simulation.Grains.Workers;

/// <summary>Packs core replication results into the flat wire layout and back, and computes entity totals.</summary>
public static class BatchAssembly
{
    /// <summary>Value names of each entity kind's totals, given the district's group names.</summary>
    public static IReadOnlyList<string> SchoolValues(IReadOnlyList<string> groups) => groups.Select(g => "enrolled_" + g).ToArray();

    public static IReadOnlyList<string> ResidentValues(IReadOnlyList<string> groups) =>
        groups.Select(g => "applicants_" + g).Concat(groups.Select(g => "admitted_" + g)).ToArray();

    public static readonly IReadOnlyList<string> CohortValues = ["applicants", "admitted"];

    public static BatchResult Pack(string scenarioId, int first, CompiledScenario scenario, IReadOnlyList<ReplicationResult> results)
    {
        var d = scenario.District;
        var count = results.Count;
        var sg = d.SchoolCount * d.GroupCount;
        var metrics = scenario.Catalog.Count;
        var enrollment = new int[count * sg];
        var applicants = new int[count * d.SchoolCount];
        var waitlisted = new int[count * d.SchoolCount];
        var values = new double[count * metrics];
        var schools = new Accumulator(d.SchoolCount, d.GroupCount);
        var neighborhoods = new Accumulator(d.NeighborhoodCount, 2 * d.GroupCount);
        var cohorts = new Accumulator(scenario.CohortIds.Length, 2);
        var residents = new double[d.NeighborhoodCount * 2 * d.GroupCount];
        for (var i = 0; i < count; i++)
        {
            var r = results[i];
            if (r.Replication != first + i) throw new InvalidOperationException("results must be consecutive replications");
            r.Enrollment.CopyTo(enrollment, i * sg);
            r.Applicants.CopyTo(applicants, i * d.SchoolCount);
            r.Waitlisted.CopyTo(waitlisted, i * d.SchoolCount);
            r.Metrics.CopyTo(values, i * metrics);
            for (var e = 0; e < sg; e++) schools.Add(e, r.Enrollment[e]);
            Array.Clear(residents);
            for (var c = 0; c < scenario.CohortIds.Length; c++)
            {
                cohorts.Add(c * 2, r.CohortApplicants[c]);
                cohorts.Add(c * 2 + 1, r.CohortAdmitted[c]);
                var n = scenario.CohortNeighborhood[c];
                var k = scenario.CohortGroup[c];
                residents[n * 2 * d.GroupCount + k] += r.CohortApplicants[c];
                residents[n * 2 * d.GroupCount + d.GroupCount + k] += r.CohortAdmitted[c];
            }
            for (var e = 0; e < residents.Length; e++) neighborhoods.Add(e, residents[e]);
        }
        return new BatchResult(scenarioId, first, count, enrollment, applicants, waitlisted, values,
            new EntityTotals(count, schools.ToBlock(), neighborhoods.ToBlock(), cohorts.ToBlock()));
    }

    /// <summary>Element-wise sum of two totals blocks.</summary>
    public static TotalsBlock Merge(TotalsBlock? a, TotalsBlock b)
    {
        if (a is null) return b;
        var sum = new double[a.Sum.Length];
        var squares = new double[a.Sum.Length];
        for (var i = 0; i < sum.Length; i++)
        {
            sum[i] = a.Sum[i] + b.Sum[i];
            squares[i] = a.SumSquares[i] + b.SumSquares[i];
        }
        return new TotalsBlock(a.Values, sum, squares);
    }

    private sealed class Accumulator(int entities, int values)
    {
        private readonly double[] _sum = new double[entities * values];
        private readonly double[] _squares = new double[entities * values];

        public void Add(int index, double value)
        {
            _sum[index] += value;
            _squares[index] += value * value;
        }

        public TotalsBlock ToBlock() => new(values, _sum, _squares);
    }

    /// <summary>Splits a scenario result back into core replication results (entity totals are not carried).</summary>
    public static IReadOnlyList<ReplicationResult> Unpack(ScenarioResult result, int schools, int groups, int metrics)
    {
        var list = new ReplicationResult[result.Replications];
        for (var r = 0; r < result.Replications; r++)
            list[r] = new ReplicationResult(result.FirstReplication + r,
                result.Enrollment[(r * schools * groups)..((r + 1) * schools * groups)],
                result.Applicants[(r * schools)..((r + 1) * schools)],
                result.Waitlisted[(r * schools)..((r + 1) * schools)],
                result.Metrics[(r * metrics)..((r + 1) * metrics)]);
        return list;
    }
}
