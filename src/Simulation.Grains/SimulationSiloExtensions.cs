using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Simulation.Grains.Caching;
using Simulation.Grains.Placement;

namespace Simulation.Grains;

/// <summary>Registers the services the simulation grains need on a silo.</summary>
public static class SimulationSiloExtensions
{
    /// <summary>How long a grain call may take: a scenario call lasts as long as its replications run, so hosts
    /// raise Orleans' 30-second default to this.</summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromHours(6);

    /// <summary>The silo cache and the placement that lets a scenario address each silo's worker.</summary>
    public static IServiceCollection AddSimulationGrains(this IServiceCollection services)
    {
        services.AddSingleton<SimulationCache>();
        services.AddPlacementDirector<SiloKeyPlacement, SiloKeyPlacementDirector>();
        return services;
    }
}
