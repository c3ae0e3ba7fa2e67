using System.Net;
using System.Net.Sockets;
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
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter("Orleans", LogLevel.Error);
        builder.Logging.AddFilter("Microsoft", LogLevel.Error);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        var (siloPort, gatewayPort) = FreePorts();
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

    /// <summary>Two distinct free loopback ports: both listeners are held open together, so the system cannot hand
    /// out the same port twice (silo and gateway on one port made start-up hang).</summary>
    private static (int Silo, int Gateway) FreePorts()
    {
        using var a = new TcpListener(IPAddress.Loopback, 0);
        using var b = new TcpListener(IPAddress.Loopback, 0);
        a.Start();
        b.Start();
        return (((IPEndPoint)a.LocalEndpoint).Port, ((IPEndPoint)b.LocalEndpoint).Port);
    }
}
