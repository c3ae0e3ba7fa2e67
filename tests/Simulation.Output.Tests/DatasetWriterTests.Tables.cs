using System.Text.Json;

namespace Simulation.Output.Tests;

/// <summary>Each table read back with DuckDB: columns, types, values, nulls and row counts.</summary>
public sealed partial class DatasetWriterTests
{
    [Fact]
    public async Task CompleteAsync_TinyDataset_WritesTheDocumentedLayout()
    {
        using var dir = new TempDirectory();
        await new TinyDataset().WriteAsync(dir.Path);

        var files = Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dir.Path, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        Assert.Equal(
        [
            "_checkpoint/s000.json",
            "_checkpoint/s001.json",
            "differences.parquet",
            "manifest.json",
            "replications/scenario=s000/part-0.parquet",
            "replications/scenario=s001/part-0.parquet",
            "scenarios.parquet",
            "schools/scenario=s000/part-0.parquet",
            "schools/scenario=s001/part-0.parquet",
            "summary.parquet",
        ], files);
    }

    [Fact]
    public async Task WriteScenarioAsync_ReplicationsTable_HasCatalogColumnsAndNullForNaN()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        await data.WriteAsync(dir.Path);
        var source = DuckDb.ReadParquet(dir.Path, "replications/*/*.parquet");

        var expectedColumns = new List<(string, string)> { ("scenario_id", "VARCHAR"), ("seed", "BIGINT"), ("replication", "INTEGER") };
        expectedColumns.AddRange(data.Catalog.Names.Select(n => (n, "DOUBLE")));
        expectedColumns.Add(("scenario", "VARCHAR")); // the Hive partition key, from the folder name
        Assert.Equal(expectedColumns, DuckDb.Describe(source));

        var rows = DuckDb.Query($"SELECT * FROM {source} ORDER BY scenario_id, replication");
        Assert.Equal(6, rows.Count);
        for (var s = 0; s < data.Scenarios.Count; s++)
            for (var r = 0; r < 3; r++)
            {
                var row = rows[s * 3 + r];
                var result = data.Results[s][r];
                Assert.Equal(data.Scenarios[s].ScenarioId, row["scenario_id"]);
                Assert.Equal(data.Scenarios[s].ScenarioId, row["scenario"]);
                Assert.Equal(unchecked((long)data.Scenarios[s].Spec.Seed), row["seed"]);
                Assert.Equal(result.Replication, row["replication"]);
                for (var m = 0; m < data.Catalog.Count; m++)
                    Assert.Equal(double.IsNaN(result.Metrics[m]) ? null : result.Metrics[m], row[data.Catalog.Names[m]]);
            }
        Assert.Null(rows[1]["admission_rate_not_ed"]);
        Assert.Equal(-1L, rows[3]["seed"]); // ulong.MaxValue keeps its 64 bits
    }

    [Fact]
    public async Task WriteScenarioAsync_SchoolsTable_HasOneRowPerReplicationAndSchool()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        await data.WriteAsync(dir.Path);
        var source = DuckDb.ReadParquet(dir.Path, "schools/*/*.parquet");

        Assert.Equal(
        [
            ("scenario_id", "VARCHAR"), ("seed", "BIGINT"), ("replication", "INTEGER"), ("school_id", "VARCHAR"),
            ("school_name", "VARCHAR"), ("is_choice", "BOOLEAN"), ("seats", "INTEGER"), ("enrolled", "INTEGER"),
            ("enrolled_ed", "INTEGER"), ("enrolled_not_ed", "INTEGER"), ("share_ed", "DOUBLE"), ("share_not_ed", "DOUBLE"),
            ("target_share_ed", "DOUBLE"), ("target_share_not_ed", "DOUBLE"), ("applicants", "INTEGER"),
            ("waitlisted", "INTEGER"), ("capacity_use", "DOUBLE"), ("resources_per_pupil", "DOUBLE"), ("scenario", "VARCHAR"),
        ], DuckDb.Describe(source));

        var rows = DuckDb.Query($"SELECT * FROM {source} ORDER BY scenario_id, replication, school_id");
        Assert.Equal(2 * 3 * 3, rows.Count);
        var i = 0;
        for (var s = 0; s < data.Scenarios.Count; s++)
            foreach (var result in data.Results[s])
                for (var school = 0; school < 3; school++)
                {
                    var row = rows[i++];
                    var layout = data.Layouts[s];
                    var ed = result.Enrollment[school * 2];
                    var notEd = result.Enrollment[school * 2 + 1];
                    var enrolled = ed + notEd;
                    Assert.Equal(data.Scenarios[s].ScenarioId, row["scenario_id"]);
                    Assert.Equal(result.Replication, row["replication"]);
                    Assert.Equal(data.District.Schools[school].Id, row["school_id"]);
                    Assert.Equal(data.District.Schools[school].Name, row["school_name"]);
                    Assert.Equal(data.District.Schools[school].IsChoice, row["is_choice"]);
                    Assert.Equal(layout.Seats[school], row["seats"]);
                    Assert.Equal(enrolled, row["enrolled"]);
                    Assert.Equal(ed, row["enrolled_ed"]);
                    Assert.Equal(notEd, row["enrolled_not_ed"]);
                    Assert.Equal(enrolled == 0 ? null : (double)ed / enrolled, row["share_ed"]);
                    Assert.Equal(enrolled == 0 ? null : (double)notEd / enrolled, row["share_not_ed"]);
                    Assert.Equal(school == 2 ? layout.TargetShare[4] : null, row["target_share_ed"]);
                    Assert.Null(row["target_share_not_ed"]);
                    Assert.Equal(result.Applicants[school], row["applicants"]);
                    Assert.Equal(result.Waitlisted[school], row["waitlisted"]);
                    Assert.Equal(layout.Seats[school] == 0 ? null : (double)enrolled / layout.Seats[school], row["capacity_use"]);
                    Assert.Null(row["resources_per_pupil"]); // no funding formula
                }
        // the cases the nulls are for: an empty school, and a school without seats
        Assert.Contains(rows, r => r["share_ed"] is null && (string)r["scenario_id"]! == "s000");
        Assert.Contains(rows, r => r["capacity_use"] is null && (string)r["scenario_id"]! == "s001");
    }

    [Fact]
    public async Task WriteScenarioAsync_SchoolsTable_EnrolledSumsToTheStudentsMetric()
    {
        using var dir = new TempDirectory();
        await new TinyDataset().WriteAsync(dir.Path);

        var rows = DuckDb.Query($"""
            SELECT r.scenario_id, r.replication, r.students, s.enrolled
            FROM {DuckDb.ReadParquet(dir.Path, "replications/*/*.parquet")} r
            JOIN (SELECT scenario_id, replication, sum(enrolled)::BIGINT AS enrolled
                  FROM {DuckDb.ReadParquet(dir.Path, "schools/*/*.parquet")}
                  GROUP BY ALL) s
              USING (scenario_id, replication)
            """);

        Assert.Equal(6, rows.Count);
        Assert.All(rows, r => Assert.Equal((double)r["students"]!, Convert.ToDouble(r["enrolled"])));
    }

    [Fact]
    public async Task CompleteAsync_ScenariosTable_HoldsResolvedParametersAndSweepAxes()
    {
        using var dir = new TempDirectory();
        await new TinyDataset().WriteAsync(dir.Path);
        var source = DuckDb.ReadParquet(dir.Path, "scenarios.parquet");

        Assert.Equal(
        [
            ("scenario_id", "VARCHAR"), ("scenario_index", "INTEGER"), ("name", "VARCHAR"), ("seed", "BIGINT"),
            ("replications", "INTEGER"), ("grades", "VARCHAR"), ("list_length", "INTEGER"), ("tie_breaking", "VARCHAR"), ("mechanism", "VARCHAR"),
            ("home_area_cutoff", "DOUBLE"), ("apply_ed", "DOUBLE"), ("apply_not_ed", "DOUBLE"),
            ("utility_distance_per_km_ed", "DOUBLE"), ("utility_distance_per_km_not_ed", "DOUBLE"),
            ("utility_rating_ed", "DOUBLE"), ("utility_rating_not_ed", "DOUBLE"), ("campus_sets", "VARCHAR"),
            ("boundary_plan", "VARCHAR"), ("param_campus_sets_fifty_fifty_pools_ed_share", "DOUBLE"), ("param_choice_tie_breaking", "VARCHAR"),
        ], DuckDb.Describe(source));

        var rows = DuckDb.Query($"SELECT * FROM {source} ORDER BY scenario_index");
        Assert.Equal(2, rows.Count);
        var first = rows[0];
        Assert.Equal("s000", first["scenario_id"]);
        Assert.Equal(0, first["scenario_index"]);
        Assert.Equal("half", first["name"]);
        Assert.Equal(42L, first["seed"]);
        Assert.Equal(3, first["replications"]);
        Assert.Equal("K,1", first["grades"]); // an empty grade list means every grade of the district
        Assert.Equal(2, first["list_length"]);
        Assert.Equal("single", first["tie_breaking"]);
        Assert.Equal("da", first["mechanism"]); // the default when a scenario names no mechanism
        Assert.Equal(0.25, first["home_area_cutoff"]); // resolved from the layout: the spec says "median"
        Assert.Equal(0.3, first["apply_ed"]);
        Assert.Equal(0.2, first["apply_not_ed"]);
        Assert.Equal(-0.5, first["utility_distance_per_km_ed"]);
        Assert.Equal(-0.3, first["utility_distance_per_km_not_ed"]);
        Assert.Equal(0.8, first["utility_rating_ed"]);
        Assert.Equal(1.0, first["utility_rating_not_ed"]);
        Assert.Equal(
            """[{"name":"fifty_fifty","schools":["201"],"pools":[{"name":"ed","share":0.5,"eligible":{"group":"ed"},"order":0,"spillover":{"kind":"open"}},{"name":"open","share":0.5,"eligible":{},"order":1,"spillover":{"kind":"none"}}]}]""",
            first["campus_sets"]);
        Assert.Null(first["boundary_plan"]); // no boundaries section: the district's own zones
        Assert.Equal(0.5, first["param_campus_sets_fifty_fifty_pools_ed_share"]);
        Assert.Equal("single", first["param_choice_tie_breaking"]);
        Assert.Equal(0.6, rows[1]["param_campus_sets_fifty_fifty_pools_ed_share"]);
        Assert.Equal("multiple", rows[1]["param_choice_tie_breaking"]);
        Assert.Equal("multiple", rows[1]["tie_breaking"]);
        Assert.Equal(-1L, rows[1]["seed"]);
    }

    [Fact]
    public async Task CompleteAsync_SummaryTable_HasOneRowPerScenarioAndMetric()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        await data.WriteAsync(dir.Path);
        var source = DuckDb.ReadParquet(dir.Path, "summary.parquet");

        Assert.Equal(
        [
            ("scenario_id", "VARCHAR"), ("seed", "BIGINT"), ("metric", "VARCHAR"), ("n", "INTEGER"), ("missing", "INTEGER"),
            ("mean", "DOUBLE"), ("sd", "DOUBLE"), ("q025", "DOUBLE"), ("q50", "DOUBLE"), ("q975", "DOUBLE"),
            ("mean_ci_low", "DOUBLE"), ("mean_ci_high", "DOUBLE"), ("normal_low", "DOUBLE"), ("normal_high", "DOUBLE"),
            ("mean_boot_low", "DOUBLE"), ("mean_boot_high", "DOUBLE"),
        ], DuckDb.Describe(source));
        var rows = DuckDb.Query($"SELECT scenario_id, metric FROM {source}");
        Assert.Equal(
            data.Scenarios.SelectMany(s => data.Catalog.Names.Select(m => (s.ScenarioId, m))),
            rows.Select(r => ((string)r["scenario_id"]!, (string)r["metric"]!)));
    }

    [Fact]
    public async Task CompleteAsync_Manifest_RecordsTheRunAndEveryFileWithItsHash()
    {
        using var dir = new TempDirectory();
        var data = new TinyDataset();
        var returned = await data.WriteAsync(dir.Path);

        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(dir["manifest.json"]));
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("format_version").GetInt32());
        Assert.Equal("0.1.0-test", root.GetProperty("engine_version").GetString());
        Assert.Equal(TinyDataset.CreatedAt, root.GetProperty("created_at").GetDateTimeOffset());
        Assert.Equal("tiny-3", root.GetProperty("district").GetProperty("id").GetString());
        Assert.Equal(TinyDataset.SharePath, root.GetProperty("sweep")[0].GetProperty("path").GetString());
        var scenarios = root.GetProperty("scenarios");
        Assert.Equal(2, scenarios.GetArrayLength());
        Assert.Equal(ulong.MaxValue, scenarios[1].GetProperty("seed").GetUInt64());
        Assert.Equal(3, scenarios[1].GetProperty("replications").GetInt32());
        Assert.Equal("0.6", scenarios[1].GetProperty("parameters").GetProperty(TinyDataset.SharePath).GetString());
        var tables = root.GetProperty("tables");
        Assert.Equal(2, tables.GetProperty("scenarios").GetInt64());
        Assert.Equal(6, tables.GetProperty("replications").GetInt64());
        Assert.Equal(18, tables.GetProperty("schools").GetInt64());
        Assert.Equal(2 * data.Catalog.Count, tables.GetProperty("summary").GetInt64());

        var files = root.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(7, files.Count); // scenarios, summary, differences (two scenarios), 2 × 2 partitions
        foreach (var file in files)
        {
            var path = dir[file.GetProperty("path").GetString()!];
            Assert.Equal(await InputFile.HashAsync(path), new InputFile(path, file.GetProperty("sha256").GetString()!));
            Assert.Equal(new FileInfo(path).Length, file.GetProperty("bytes").GetInt64());
            var rows = DuckDb.Query($"SELECT count(*) AS n FROM read_parquet('{path}')")[0]["n"];
            Assert.Equal(file.GetProperty("rows").GetInt64(), Convert.ToInt64(rows));
        }
        Assert.Equal(returned.Files.Select(f => f.Path), files.Select(f => f.GetProperty("path").GetString()));
    }

    [Fact]
    public async Task WriteScenarioAsync_StringColumns_AreDictionaryEncodedAndEveryColumnSnappyCompressed()
    {
        using var dir = new TempDirectory();
        await new TinyDataset().WriteAsync(dir.Path);

        var columns = DuckDb.Query(
            $"SELECT path_in_schema, compression, encodings FROM parquet_metadata('{dir["schools/scenario=s000/part-0.parquet"]}')");

        Assert.All(columns, c => Assert.Equal("SNAPPY", c["compression"]));
        Assert.Contains("DICTIONARY", (string)columns.Single(c => (string)c["path_in_schema"]! == "school_name")["encodings"]!);
        Assert.Contains("DICTIONARY", (string)columns.Single(c => (string)c["path_in_schema"]! == "scenario_id")["encodings"]!);
    }
}
