namespace Simulation.Core.Boundaries.Constraints;

/// <summary>At most <c>Max</c> students are zoned to a different school than under the current plan.</summary>
public sealed class StudentsMovedCap : IPlanConstraint
{
    public StudentsMovedCap(int max) => Max = Preconditions.NonNegative(max, nameof(max));

    public int Max { get; }

    public string Name => "students_moved";

    public bool IsSatisfiedBy(Plan plan) => plan.StudentsMoved <= Max;

    public bool IsSatisfiedByChild(Plan child) => child.StudentsMoved <= Max;
}
