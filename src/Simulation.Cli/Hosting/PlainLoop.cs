using Simulation.Core.Replications;

namespace Simulation.Cli.Hosting;

/// <summary>
/// Runs a scenario's replications as a plain parallel loop over the core, without Orleans: the same batches, the same
/// runners, the same seeds. <c>schoolsim run --no-grains</c> uses it to measure what the grains cost; its dataset must
/// be bit-identical to the grains' (any difference is a bug).
/// </summary>
public static class PlainLoop
{
    /// <param name="first">The first replication to run; runs <c>[first, first + Replications)</c>.</param>
    public static ReplicationResult[] Run(CompiledScenario scenario, int batchSize, int parallelism, Action<int> onBatch, CancellationToken cancellation, int first = 0)
    {
        var replications = scenario.Spec.Replications;
        var results = new ReplicationResult[replications];
        var batches = (replications + batchSize - 1) / batchSize;
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellation };
        Parallel.For(0, batches, options, () => new ReplicationRunner(scenario), (batch, _, runner) =>
        {
            var start = batch * batchSize;
            var count = Math.Min(batchSize, replications - start);
            for (var r = start; r < start + count; r++) results[r] = runner.Run(first + r);
            onBatch(count);
            return runner;
        }, _ => { });
        return results;
    }
}
