namespace Simulation.Core.Boundaries.Constraints;

/// <summary>
/// A rule every plan of an ensemble must satisfy (the GerryChain "constraint": <c>Plan → bool</c>).
/// </summary>
/// <remarks>
/// <para><see cref="IsSatisfiedBy"/> judges a whole plan; a chain calls it once, on the initial plan.
/// <see cref="IsSatisfiedByChild"/> judges a child of a plan that satisfied the rule, looking only at what changed
/// (the moved units and the changed zones), so a step costs O(change) rather than O(plan). For such a child both
/// answers agree; tests check this on random flips.</para>
/// <para>Thread safety: implementations may keep scratch buffers; use one instance per chain.</para>
/// </remarks>
public interface IPlanConstraint
{
    /// <summary>Name used in error messages and in acceptance statistics (e.g. <c>contiguity</c>).</summary>
    string Name { get; }

    bool IsSatisfiedBy(Plan plan);

    bool IsSatisfiedByChild(Plan child);
}
