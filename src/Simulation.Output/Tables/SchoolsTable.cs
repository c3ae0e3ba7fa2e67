using Simulation.Core.Equity;
using Simulation.Core.Model;
using Simulation.Core.Replications;
using Simulation.Output.Privacy;

namespace Simulation.Output.Tables;

/// <summary>
/// The <c>schools</c> table of one scenario: one row per (replication, school), replication-major, schools in
/// district order. Row <c>i</c> is replication <c>i / schools</c>, school <c>i % schools</c>.
/// </summary>
/// <remarks>With a suppression threshold, the cells <see cref="SmallCellSuppression"/> marks are written as null in
/// <c>enrolled_&lt;group&gt;</c> and <c>share_&lt;group&gt;</c>, and flagged in added <c>suppressed_&lt;group&gt;</c>
/// columns; without one the table is unchanged.</remarks>
internal static class SchoolsTable
{
    public static int RowCount(District district, IReadOnlyList<ReplicationResult> replications) =>
        checked(replications.Count * district.SchoolCount);

    public static IReadOnlyList<TableColumn> Columns(
        string scenarioId, long seed, District district, ScenarioLayout layout,
        IReadOnlyList<ReplicationResult> replications, int? suppressBelow = null)
    {
        var schools = district.SchoolCount;
        var groups = district.GroupCount;
        // Masks and funding are derived per replication, lazily: the writer streams row groups through a reused list,
        // so nothing may be computed from the list's contents when the columns are built.
        var suppress = suppressBelow is not null;
        var formula = layout.Funding;
        var funding = formula is null ? null : new FundingOutcome(formula);
        ReplicationResult? derivedFor = null;
        bool[]? mask = null;
        void Derive(ReplicationResult r)
        {
            if (ReferenceEquals(r, derivedFor)) return;
            derivedFor = r;
            if (suppressBelow is { } threshold) mask = SmallCellSuppression.Mask(r.Enrollment, schools, groups, threshold);
            formula?.Compute(r.Enrollment, funding!);
        }
        bool Hidden(int row, int group)
        {
            if (!suppress) return false;
            Derive(Result(row));
            return mask![School(row) * groups + group];
        }
        ReplicationResult Result(int row) => replications[row / schools];
        int School(int row) => row % schools;
        int Enrolled(int row)
        {
            var enrollment = Result(row).Enrollment.AsSpan(School(row) * groups, groups);
            var sum = 0;
            foreach (var e in enrollment) sum += e;
            return sum;
        }

        var columns = new List<TableColumn>
        {
            TableColumn.String("scenario_id", _ => scenarioId),
            TableColumn.Int64("seed", _ => seed),
            TableColumn.Int32("replication", i => Result(i).Replication),
            TableColumn.String("school_id", i => district.Schools[School(i)].Id),
            TableColumn.String("school_name", i => district.Schools[School(i)].Name),
            TableColumn.Bool("is_choice", i => district.Schools[School(i)].IsChoice),
            TableColumn.Int32("seats", i => layout.Seats[School(i)]),
            TableColumn.Int32("enrolled", Enrolled),
        };
        for (var k = 0; k < groups; k++)
        {
            var group = k;
            columns.Add(!suppress
                ? TableColumn.Int32("enrolled_" + district.GroupNames[k], i => Result(i).Enrollment[School(i) * groups + group])
                : TableColumn.NullableInt32("enrolled_" + district.GroupNames[k],
                    i => Hidden(i, group) ? null : Result(i).Enrollment[School(i) * groups + group]));
        }
        for (var k = 0; k < groups; k++)
        {
            var group = k;
            columns.Add(TableColumn.Double("share_" + district.GroupNames[k], i =>
            {
                var enrolled = Enrolled(i);
                return enrolled == 0 || Hidden(i, group) ? double.NaN : (double)Result(i).Enrollment[School(i) * groups + group] / enrolled;
            }));
        }
        for (var k = 0; k < groups; k++)
        {
            var group = k;
            columns.Add(TableColumn.Double("target_share_" + district.GroupNames[k],
                i => layout.TargetShare[School(i) * groups + group]));
        }
        columns.Add(TableColumn.Int32("applicants", i => Result(i).Applicants[School(i)]));
        columns.Add(TableColumn.Int32("waitlisted", i => Result(i).Waitlisted[School(i)]));
        columns.Add(TableColumn.Double("capacity_use", i =>
        {
            var seats = layout.Seats[School(i)];
            return seats == 0 ? double.NaN : (double)Enrolled(i) / seats;
        }));
        if (suppress)
            for (var k = 0; k < groups; k++)
            {
                var group = k;
                columns.Add(TableColumn.Bool("suppressed_" + district.GroupNames[k], i => Hidden(i, group)));
            }
        columns.Add(TableColumn.Double("resources_per_pupil", i =>
        {
            if (funding is null) return double.NaN;
            Derive(Result(i));
            return funding.PerPupil[School(i)];
        }));
        var programs = formula?.ProgramNames ?? [];
        for (var p = 0; p < programs.Length; p++)
        {
            var program = p;
            columns.Add(TableColumn.Double("program_amount_" + programs[p], i =>
            {
                Derive(Result(i));
                return funding!.ProgramDollars[School(i) * programs.Length + program];
            }));
        }
        return columns;
    }
}
