using Simulation.Testing;

namespace Simulation.Cli.Tests;

/// <summary>Runs the command line in-process and captures its output.</summary>
internal static class CliRunner
{
    /// <summary>Runs <c>schoolsim</c> as a user does: a separate process of the built command, with a time limit so a
    /// stuck run fails the test instead of stalling the suite.</summary>
    public static Task<(int Exit, string Out, string Err)> Run(params string[] args) => Run(new Dictionary<string, string>(), args);

    /// <summary>Runs <c>schoolsim</c> as <see cref="Run(string[])"/> does, with these environment variables set (e.g.
    /// the runtime's switches of processor features).</summary>
    public static async Task<(int Exit, string Out, string Err)> Run(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(RepositoryPaths.Root, "src", "Simulation.Cli", "bin", configuration, "net10.0", "schoolsim.dll");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"schoolsim {string.Join(' ', args)} did not finish within 3 minutes");
        }
        return (process.ExitCode, await stdout, await stderr);
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
