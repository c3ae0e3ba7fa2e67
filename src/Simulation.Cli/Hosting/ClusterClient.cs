using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Simulation.Grains;

namespace Simulation.Cli.Hosting;

/// <summary>
/// A client of a cluster whose membership lives in Redis (<c>schoolsim run --cluster</c>): it finds the silos'
/// gateways in Redis and sends the sweep there; the process writes the dataset itself.
/// </summary>
public sealed class ClusterClient : IAsyncDisposable
{
    /// <summary>How long the client keeps looking for a gateway at start (silos may still be starting).</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);

    private readonly IHost _host;

    private ClusterClient(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<ClusterClient> ConnectAsync(ClusterAddress cluster, string clusterId, string serviceId, CancellationToken cancellation,
        ClusterTls? tls = null)
    {
        var builder = Host.CreateApplicationBuilder();
        OrleansHosting.ConfigureLogging(builder, LogLevel.Error, LogLevel.Warning);
        string? refusal = null;
        builder.UseOrleansClient(client =>
        {
            client.UseRedisClustering(o => o.ConfigurationOptions = cluster.RedisOptions(tls, reason => Volatile.Write(ref refusal, reason)));
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = serviceId;
            });
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = SimulationSiloExtensions.ResponseTimeout);
            client.Services.AddSingleton<IClientConnectionRetryFilter>(new RetryUntil(DateTime.UtcNow + ConnectTimeout));
            if (tls is not null) client.UseTls(tls.Certificate, tls.Configure);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Dispose();
            var cause = Volatile.Read(ref refusal) ?? e.Message;
            throw new InvalidOperationException(
                $"could not reach a silo of cluster '{clusterId}' through {cluster} within {ConnectTimeout.TotalSeconds:F0} s ({cause})", e);
        }
        return new ClusterClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private sealed class RetryUntil(DateTime deadline) : IClientConnectionRetryFilter
    {
        public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
        {
            if (DateTime.UtcNow >= deadline) return false;
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            return true;
        }
    }
}
