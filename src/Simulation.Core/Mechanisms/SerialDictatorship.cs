namespace Simulation.Core.Mechanisms;

/// <summary>
/// Random serial dictatorship: students in the order of their single lottery number (<see cref="IPriorityKeys.StudentNumber"/>)
/// each take the most preferred school on their list that still has a seat.
/// </summary>
/// <remarks>Uses each school's total seats; ignores seat-pool eligibility and priority classes (it is the
/// mechanism without priorities). Strategy-proof and Pareto efficient. Not thread-safe.</remarks>
public sealed class SerialDictatorship : IAssignmentMechanism
{
    public void Run(MatchingProblem problem, Span<int> assignedRank)
    {
        Preconditions.NotNull(problem, nameof(problem));
        var n = problem.StudentCount;
        Preconditions.Check(assignedRank.Length >= n, nameof(assignedRank), "need one entry per student");
        var order = new int[n];
        var keys = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
            keys[i] = problem.Keys.StudentNumber(i);
        }
        PriorityOrder.Sort(keys, order);
        var left = (int[])problem.Seats.ProgramSeats.Clone();
        assignedRank[..n].Fill(-1);
        foreach (var i in order)
            for (var e = problem.ListStart[i]; e < problem.ListStart[i + 1]; e++)
            {
                var s = problem.ListSchool[e];
                if (left[s] == 0) continue;
                left[s]--;
                assignedRank[i] = e - problem.ListStart[i];
                break;
            }
    }
}
