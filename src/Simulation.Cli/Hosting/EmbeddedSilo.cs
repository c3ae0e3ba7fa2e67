using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Simulation.Grains;

namespace Simulation.Cli.Hosting;

/// <summary>
/// The default engine: one Orleans silo inside the command's own process, with localhost clustering on free
/// loopback ports (so several runs can share a machine) and no external service.
/// </summary>
public sealed class EmbeddedSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<EmbeddedSilo> StartAsync(CancellationToken cancellation)
    {
        var builder = Host.CreateApplicationBuilder();
        OrleansHosting.ConfigureLogging(builder, LogLevel.Error, LogLevel.Warning);
        var (siloPort, gatewayPort) = OrleansHosting.FreePorts(IPAddress.Loopback);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort);
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = "schoolsim-embedded";
                o.ServiceId = "schoolsim";
            });
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = SimulationSiloExtensions.ResponseTimeout);
            silo.Services.AddSimulationGrains();
        });
        var host = builder.Build();
        await host.StartAsync(cancellation);
        return new EmbeddedSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
