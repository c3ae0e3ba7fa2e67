using Orleans.Runtime;

namespace Simulation.Grains.Faults;

/// <summary>
/// Tells failures that another attempt can cure (a silo died or was unreachable, a message was rejected or timed
/// out, a call was canceled by the runtime) from those it cannot (bad input, a bug): the first are retried, on
/// another silo where it matters; the second fail the sweep with their message.
/// </summary>
/// <remarks>A call in flight to a silo that is killed can end in an <see cref="OperationCanceledException"/> ("The
/// operation was canceled.") rather than a <see cref="SiloUnavailableException"/>. The grains cancel nothing
/// themselves, so inside the cluster such an exception always means a call the runtime gave up on; the client checks
/// its own cancellation token before each retry.</remarks>
public static class TransientFailure
{
    public static bool Is(Exception e) => e switch
    {
        SiloUnavailableException or OrleansMessageRejectionException or TimeoutException or OperationCanceledException => true,
        AggregateException a => a.InnerExceptions.Count > 0 && a.InnerExceptions.All(Is),
        _ => e.GetType().Name is "ConnectionFailedException" or "ConnectionAbortedException" or "GatewayTooBusyException",
    };
}
