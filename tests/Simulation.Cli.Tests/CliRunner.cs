using Simulation.Testing;

namespace Simulation.Cli.Tests;

/// <summary>Runs the command line in-process and captures its output.</summary>
internal static class CliRunner
{
    public static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        // Run as the real program does: on the thread pool, with no test-framework synchronization context (the
        // embedded silo's start-up and the sweep's callbacks must not be funnelled through xunit's context).
        var exit = await Task.Run(() => Program.RunAsync(args, stdout, stderr, CancellationToken.None));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public static string Scenario(string name) => Path.Combine(RepositoryPaths.Scenarios, name);

    public static string TempFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "schoolsim-cli-" + Guid.NewGuid().ToString("N"));
        return path;
    }
}

/// <summary>Reads Parquet back with DuckDB, a reader independent of Parquet.Net.</summary>
internal static class DuckDb
{
    public static List<Dictionary<string, object?>> Query(string sql)
    {
        using var connection = new DuckDB.NET.Data.DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>();
            for (var i = 0; i < reader.FieldCount; i++) row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public static string Table(string dataset, string table) => table is "replications" or "schools"
        ? $"read_parquet('{dataset}/{table}/*/*.parquet', hive_partitioning=true)"
        : $"read_parquet('{dataset}/{table}.parquet')";
}
