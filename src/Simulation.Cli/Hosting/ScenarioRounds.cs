using Simulation.Core.Model;
using Simulation.Core.Replications;
using Simulation.Grains.Sweeps;
using Simulation.Grains.Workers;

namespace Simulation.Cli.Hosting;

/// <summary>
/// Runs rounds of replications of several scenarios through the same engine as <c>schoolsim run</c> — one sweep on
/// the embedded silo per round and district, or the plain loop with <c>--no-grains</c> — and hands back each
/// scenario's results in replication order. The silo is started once and kept for every round.
/// </summary>
public sealed class ScenarioRounds : IAsyncDisposable
{
    private readonly EmbeddedSilo? _silo;
    private readonly SweepOptions _options;

    private ScenarioRounds(EmbeddedSilo? silo, SweepOptions options) => (_silo, _options) = (silo, options);

    public static async Task<ScenarioRounds> StartAsync(bool grains, SweepOptions options, CancellationToken cancellation) =>
        new(grains ? await EmbeddedSilo.StartAsync(cancellation) : null, options);

    /// <summary>Runs replications <c>[first, first + Spec.Replications)</c> of every scenario.</summary>
    /// <param name="compiled">The compiled scenarios, in the order of <paramref name="planned"/> indices.</param>
    /// <returns>Per scenario (by planned index), its results in replication order.</returns>
    public async Task<IReadOnlyList<ReplicationResult>[]> RunAsync(District district, IReadOnlyList<PlannedScenario> planned,
        IReadOnlyList<CompiledScenario> compiled, int first, Action<int> progress, CancellationToken cancellation)
    {
        var results = new IReadOnlyList<ReplicationResult>[planned.Count];
        if (_silo is null)
        {
            foreach (var p in planned)
                results[p.Index] = PlainLoop.Run(compiled[p.Index], _options.BatchSize, _options.MaxParallelBatches, progress, cancellation, first);
            return results;
        }
        var round = planned.Select(p => p with { FirstReplication = first }).ToList();
        var indexOf = round.ToDictionary(p => p.ScenarioId, p => p.Index);
        var gathered = round.ToDictionary(p => p.ScenarioId, _ => new List<ReplicationResult>());
        await new SweepClient(_silo.Grains).RunAsync($"round-{Guid.NewGuid():N}", district, round, _options,
            rows =>
            {
                // The client delivers each scenario's rows once, in replication order.
                gathered[rows.ScenarioId].AddRange(BatchAssembly.Unpack(rows, district.SchoolCount, district.GroupCount,
                    compiled[indexOf[rows.ScenarioId]].Catalog.Count));
                progress(rows.Count);
                return Task.CompletedTask;
            }, cancellation: cancellation);
        foreach (var (id, list) in gathered) results[indexOf[id]] = list;
        return results;
    }

    public async ValueTask DisposeAsync()
    {
        if (_silo is not null) await _silo.DisposeAsync();
    }
}
