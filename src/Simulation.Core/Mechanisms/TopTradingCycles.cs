namespace Simulation.Core.Mechanisms;

/// <summary>
/// Top trading cycles with school priorities (Abdulkadiroğlu and Sönmez 2003): every remaining student points to
/// the most preferred school on their list with a seat left, every school with seats left points to the remaining
/// student it gives the highest priority; each cycle's students get the schools they point to, and seats and
/// students leave until no cycle remains.
/// </summary>
/// <remarks>
/// <para>A school points to the highest-priority remaining student over <em>all</em> students
/// (<see cref="MatchingProblem.Key"/>), whether or not they ranked it: a high priority is a claim the student can
/// trade. The outcome is Pareto efficient, individually rational and strategy-proof; cycles are cleared one at a time,
/// which gives the same outcome as clearing all cycles of a step at once.</para>
/// <para>Uses each school's total seats; ignores seat-pool eligibility. Memory and time are O(schools × students)
/// for the schools' priority orders: meant for instances of up to some thousands of students per school.</para>
/// </remarks>
public sealed class TopTradingCycles : IAssignmentMechanism
{
    public void Run(MatchingProblem problem, Span<int> assignedRank)
    {
        Preconditions.NotNull(problem, nameof(problem));
        var n = problem.StudentCount;
        var schools = problem.SchoolCount;
        Preconditions.Check(assignedRank.Length >= n, nameof(assignedRank), "need one entry per student");
        var listStart = problem.ListStart;
        var listSchool = problem.ListSchool;

        // Each school's priority order over every student.
        var order = new int[(long)schools * n];
        var keys = new ulong[n];
        for (var s = 0; s < schools; s++)
        {
            var row = order.AsSpan(s * n, n);
            for (var i = 0; i < n; i++)
            {
                row[i] = i;
                keys[i] = problem.Key(s, i);
            }
            PriorityOrder.Sort(keys, row);
        }

        var seats = (int[])problem.Seats.ProgramSeats.Clone();
        var studentNext = (int[])listStart[..n].Clone();
        var schoolNext = new int[schools];
        var done = new bool[n];
        var pathIndex = new int[n + schools];
        Array.Fill(pathIndex, -1);
        var path = new int[n + schools + 1];
        assignedRank[..n].Fill(-1);
        var top = 0;

        for (var startStudent = 0; startStudent < n; startStudent++)
        {
            if (done[startStudent]) continue;
            Push(startStudent);
            while (top > 0)
            {
                var v = path[top - 1];
                var w = v < n ? StudentTarget(v) : SchoolTarget(v - n);
                if (w < 0)
                {
                    // A student with no school left leaves unassigned; a school without seats or students leaves.
                    if (v < n) done[v] = true;
                    Pop();
                    continue;
                }
                if (pathIndex[w] < 0)
                {
                    Push(w);
                    continue;
                }
                // A cycle from w to the top of the path: its students trade.
                var from = pathIndex[w];
                for (var k = from; k < top; k++)
                {
                    var node = path[k];
                    if (node >= n) continue;
                    var entry = studentNext[node];
                    assignedRank[node] = entry - listStart[node];
                    seats[listSchool[entry]]--;
                    done[node] = true;
                }
                while (top > from) Pop();
            }
        }

        void Push(int node)
        {
            pathIndex[node] = top;
            path[top++] = node;
        }

        void Pop() => pathIndex[path[--top]] = -1;

        int StudentTarget(int i)
        {
            while (studentNext[i] < listStart[i + 1] && seats[listSchool[studentNext[i]]] == 0) studentNext[i]++;
            return studentNext[i] < listStart[i + 1] ? n + listSchool[studentNext[i]] : -1;
        }

        int SchoolTarget(int s)
        {
            if (seats[s] == 0) return -1;
            var row = s * n;
            while (schoolNext[s] < n && done[order[row + schoolNext[s]]]) schoolNext[s]++;
            return schoolNext[s] < n ? order[row + schoolNext[s]] : -1;
        }
    }
}
