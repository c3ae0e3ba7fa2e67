using Orleans.Runtime;
using Simulation.Grains.Faults;

namespace Simulation.Grains.Tests;

/// <summary>Which failures the grains and the client retry, and which fail a sweep with their message.</summary>
public sealed class TransientFailureTests
{
    [Fact]
    public void Is_LostSiloOrCanceledCall_IsRetried()
    {
        Assert.True(TransientFailure.Is(new SiloUnavailableException()));
        Assert.True(TransientFailure.Is(new TimeoutException()));
        // A call in flight to a killed silo can end canceled by the runtime.
        Assert.True(TransientFailure.Is(new OperationCanceledException()));
        Assert.True(TransientFailure.Is(new TaskCanceledException()));
        Assert.True(TransientFailure.Is(new AggregateException(new SiloUnavailableException(), new OperationCanceledException())));
    }

    [Fact]
    public void Is_BadInputOrBug_FailsTheSweep()
    {
        Assert.False(TransientFailure.Is(new ArgumentException("bad scenario")));
        Assert.False(TransientFailure.Is(new InvalidOperationException()));
        Assert.False(TransientFailure.Is(new AggregateException(new SiloUnavailableException(), new ArgumentException())));
        Assert.False(TransientFailure.Is(new AggregateException()));
    }
}
