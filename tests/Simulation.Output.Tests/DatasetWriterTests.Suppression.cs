namespace Simulation.Output.Tests;

public sealed partial class DatasetWriterTests
{
    [Fact]
    public async Task SuppressBelow_WrittenSchoolsTable_RevealsNoCountUnderTheThresholdEvenByDifferencing()
    {
        const int threshold = 16;
        using var dir = new TempDirectory();
        var tiny = new TinyDataset();
        var writer = new DatasetWriter(dir.Path, tiny.District, tiny.Catalog) { SuppressBelow = threshold };
        await tiny.WriteScenariosAsync(writer);
        var manifest = await writer.CompleteAsync(tiny.Scenarios, tiny.Manifest(TinyDataset.CreatedAt));

        Assert.Equal(threshold, manifest.SuppressBelow);
        var rows = DuckDb.Query($"SELECT * FROM {DuckDb.ReadParquet(dir.Path, "schools/*/*.parquet")} ORDER BY scenario_id, replication, school_id");
        var reps = DuckDb.Query($"SELECT scenario_id, replication, students_ed, students_not_ed FROM {DuckDb.ReadParquet(dir.Path, "replications/*/*.parquet")}");
        string[] groups = ["ed", "not_ed"];
        var primaries = 0;
        foreach (var row in rows)
        {
            var s = tiny.Scenarios.Select((x, i) => (x, i)).Single(p => p.x.ScenarioId == (string)row["scenario_id"]!).i;
            var result = tiny.Results[s].Single(r => r.Replication == (int)row["replication"]!);
            var school = tiny.District.IndexOfSchool((string)row["school_id"]!);
            var hiddenInRow = 0;
            for (var g = 0; g < groups.Length; g++)
            {
                var truth = result.Enrollment[school * groups.Length + g];
                var suppressed = (bool)row["suppressed_" + groups[g]]!;
                if (truth < threshold)
                {
                    primaries++;
                    Assert.True(suppressed);
                }
                if (suppressed)
                {
                    hiddenInRow++;
                    Assert.Null(row["enrolled_" + groups[g]]);
                    Assert.Null(row["share_" + groups[g]]);
                }
                else
                {
                    Assert.Equal(truth, (int)row["enrolled_" + groups[g]]!);
                    Assert.True(truth >= threshold);
                }
            }
            // The row total stays published, so a row may not hide exactly one cell.
            Assert.NotEqual(1, hiddenInRow);
        }
        Assert.True(primaries >= 3);
        // Column margins (students_<group> per replication) are published too: no column of a replication may hide
        // exactly one cell, or students_<group> minus the visible cells would give it back.
        foreach (var rep in reps)
            foreach (var g in groups)
            {
                var column = rows.Where(r => (string)r["scenario_id"]! == (string)rep["scenario_id"]! && (int)r["replication"]! == (int)rep["replication"]!).ToList();
                var hidden = column.Count(r => (bool)r["suppressed_" + g]!);
                Assert.NotEqual(1, hidden);
            }
    }

    [Fact]
    public async Task SuppressBelow_Unset_WritesNoSuppressionColumnsAndNoThreshold()
    {
        using var dir = new TempDirectory();
        var manifest = await new TinyDataset().WriteAsync(dir.Path);

        Assert.Null(manifest.SuppressBelow);
        Assert.DoesNotContain(DuckDb.Describe(DuckDb.ReadParquet(dir.Path, "schools/*/*.parquet")), c => c.Name.StartsWith("suppressed_", StringComparison.Ordinal));
    }
}
