using System.Net;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using Simulation.Cli.Hosting;

namespace Simulation.Cli.Commands;

/// <summary>
/// <c>schoolsim silo --cluster redis://HOST:PORT [--cluster-id ID] [--service-id ID] [--port P] [--gateway-port G]
/// [--listen ADDR] [--advertise ADDR] [--dashboard PORT] [--tls-certificate FILE [--tls-password-file FILE]] [--redis-ca FILE]</c>:
/// runs a silo that joins a cluster with Redis membership (<c>rediss://</c>: over TLS) and works on
/// whatever sweeps clients (<c>schoolsim run --cluster</c>) send, until it is stopped (Ctrl-C or SIGTERM).
/// </summary>
/// <remarks>Binds to loopback unless <c>--listen</c> says otherwise (the dashboard too: it has no authentication, so
/// expose it beyond loopback only on a trusted network). Prints one line <c>silo ready: …</c> on standard
/// output once it has joined. The Redis password, if any, is never printed.</remarks>
public static class SiloCommand
{
    public const string Usage =
        "schoolsim silo --cluster redis://HOST:PORT [--cluster-id ID] [--service-id ID] [--port P] [--gateway-port G] [--listen ADDR] [--advertise ADDR] [--dashboard PORT] " +
        "[--tls-certificate FILE [--tls-password-file FILE]] [--redis-ca FILE]";

    public const string DefaultClusterId = "schoolsim";
    public const string DefaultServiceId = "schoolsim";

    public static async Task<int> ExecuteAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        var a = Arguments.Parse(args, ["cluster", "cluster-id", "service-id", "port", "gateway-port", "listen", "advertise", "dashboard", "tls-certificate", "tls-password-file", "redis-ca"], []);
        if (a.Positionals.Count != 0) throw new UsageException("silo takes no positional arguments\nusage: " + Usage);
        var cluster = ClusterAddress.Parse(a.Get("cluster") ?? throw new UsageException("silo needs --cluster redis://HOST:PORT\nusage: " + Usage))
            .WithCertificateAuthorities(a.Get("redis-ca"));
        var listen = ParseAddress(a, "listen") ?? IPAddress.Loopback;
        var advertise = ParseAddress(a, "advertise") ?? (listen.Equals(IPAddress.Any) || listen.Equals(IPAddress.IPv6Any) ? IPAddress.Loopback : listen);
        var settings = new SiloSettings(cluster, Id(a, "cluster-id", DefaultClusterId), Id(a, "service-id", DefaultServiceId),
            listen, advertise, Port(a, "port"), Port(a, "gateway-port"),
            a.Has("dashboard") ? DashboardPort(a) : null, ClusterTls.From(a));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        var host = await ClusterSilo.StartAsync(settings, stop.Token);
        try
        {
            var details = (ILocalSiloDetails)host.Services.GetService(typeof(ILocalSiloDetails))!;
            stdout.WriteLine($"silo ready: {details.SiloAddress} gateway {details.GatewayAddress?.Endpoint.Port.ToString() ?? "none"} " +
                             $"cluster '{settings.ClusterId}' service '{settings.ServiceId}' membership {cluster}" +
                             (settings.DashboardPort is { } dashboard ? $" dashboard http://{settings.Listen}:{dashboard}/" : "") +
                             (settings.Tls is { } tls ? $" tls {tls.Name} (SHA-256 {tls.Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)[..16]}…)" : ""));
            stdout.Flush();
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
            stderr.WriteLine("schoolsim silo: stopping");
            await host.StopAsync(CancellationToken.None);
            return 0;
        }
        finally
        {
            host.Dispose();
        }
    }

    internal static string Id(Arguments a, string name, string fallback)
    {
        var id = a.Get(name) ?? fallback;
        if (id.Length == 0 || id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            throw new UsageException($"option --{name}: use letters, digits, '-', '_' or '.', got '{id}'");
        return id;
    }

    private static int Port(Arguments a, string name)
    {
        var port = a.GetInt(name, 0) ?? 0;
        if (port > 65535) throw new UsageException($"option --{name}: expected a port in [0, 65535], got {port}");
        return port;
    }

    private static int DashboardPort(Arguments a)
    {
        var port = Port(a, "dashboard");
        if (port == 0) throw new UsageException("option --dashboard: give the port to serve the dashboard on (1–65535)");
        return port;
    }

    private static IPAddress? ParseAddress(Arguments a, string name)
    {
        var text = a.Get(name);
        if (text is null) return null;
        return IPAddress.TryParse(text, out var address) ? address
            : throw new UsageException($"option --{name}: expected an IP address (such as 127.0.0.1 or 0.0.0.0), got '{text}'");
    }
}
