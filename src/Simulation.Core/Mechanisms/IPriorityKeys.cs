namespace Simulation.Core.Mechanisms;

/// <summary>
/// Where a <see cref="MatchingProblem"/>'s priority keys come from: each school's strict order over all students, and
/// each student's school-independent lottery number.
/// </summary>
/// <remarks>Implementations are pure functions of their arguments (no state changes between calls) and thread-safe.
/// Keys and numbers compare as unsigned integers, lower first; equal values go to the lower student index.</remarks>
public interface IPriorityKeys
{
    /// <summary>School <paramref name="school"/>'s priority key of <paramref name="student"/>: lower is higher priority.</summary>
    ulong Key(int school, int student);

    /// <summary>The student's single lottery number, whatever the tie-breaking: the order of a serial dictatorship.</summary>
    ulong StudentNumber(int student);
}

/// <summary>Priority keys made of a priority class above a lottery number: the class in the high bits, the number in
/// the low <see cref="Lottery.Bits"/>.</summary>
public sealed class ClassLotteryKeys(PriorityClasses classes, Lottery lottery) : IPriorityKeys
{
    public PriorityClasses Classes { get; } = Preconditions.NotNull(classes, nameof(classes));
    public Lottery Lottery { get; } = Preconditions.NotNull(lottery, nameof(lottery));

    public ulong Key(int school, int student) =>
        ((ulong)Classes.ClassOf(school, student) << Lottery.Bits) | Lottery.Number(school, student);

    public ulong StudentNumber(int student) => Lottery.StudentNumber(student);
}
