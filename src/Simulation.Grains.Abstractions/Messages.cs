namespace Simulation.Grains.Abstractions;

/// <summary>A district as it travels between client and silos: its content hash (the key of its
/// <see cref="IDistrictGrain"/>) and its canonical serialized form.</summary>
[GenerateSerializer, Immutable]
public sealed record DistrictPayload([property: Id(0)] string Hash, [property: Id(1)] byte[] Content);

/// <summary>One scenario of a sweep: its id (a hash of district and parameters), its position in the grid and its
/// serialized specification; it runs replications <c>[FirstReplication, FirstReplication + Replications)</c> (a
/// later round of an adaptive comparison starts past 0).</summary>
[GenerateSerializer, Immutable]
public sealed record ScenarioEntry(
    [property: Id(0)] string ScenarioId,
    [property: Id(1)] int Index,
    [property: Id(2)] byte[] Spec,
    [property: Id(3)] int Replications,
    [property: Id(4)] int FirstReplication = 0);

/// <summary>Everything a sweep needs; validated by the client before it is sent.</summary>
/// <param name="BatchSize">Replications per worker message.</param>
/// <param name="MaxParallelBatches">Batches of one scenario in flight at once (roughly the cores to use).</param>
/// <param name="MaxParallelScenarios">Scenarios in flight at once.</param>
[GenerateSerializer, Immutable]
public sealed record SweepPlan(
    [property: Id(0)] string SweepId,
    [property: Id(1)] string DistrictHash,
    [property: Id(2)] IReadOnlyList<ScenarioEntry> Scenarios,
    [property: Id(3)] int BatchSize,
    [property: Id(4)] int MaxParallelBatches,
    [property: Id(5)] int MaxParallelScenarios);

/// <summary>A request to run replications <c>[First, First + Count)</c> of one scenario.</summary>
[GenerateSerializer, Immutable]
public sealed record BatchRequest(
    [property: Id(0)] string DistrictHash,
    [property: Id(1)] string ScenarioId,
    [property: Id(2)] byte[] Spec,
    [property: Id(3)] int First,
    [property: Id(4)] int Count);

/// <summary>
/// Rows of consecutive replications <c>[First, First + Count)</c> of one scenario, flattened replication-major:
/// <c>Enrollment</c> holds <c>Count × schools × groups</c> values, <c>Applicants</c> and <c>Waitlisted</c>
/// <c>Count × schools</c>, <c>Metrics</c> <c>Count × metrics</c>. What the dataset writer needs, nothing more.
/// </summary>
/// <param name="Silo">The silo that computed them (for reports on where work ran); never written to the dataset,
/// whose bytes do not depend on it.</param>
[GenerateSerializer, Immutable]
public sealed record ReplicationRows(
    [property: Id(0)] string ScenarioId,
    [property: Id(1)] int First,
    [property: Id(2)] int Count,
    [property: Id(3)] int[] Enrollment,
    [property: Id(4)] int[] Applicants,
    [property: Id(5)] int[] Waitlisted,
    [property: Id(6)] double[] Metrics,
    [property: Id(7)] string Silo)
{
    /// <summary>The rows from replication <paramref name="first"/> on (which must lie within these rows).</summary>
    public ReplicationRows From(int first)
    {
        if (first == First) return this;
        ArgumentOutOfRangeException.ThrowIfLessThan(first, First);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first, First + Count);
        var skip = first - First;
        T[] Tail<T>(T[] a) => a[(a.Length / Count * skip)..];
        return this with { First = first, Count = Count - skip, Enrollment = Tail(Enrollment), Applicants = Tail(Applicants),
            Waitlisted = Tail(Waitlisted), Metrics = Tail(Metrics) };
    }
}

/// <summary>A batch's rows and its entity totals (sums and sums of squares per school, neighborhood and cohort, for
/// the entity grains' running statistics).</summary>
[GenerateSerializer, Immutable]
public sealed record BatchResult(
    [property: Id(0)] ReplicationRows Rows,
    [property: Id(1)] EntityTotals Totals);

/// <summary>
/// Sums over replications of per-entity outcomes: <c>N</c> replications; for each entity <c>e</c> and value
/// <c>v</c>, <c>Sum[e * Values + v]</c> and <c>SumSquares[...]</c>. Value meanings depend on the entity kind (see
/// <see cref="EntityTotals"/> producers). Totals merge by addition, so batch order does not matter.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TotalsBlock(
    [property: Id(0)] int Values,
    [property: Id(1)] double[] Sum,
    [property: Id(2)] double[] SumSquares);

/// <summary>Per-batch totals for schools (enrolled by group), neighborhoods and cohorts (applicants, admitted).</summary>
[GenerateSerializer, Immutable]
public sealed record EntityTotals(
    [property: Id(0)] int Replications,
    [property: Id(1)] TotalsBlock Schools,
    [property: Id(2)] TotalsBlock Neighborhoods,
    [property: Id(3)] TotalsBlock Cohorts);

/// <summary>Running statistics of one entity under one scenario, across the replications finished so far.</summary>
[GenerateSerializer, Immutable]
public sealed record EntityOutcome(
    [property: Id(0)] string ScenarioId,
    [property: Id(1)] int Replications,
    [property: Id(2)] IReadOnlyList<string> Names,
    [property: Id(3)] double[] Mean,
    [property: Id(4)] double[] StandardDeviation);

/// <summary>Progress of a sweep. <c>Running</c> is false on an activation that runs no sweep, for example one that
/// replaced an activation lost with its silo: the client then starts the remaining work again.</summary>
[GenerateSerializer, Immutable]
public sealed record SweepStatus(
    [property: Id(0)] string SweepId,
    [property: Id(1)] int ScenariosTotal,
    [property: Id(2)] int ScenariosCompleted,
    [property: Id(3)] long ReplicationsTotal,
    [property: Id(4)] long ReplicationsCompleted,
    [property: Id(5)] string? Error,
    [property: Id(6)] bool Running);

/// <summary>What an entity grain knows of its entity: kind, id and descriptive attributes (name, location,
/// capacity, zoned school, counts…).</summary>
[GenerateSerializer, Immutable]
public sealed record EntityProfile(
    [property: Id(0)] string Kind,
    [property: Id(1)] string Id,
    [property: Id(2)] IReadOnlyList<KeyValuePair<string, string>> Attributes);

/// <summary>Replication totals of one entity under one scenario, sent to its grain in one immutable message (no
/// copy inside a silo).</summary>
[GenerateSerializer, Immutable]
public sealed record EntityTotalsUpdate(
    [property: Id(0)] string ScenarioId,
    [property: Id(1)] IReadOnlyList<string> Names,
    [property: Id(2)] int Replications,
    [property: Id(3)] double[] Sum,
    [property: Id(4)] double[] SumSquares);
