using Simulation.Cli.Commands;
using Simulation.Input;

namespace Simulation.Cli;

/// <summary>The <c>schoolsim</c> command line.</summary>
public static class Program
{
    public const string Usage = """
        schoolsim — Monte Carlo simulation of school assignment policies

        usage:
          schoolsim run SCENARIO.yaml [--out DIR] [--replications N] [--seed S] [--batch-size B] [--parallel P] [--no-grains] [--force] [--quiet]
                        [--report] [--suppress-below N] [--cluster redis://HOST:PORT [--cluster-id ID] [--service-id ID] [--tls-certificate FILE [--tls-password-file FILE]]
                        [--redis-ca FILE]] [--resume] [--baseline INDEX|ID|NAME]
          schoolsim report DIR [--out FILE] [--district FOLDER] [--compare FOLDER]
          schoolsim silo --cluster redis://HOST:PORT [--cluster-id ID] [--service-id ID] [--port P] [--gateway-port G] [--listen ADDR] [--advertise ADDR]
                         [--dashboard PORT] [--tls-certificate FILE [--tls-password-file FILE]] [--redis-ca FILE]
          schoolsim compare BASELINE.yaml PROPOSAL.yaml --rules RULES.yaml [--replications N] [--seed S] [--out DIR] [--until-precision E] [--precision-metrics M1,M2] [--max-replications M] [--no-grains] [--force] [--quiet]
          schoolsim statewide FOLDER --rules RULES.yaml [--replications N] [--seed S] [--out DIR] [--no-grains] [--force] [--quiet]
          schoolsim metrics --input FILE --unit COL --group COL --count COL [--pair A,B] [--within COL] [--band X[,Y...]] [--format csv|json] [--out FILE]
          schoolsim ensemble BOUNDARY.yaml [--steps N] [--chains C] [--out DIR] [--seed S] [--plan FILE] [--no-grains] [--force] [--quiet]
          schoolsim match --mechanism da|boston|ttc|rsd|school-lotteries --schools F --preferences F [--priorities F] [--students F] [--pools F] [--tie-breaking single|multiple] [--seed N] --out F
          schoolsim --help | --version

        --cluster rediss://HOST:PORT reaches Redis over TLS; --redis-ca FILE trusts that authority (PEM) for the Redis server.
        Exit codes: 0 success, 1 failure while running, 2 bad input or usage (nothing written).
        """;

    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        return await RunAsync(args, Console.Out, Console.Error, cancellation.Token);
    }

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        try
        {
            switch (args.FirstOrDefault())
            {
                case null or "--help" or "-h" or "help":
                    stdout.WriteLine(Usage);
                    return args.Length == 0 ? 2 : 0;
                case "--version":
                    stdout.WriteLine(RunCommand.EngineVersion());
                    return 0;
                case "run":
                    return await RunCommand.ExecuteAsync(args[1..], stdout, stderr, cancellation);
                case "report":
                    return await ReportCommand.ExecuteAsync(args[1..], stdout, stderr, cancellation);
                case "silo":
                    return await SiloCommand.ExecuteAsync(args[1..], stdout, stderr, cancellation);
                case "ensemble":
                    return await EnsembleCommand.ExecuteAsync(args[1..], stdout, stderr, cancellation);
                case "compare":
                    return await CompareCommand.ExecuteAsync(args[1..], stdout, stderr, cancellation);
                case "statewide":
                    return await StatewideCommand.ExecuteAsync(args[1..], stdout, stderr, cancellation);
                case "match":
                    return MatchCommand.Execute(args[1..], stdout);
                case "metrics":
                    return MetricsCommand.Execute(args[1..], stdout, stderr);
                default:
                    throw new UsageException($"unknown command '{args[0]}'\n\n{Usage}");
            }
        }
        catch (InputException e)
        {
            stderr.WriteLine("error: " + e.Message);
            return 2;
        }
        catch (UsageException e)
        {
            stderr.WriteLine("error: " + e.Message);
            return 2;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("error: cancelled");
            return 1;
        }
        catch (Exception e)
        {
            stderr.WriteLine("error: " + e.Message);
            return 1;
        }
    }
}
