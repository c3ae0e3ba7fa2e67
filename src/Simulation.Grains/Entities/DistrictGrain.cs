using Simulation.Grains.Abstractions;
using Simulation.Grains.Wire;

namespace Simulation.Grains.Entities;

/// <summary>Holds a district snapshot under its content hash so every silo can fetch it once.</summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class DistrictGrain : Grain, IDistrictGrain
{
    private DistrictPayload? _payload;

    public Task Publish(DistrictPayload payload)
    {
        if (payload.Hash != this.GetPrimaryKeyString() || WireFormat.Hash(payload.Content) != payload.Hash)
            throw new ArgumentException("the payload's content does not match this grain's hash");
        _payload = payload;
        return Task.CompletedTask;
    }

    public Task<DistrictPayload?> GetPayload() => Task.FromResult(_payload);

    public Task<bool> IsPublished() => Task.FromResult(_payload is not null);
}
