using DuckDB.NET.Data;

namespace Simulation.Output.Tests;

/// <summary>Reads Parquet back with DuckDB, a reader independent of Parquet.Net.</summary>
internal static class DuckDb
{
    /// <summary>Rows of a query, each a column-name → value map (DBNull becomes null).</summary>
    public static List<Dictionary<string, object?>> Query(string sql)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        return Rows(connection, sql);
    }

    /// <summary>Runs the statements of a script in one connection; returns the rows of the last one.</summary>
    public static List<Dictionary<string, object?>> QueryScript(string script)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        var statements = script.Split(";\n").Select(s => s.Trim()).Where(s => s.Length > 0 && !s.Split('\n').All(l => l.TrimStart().StartsWith("--"))).ToList();
        var rows = new List<Dictionary<string, object?>>();
        foreach (var statement in statements) rows = Rows(connection, statement);
        return rows;
    }

    private static List<Dictionary<string, object?>> Rows(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>();
            for (var i = 0; i < reader.FieldCount; i++)
                row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Column name → DuckDB type name of a query's result, in column order.</summary>
    public static List<(string Name, string Type)> Describe(string source) =>
        [.. Query($"DESCRIBE SELECT * FROM {source}").Select(r => ((string)r["column_name"]!, (string)r["column_type"]!))];

    /// <summary>A <c>read_parquet</c> call over a glob or file below <paramref name="directory"/>.</summary>
    public static string ReadParquet(string directory, string relativeGlob) =>
        $"read_parquet('{Path.Combine(directory, relativeGlob).Replace("'", "''")}', hive_partitioning=true)";
}
