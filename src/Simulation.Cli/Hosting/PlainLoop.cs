using System.Collections.Concurrent;
using Simulation.Core.Replications;
using Simulation.Output;

namespace Simulation.Cli.Hosting;

/// <summary>
/// Runs a scenario's replications as a plain parallel loop over the core, without Orleans: the same batches, the same
/// runners, the same seeds. <c>schoolsim run --no-grains</c> uses it to measure what the grains cost; its dataset must
/// be bit-identical to the grains' (any difference is a bug).
/// </summary>
/// <remarks>Replications run in blocks of <see cref="DatasetWriter.RowGroupReplications"/>; each block is handed over
/// in order before the next starts, so memory does not grow with the replication count.</remarks>
public static class PlainLoop
{
    /// <param name="first">The first replication to run; runs <c>[first, first + Replications)</c>.</param>
    public static ReplicationResult[] Run(CompiledScenario scenario, int batchSize, int parallelism, Action<int> onBatch, CancellationToken cancellation, int first = 0)
    {
        var all = new ReplicationResult[scenario.Spec.Replications];
        RunBlock(scenario, first, all, batchSize, parallelism, onBatch, new ConcurrentBag<ReplicationRunner>(), cancellation);
        return all;
    }

    /// <summary>Runs every replication and awaits <paramref name="onBlock"/> with each block, in replication order.</summary>
    public static async Task RunAsync(CompiledScenario scenario, int batchSize, int parallelism,
        Func<IReadOnlyList<ReplicationResult>, Task> onBlock, CancellationToken cancellation)
    {
        var replications = scenario.Spec.Replications;
        var runners = new ConcurrentBag<ReplicationRunner>();
        for (var first = 0; first < replications; first += DatasetWriter.RowGroupReplications)
        {
            var block = new ReplicationResult[Math.Min(DatasetWriter.RowGroupReplications, replications - first)];
            RunBlock(scenario, first, block, batchSize, parallelism, _ => { }, runners, cancellation);
            await onBlock(block);
        }
    }

    /// <param name="runners">Runners left by earlier blocks, taken back here: a runner holds buffers for every student,
    /// so building new ones per block would leave megabytes for the garbage collector to promote and discard.</param>
    private static void RunBlock(CompiledScenario scenario, int first, ReplicationResult[] results, int batchSize, int parallelism,
        Action<int> onBatch, ConcurrentBag<ReplicationRunner> runners, CancellationToken cancellation)
    {
        var batches = (results.Length + batchSize - 1) / batchSize;
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellation };
        Parallel.For(0, batches, options, () => runners.TryTake(out var runner) ? runner : new ReplicationRunner(scenario), (batch, _, runner) =>
        {
            var start = batch * batchSize;
            var count = Math.Min(batchSize, results.Length - start);
            for (var i = start; i < start + count; i++) results[i] = runner.Run(first + i);
            onBatch(count);
            return runner;
        }, runners.Add);
    }
}
