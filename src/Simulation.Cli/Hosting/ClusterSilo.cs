using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Orleans.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Simulation.Grains;

namespace Simulation.Cli.Hosting;

/// <summary>How a silo joins a cluster.</summary>
/// <param name="Listen">Address the silo and gateway listen on (default loopback).</param>
/// <param name="Advertise">Address other silos and clients are told to use (default: <paramref name="Listen"/>, or
/// loopback when listening on any address).</param>
/// <param name="SiloPort">Silo-to-silo port; 0 picks a free one.</param>
/// <param name="GatewayPort">Client gateway port; 0 picks a free one.</param>
/// <param name="Tls">Mutual TLS on silo and gateway connections; null: plain TCP.</param>
/// <param name="DashboardPort">Port of the Orleans Dashboard (HTTP, on <paramref name="Listen"/>); null: no dashboard.</param>
public sealed record SiloSettings(
    ClusterAddress Cluster, string ClusterId, string ServiceId, IPAddress Listen, IPAddress Advertise, int SiloPort, int GatewayPort,
    int? DashboardPort = null, ClusterTls? Tls = null);

/// <summary>A silo process of a cluster whose membership lives in Redis (<c>schoolsim silo</c>).</summary>
public static class ClusterSilo
{
    public static async Task<IHost> StartAsync(SiloSettings settings, CancellationToken cancellation)
    {
        // With a dashboard the silo is hosted by ASP.NET Core, which serves the dashboard's pages and API; without
        // one, by the plain generic host (no web server at all).
        WebApplicationBuilder? web = null;
        IHostApplicationBuilder builder;
        if (settings.DashboardPort is { } dashboardPort)
        {
            web = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
            web.WebHost.UseUrls($"http://{Url(settings.Listen)}:{dashboardPort}");
            builder = web;
        }
        else
            builder = Host.CreateApplicationBuilder();
        OrleansHosting.ConfigureLogging(builder, LogLevel.Warning, LogLevel.Information);
        var free = OrleansHosting.FreePorts(settings.Listen);
        var siloPort = settings.SiloPort == 0 ? free.Silo : settings.SiloPort;
        var gatewayPort = settings.GatewayPort == 0 ? free.Gateway : settings.GatewayPort;
        string? refusal = null;
        builder.UseOrleans(silo =>
        {
            silo.UseRedisClustering(o => o.ConfigurationOptions = settings.Cluster.RedisOptions(settings.Tls, reason => Volatile.Write(ref refusal, reason)));
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ServiceId;
            });
            silo.Configure<EndpointOptions>(o =>
            {
                o.AdvertisedIPAddress = settings.Advertise;
                o.SiloPort = siloPort;
                o.GatewayPort = gatewayPort;
                o.SiloListeningEndpoint = new IPEndPoint(settings.Listen, siloPort);
                o.GatewayListeningEndpoint = new IPEndPoint(settings.Listen, gatewayPort);
            });
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = SimulationSiloExtensions.ResponseTimeout);
            silo.Services.AddSimulationGrains();
            if (web is not null) silo.AddDashboard();
            if (settings.Tls is { } tls) silo.UseTls(tls.Certificate, tls.Configure);
        });
        IHost host;
        if (web is not null)
        {
            var app = web.Build();
            app.MapOrleansDashboard();
            host = app;
        }
        else
            host = ((HostApplicationBuilder)builder).Build();
        try
        {
            await host.StartAsync(cancellation);
        }
        catch (Exception e) when (e is not OperationCanceledException && Volatile.Read(ref refusal) is { } reason)
        {
            host.Dispose();
            throw new InvalidOperationException($"could not join cluster '{settings.ClusterId}' through {settings.Cluster} ({reason})", e);
        }
        return host;
    }

    private static string Url(IPAddress address) =>
        address.Equals(IPAddress.Any) ? "0.0.0.0"
        : address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
}
