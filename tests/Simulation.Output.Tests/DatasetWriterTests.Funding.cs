using Simulation.Core.Equity;
using Simulation.Core.Replications;
using Simulation.Core.Scenarios;

namespace Simulation.Output.Tests;

/// <summary>Per-school resources in the schools table when the scenario has a funding formula.</summary>
public sealed partial class DatasetWriterTests
{
    [Fact]
    public async Task WriteScenarioAsync_WithFunding_SchoolsTableHasResourcesAndProgramAmounts()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        // Base 1000, no weights; schoolwide program of 500 per pupil at poverty share ≥ 0.5.
        // Replication 0: Alder 50/70 ED (0.714) → 1000 + 500; Birch 10/70 → 1000; Cedar 5/20 → 1000.
        var formula = FundingFormula.Compile(new FundingSpec(1000, new Dictionary<string, double>(), 0, 0, null,
            [new FundingProgramSpec("title_i", 0.5, 500, null, FundingCount.AllPupils)]), data.District, data.Layouts[0].Seats);
        var layout = data.Layouts[0] with { Funding = formula };
        var catalog = new MetricCatalog(data.District.GroupNames, formula.ProgramNames);
        var results = data.Results[0].Select(r => new ReplicationResult(r.Replication, r.Enrollment, r.Applicants, r.Waitlisted,
            new double[catalog.Count])).ToArray();
        var writer = new DatasetWriter(dir.Path, data.District, catalog);

        await writer.WriteScenarioAsync(data.Scenarios[0], layout, results);

        var rows = DuckDb.Query($"SELECT replication, school_id, resources_per_pupil, program_amount_title_i FROM {DuckDb.ReadParquet(dir.Path, "schools/*/*.parquet")} ORDER BY replication, school_id");
        Assert.Equal(9, rows.Count);
        Assert.Equal(1500.0, rows[0]["resources_per_pupil"]);
        Assert.Equal(70 * 500.0, rows[0]["program_amount_title_i"]);
        Assert.Equal(1000.0, rows[1]["resources_per_pupil"]);
        Assert.Equal(0.0, rows[1]["program_amount_title_i"]);
        Assert.Equal(1000.0, rows[2]["resources_per_pupil"]);
        // Replication 2: Cedar is empty, so its resources per pupil are undefined.
        Assert.Null(rows[8]["resources_per_pupil"]);
        Assert.Equal(0.0, rows[8]["program_amount_title_i"]);
    }
}
