using Simulation.Core.Randomness;

namespace Simulation.Core.Boundaries.Acceptance;

/// <summary>Decides whether a valid proposal replaces the current plan (the GerryChain "accept": <c>Plan → bool</c>).</summary>
public interface IAcceptance
{
    string Name { get; }

    bool Accept(Plan current, Plan proposed, ref RandomStream random);
}

/// <summary>Accepts every valid proposal (GerryChain's <c>always_accept</c>).</summary>
public sealed class AlwaysAccept : IAcceptance
{
    public string Name => "always";

    public bool Accept(Plan current, Plan proposed, ref RandomStream random) => true;
}
