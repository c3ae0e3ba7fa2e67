namespace Simulation.Grains.Abstractions;

/// <summary>Receives a sweep's results on the client (or whichever process writes the dataset).</summary>
public interface ISweepObserver : IGrainObserver
{
    /// <summary>A batch of replications finished (for progress display).</summary>
    Task OnReplicationsCompleted(string scenarioId, int count);

    /// <summary>A scenario finished; the observer persists it before returning (back-pressure).</summary>
    Task OnScenarioCompleted(ScenarioResult result);

    /// <summary>The sweep ended; <paramref name="error"/> is null on success.</summary>
    Task OnSweepCompleted(string? error);
}

/// <summary>Runs a sweep: fans scenarios out to <see cref="IScenarioGrain"/>s and reports to an observer. Key: sweep id.</summary>
public interface ISweepGrain : IGrainWithStringKey
{
    /// <summary>Starts the sweep in the background and returns at once; results arrive at the observer.</summary>
    Task Start(SweepPlan plan, ISweepObserver observer);

    Task<SweepStatus> GetStatus();
}

/// <summary>Runs one scenario's replications in batches on stateless workers and reduces them. Key: scenario id.</summary>
public interface IScenarioGrain : IGrainWithStringKey
{
    /// <summary>Runs every replication; idempotent (the same entry always gives the same result).</summary>
    Task<ScenarioResult> Run(string districtHash, ScenarioEntry entry, int batchSize, int maxParallelBatches, ISweepObserver? observer);
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
