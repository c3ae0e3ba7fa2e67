using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Simulation.Grains.Placement;

/// <summary>
/// Places a grain on the silo its string key names (<c>SiloAddress.ToParsableString()</c>), so a caller can address
/// "the worker of silo X" and spread batches over silos itself. Orleans' own strategies cannot: stateless workers
/// always activate on the calling silo, and random or load-based placement gives no control over the spread.
/// </summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class SiloKeyPlacement : PlacementStrategy;

/// <summary>Marks a grain class for <see cref="SiloKeyPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloKeyPlacementAttribute() : PlacementAttribute(new SiloKeyPlacement());

/// <summary>Chooses the silo named by the key; if that silo is gone (or cannot host the grain) the activation is
/// refused, and the caller, which lists live silos itself, picks another.</summary>
public sealed class SiloKeyPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        var silo = SiloAddress.FromParsableString(key);
        foreach (var compatible in context.GetCompatibleSilos(target))
            if (compatible.Equals(silo))
                return Task.FromResult(compatible);
        throw new SiloUnavailableException($"silo {key} is not an active silo that can host {target.GrainIdentity.Type}");
    }
}
