namespace Simulation.Grains.Abstractions;

/// <summary>Receives a sweep's results on the client (or whichever process writes the dataset).</summary>
/// <remarks>Rows of a scenario arrive in replication order. After a failure a scenario may be driven again, so rows
/// already received can arrive a second time; the observer keeps the first copy (they are identical: every
/// replication's randomness derives from its number alone).</remarks>
public interface ISweepObserver : IGrainObserver
{
    /// <summary>The first replication of the scenario the observer does not have yet: where a (re)started scenario
    /// begins.</summary>
    Task<int> GetNextReplication(string scenarioId);

    /// <summary>The next rows of a scenario; the observer persists them before returning (back-pressure).</summary>
    Task OnRows(ReplicationRows rows);

    /// <summary>The sweep ended; <paramref name="error"/> is null on success.</summary>
    Task OnSweepCompleted(string? error);
}

/// <summary>Runs a sweep: fans scenarios out to <see cref="IScenarioGrain"/>s, retries a scenario whose grain was lost
/// with its silo, and reports to an observer. Key: sweep id.</summary>
public interface ISweepGrain : IGrainWithStringKey
{
    /// <summary>Starts the sweep in the background and returns at once; results arrive at the observer.</summary>
    Task Start(SweepPlan plan, ISweepObserver observer);

    Task<SweepStatus> GetStatus();
}

/// <summary>Runs one scenario's replications in batches spread over the cluster's silos and streams the rows, in
/// replication order, to the observer. Key: scenario id.</summary>
public interface IScenarioGrain : IGrainWithStringKey
{
    /// <summary>Runs the replications the observer does not have yet (from
    /// <see cref="ISweepObserver.GetNextReplication"/>) and returns when it has them all. Idempotent.</summary>
    /// <param name="maxParallelBatches">Batches in flight at once; 0 means two per worker slot of the cluster.</param>
    Task Run(string districtHash, ScenarioEntry entry, int batchSize, int maxParallelBatches, ISweepObserver observer);
}

/// <summary>One silo's share of the work: batches sent here run on that silo's cores. Key: the silo's address
/// (<c>SiloAddress.ToParsableString()</c>); the grain is placed on that silo.</summary>
public interface ISiloWorkerGrain : IGrainWithStringKey
{
    /// <summary>Batches the silo runs at once (its cores).</summary>
    Task<int> GetSlots();

    Task<BatchResult> RunBatch(BatchRequest request);
}

/// <summary>Runs batches of replications with the core on a silo-local cached district and compiled scenario.</summary>
public interface IReplicationWorkerGrain : IGrainWithIntegerKey
{
    Task<BatchResult> RunBatch(BatchRequest request);
}

/// <summary>Owns a district snapshot. Key: the district's content hash.</summary>
public interface IDistrictGrain : IGrainWithStringKey
{
    Task Publish(DistrictPayload payload);

    Task<DistrictPayload?> GetPayload();

    /// <summary>Whether the payload is here (false on an activation that replaced one lost with its silo).</summary>
    Task<bool> IsPublished();
}

/// <summary>One entity of a district (school, neighborhood or cohort) with its running outcome statistics per
/// scenario. The key starts with the district hash; see each kind.</summary>
public interface IDistrictEntityGrain : IGrainWithStringKey
{
    /// <summary>The entity's own data, read from the district snapshot.</summary>
    Task<EntityProfile> GetProfile();

    /// <summary>Adds a block of replication totals for one scenario; value names are fixed per kind.</summary>
    Task Record(EntityTotalsUpdate update);

    /// <summary>Running statistics so far, or null if the scenario has not reported to this entity.</summary>
    Task<EntityOutcome?> GetOutcome(string scenarioId);
}

/// <summary>A school of a district. Key: <c>{district hash}/{school id}</c>.</summary>
public interface ISchoolGrain : IDistrictEntityGrain;

/// <summary>A neighborhood of a district. Key: <c>{district hash}/{neighborhood id}</c>.</summary>
public interface INeighborhoodGrain : IDistrictEntityGrain;

/// <summary>A cohort (neighborhood × grade × group). Key: <c>{district hash}/{neighborhood id}/{grade}/{group}</c>.</summary>
public interface ICohortGrain : IDistrictEntityGrain;
