using Orleans.Runtime;

namespace Simulation.Grains.Faults;

/// <summary>
/// Tells failures that another attempt can cure (a silo died or was unreachable, a message was rejected or timed
/// out) from those it cannot (bad input, a bug): the first are retried, on another silo where it matters; the
/// second fail the sweep with their message.
/// </summary>
public static class TransientFailure
{
    public static bool Is(Exception e) => e switch
    {
        SiloUnavailableException or OrleansMessageRejectionException or TimeoutException => true,
        AggregateException a => a.InnerExceptions.Count > 0 && a.InnerExceptions.All(Is),
        _ => e.GetType().Name is "ConnectionFailedException" or "ConnectionAbortedException" or "GatewayTooBusyException",
    };
}
