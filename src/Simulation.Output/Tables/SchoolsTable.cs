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
        var hidden = suppressBelow is { } threshold
            ? replications.Select(r => SmallCellSuppression.Mask(r.Enrollment, schools, groups, threshold)).ToArray()
            : null;
        bool Hidden(int row, int group) => hidden is not null && hidden[row / schools][School(row) * groups + group];
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
            columns.Add(hidden is null
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
        if (hidden is not null)
            for (var k = 0; k < groups; k++)
            {
                var group = k;
                columns.Add(TableColumn.Bool("suppressed_" + district.GroupNames[k], i => Hidden(i, group)));
            }
        var (perPupil, programDollars) = Funding(layout.Funding, replications, schools);
        columns.Add(TableColumn.Double("resources_per_pupil", i => perPupil is null ? double.NaN : perPupil[i]));
        var programs = layout.Funding?.ProgramNames ?? [];
        for (var p = 0; p < programs.Length; p++)
        {
            var program = p;
            columns.Add(TableColumn.Double("program_amount_" + programs[p], i => programDollars![i * programs.Length + program]));
        }
        return columns;
    }

    /// <summary>Every row's resources per pupil and program amounts, computed once per replication from its
    /// enrollment by the scenario's funding formula (the grains carry enrollment only).</summary>
    private static (double[]? PerPupil, double[]? ProgramDollars) Funding(
        FundingFormula? formula, IReadOnlyList<ReplicationResult> replications, int schools)
    {
        if (formula is null) return (null, null);
        var programs = formula.ProgramNames.Length;
        var perPupil = new double[replications.Count * schools];
        var programDollars = new double[replications.Count * schools * programs];
        var outcome = new FundingOutcome(formula);
        for (var r = 0; r < replications.Count; r++)
        {
            formula.Compute(replications[r].Enrollment, outcome);
            outcome.PerPupil.CopyTo(perPupil, r * schools);
            outcome.ProgramDollars.CopyTo(programDollars, r * schools * programs);
        }
        return (perPupil, programDollars);
    }
}
