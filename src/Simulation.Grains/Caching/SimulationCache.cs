using System.Collections.Concurrent;
using Simulation.Core.Model;
using Simulation.Core.Replications;
using Simulation.Grains.Abstractions;
using Simulation.Grains.Wire;

namespace Simulation.Grains.Caching;

/// <summary>
/// Silo-local cache of districts (fetched once from their <see cref="IDistrictGrain"/>) and compiled scenarios with
/// a pool of reusable <see cref="ReplicationRunner"/>s, so a batch message costs a dictionary lookup rather than a
/// recompilation. Bounded: the least recently used compiled scenarios are dropped beyond <see cref="Capacity"/>.
/// </summary>
/// <remarks>Thread-safe: stateless worker activations on many threads share it.</remarks>
public sealed class SimulationCache(IGrainFactory grains)
{
    public const int Capacity = 32;

    private readonly ConcurrentDictionary<string, Lazy<Task<District>>> _districts = new();
    private readonly ConcurrentDictionary<string, Entry> _scenarios = new();
    private long _clock;

    public async Task<District> GetDistrict(string hash)
    {
        var fetch = _districts.GetOrAdd(hash, h => new Lazy<Task<District>>(() => FetchDistrict(h)));
        try
        {
            return await fetch.Value;
        }
        catch
        {
            // A failed fetch is not cached: the next batch asks again.
            _districts.TryRemove(new KeyValuePair<string, Lazy<Task<District>>>(hash, fetch));
            throw;
        }
    }

    /// <summary>How long a silo waits for a district to be (re)published: the grain holding it may have been lost
    /// with its silo, and the client publishes it again within a few seconds.</summary>
    public static readonly TimeSpan PublishWait = TimeSpan.FromSeconds(90);

    /// <summary>The compiled scenario, compiled once per silo.</summary>
    public async Task<CompiledScenario> GetCompiled(string districtHash, string scenarioId, byte[] spec) =>
        (await GetEntry(districtHash, scenarioId, spec)).Compiled.Value;

    /// <summary>Rents a runner for the scenario; return it with <see cref="Return"/>.</summary>
    public async Task<ReplicationRunner> RentRunner(string districtHash, string scenarioId, byte[] spec)
    {
        var entry = await GetEntry(districtHash, scenarioId, spec);
        return entry.Runners.TryTake(out var runner) ? runner : new ReplicationRunner(entry.Compiled.Value);
    }

    private async Task<Entry> GetEntry(string districtHash, string scenarioId, byte[] spec)
    {
        var district = await GetDistrict(districtHash);
        var entry = _scenarios.GetOrAdd(scenarioId, _ => new Entry(new Lazy<CompiledScenario>(
            () => Compile(district, spec))));
        entry.LastUse = Interlocked.Increment(ref _clock);
        Trim();
        return entry;
    }

    /// <summary>Compiles a scenario; a scenario error becomes an <see cref="ArgumentException"/> with the same
    /// message, a type every Orleans peer can deserialize (the core's exception types are not wire types).</summary>
    private static CompiledScenario Compile(District district, byte[] spec)
    {
        try
        {
            return CompiledScenario.Compile(district, WireFormat.DeserializeScenario(spec));
        }
        catch (Simulation.Core.Scenarios.ScenarioFormatException e)
        {
            throw new ArgumentException(e.Message);
        }
    }

    public void Return(string scenarioId, ReplicationRunner runner)
    {
        if (_scenarios.TryGetValue(scenarioId, out var entry)) entry.Runners.Add(runner);
    }

    private async Task<District> FetchDistrict(string hash)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var payload = await grains.GetGrain<IDistrictGrain>(hash).GetPayload();
            if (payload is not null) return WireFormat.DeserializeDistrict(payload.Content);
            if (waited.Elapsed > PublishWait)
                throw new InvalidOperationException($"district {hash} was never published to the cluster");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private void Trim()
    {
        if (_scenarios.Count <= Capacity) return;
        foreach (var (key, _) in _scenarios.OrderBy(e => e.Value.LastUse).Take(_scenarios.Count - Capacity).ToList())
            _scenarios.TryRemove(key, out _);
    }

    private sealed class Entry(Lazy<CompiledScenario> compiled)
    {
        public Lazy<CompiledScenario> Compiled { get; } = compiled;
        public ConcurrentBag<ReplicationRunner> Runners { get; } = [];
        public long LastUse;
    }
}
