using Simulation.Core.Scenarios;

namespace Simulation.Core.Mechanisms;

/// <summary>An assignment mechanism: maps a <see cref="MatchingProblem"/> to one school (or none) per student.</summary>
/// <remarks>Implementations keep their work buffers between runs and are not thread-safe; use one per thread.</remarks>
public interface IAssignmentMechanism
{
    /// <summary>Assigns the students of <paramref name="problem"/>.</summary>
    /// <param name="assignedRank">Output per student: 0-based position in its list of the school it gets, or -1 for
    /// none.</param>
    void Run(MatchingProblem problem, Span<int> assignedRank);
}

/// <summary>The mechanisms the engine offers.</summary>
public enum MechanismKind
{
    /// <summary>Student-proposing deferred acceptance (<see cref="PooledDeferredAcceptance"/>).</summary>
    DeferredAcceptance,

    /// <summary>Immediate acceptance, the Boston mechanism (<see cref="ImmediateAcceptance"/>).</summary>
    ImmediateAcceptance,

    /// <summary>Top trading cycles with school priorities (<see cref="TopTradingCycles"/>).</summary>
    TopTradingCycles,

    /// <summary>Random serial dictatorship in lottery order (<see cref="SerialDictatorship"/>).</summary>
    SerialDictatorship,

    /// <summary>Independent school lotteries with moving waitlists (<see cref="SchoolLotteries"/>).</summary>
    SchoolLotteries,
}

/// <summary>Names and factories of the mechanisms.</summary>
public static class AssignmentMechanisms
{
    private static readonly string[] MechanismNames = ["da", "boston", "ttc", "rsd", "school-lotteries"];

    /// <summary>The names used on the command line and in scenario files, in <see cref="MechanismKind"/> order.</summary>
    public static IReadOnlyList<string> Names => MechanismNames;

    /// <summary>The mechanism named <paramref name="name"/> (see <see cref="Names"/>), or null.</summary>
    public static MechanismKind? Parse(string name)
    {
        var i = Array.IndexOf(MechanismNames, name);
        return i < 0 ? null : (MechanismKind)i;
    }

    public static string NameOf(MechanismKind kind) => MechanismNames[(int)kind];

    /// <summary>A fresh mechanism for problems whose seats are <paramref name="layout"/>.</summary>
    public static IAssignmentMechanism Create(MechanismKind kind, SeatPoolLayout layout) => kind switch
    {
        MechanismKind.DeferredAcceptance => new PooledDeferredAcceptance(layout),
        MechanismKind.ImmediateAcceptance => new ImmediateAcceptance(layout),
        MechanismKind.TopTradingCycles => new TopTradingCycles(),
        MechanismKind.SerialDictatorship => new SerialDictatorship(),
        MechanismKind.SchoolLotteries => new SchoolLotteries(layout),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown mechanism"),
    };

    /// <summary>Whether the mechanism uses seat pools (reserves); the others use each school's total seats.</summary>
    public static bool UsesSeatPools(MechanismKind kind) => kind is not (MechanismKind.TopTradingCycles or MechanismKind.SerialDictatorship);

    /// <summary>The tie-breaking names of the command line and scenario files, in <see cref="TieBreaking"/> order.</summary>
    public static IReadOnlyList<string> TieBreakingNames => TieBreakingNameArray;

    private static readonly string[] TieBreakingNameArray = ["single", "multiple", "pool"];

    /// <summary>The tie-breaking named <paramref name="name"/> (see <see cref="TieBreakingNames"/>), or null.</summary>
    public static TieBreaking? ParseTieBreaking(string name)
    {
        var i = Array.IndexOf(TieBreakingNameArray, name);
        return i < 0 ? null : (TieBreaking)i;
    }

    /// <summary>Whether the mechanism uses priority classes; a serial dictatorship orders students by lottery only.</summary>
    public static bool UsesPriorities(MechanismKind kind) => kind is not MechanismKind.SerialDictatorship;
}
