using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Simulation.Cli.Hosting;

/// <summary>What the embedded silo, cluster silos and cluster clients share: quiet logging on standard error and
/// free-port selection.</summary>
internal static class OrleansHosting
{
    /// <summary>Orleans and Microsoft logs at <paramref name="orleans"/> and above, ours at <paramref name="own"/>,
    /// single-line on standard error (standard output carries results).</summary>
    public static void ConfigureLogging(IHostApplicationBuilder builder, LogLevel orleans, LogLevel own)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.AddFilter("Orleans", orleans);
        builder.Logging.AddFilter("Microsoft", orleans);
        builder.Logging.AddFilter("StackExchange", orleans);
        builder.Logging.AddFilter("Polly", orleans);
        builder.Logging.SetMinimumLevel(own);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    /// <summary>Two distinct free ports on <paramref name="address"/>: both listeners are held open together, so the
    /// system cannot hand out the same port twice (silo and gateway on one port made start-up hang).</summary>
    public static (int Silo, int Gateway) FreePorts(IPAddress address)
    {
        using var a = new TcpListener(address, 0);
        using var b = new TcpListener(address, 0);
        a.Start();
        b.Start();
        return (((IPEndPoint)a.LocalEndpoint).Port, ((IPEndPoint)b.LocalEndpoint).Port);
    }
}
