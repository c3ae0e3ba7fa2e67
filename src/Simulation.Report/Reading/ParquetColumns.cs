using Parquet;
using Parquet.Schema;

namespace Simulation.Report.Reading;

/// <summary>
/// A Parquet table read back column by column: every file of a table (one file, or the part files of its partition
/// folders) concatenated in path order. Values are boxed per column type: <c>string?</c>, <c>int?</c>, <c>long?</c>,
/// <c>double?</c> or <c>bool?</c> (null where the file has null).
/// </summary>
internal sealed class ParquetColumns
{
    private readonly Dictionary<string, List<object?>> _columns = new(StringComparer.Ordinal);

    private ParquetColumns(IReadOnlyList<string> names) => Names = names;

    /// <summary>Column names in the first file's schema order.</summary>
    public IReadOnlyList<string> Names { get; }

    public int RowCount { get; private set; }

    public bool Has(string name) => _columns.ContainsKey(name);

    public object? this[string column, int row] => _columns[column][row];

    public string Text(string column, int row) => this[column, row]?.ToString() ?? "";

    public double? Number(string column, int row) => this[column, row] switch
    {
        null => null,
        double d => d,
        int i => i,
        long l => l,
        bool b => b ? 1 : 0,
        _ => null,
    };

    /// <summary>Reads every <c>*.parquet</c> file below <paramref name="path"/> (a file or a folder), in ordinal path
    /// order. Columns missing from a later file read as null.</summary>
    /// <exception cref="InvalidDataException">A file is not Parquet or has a column type this reader does not know.</exception>
    public static async Task<ParquetColumns> ReadAsync(string path, CancellationToken ct = default)
    {
        var files = File.Exists(path)
            ? [path]
            : Directory.EnumerateFiles(path, "*.parquet", SearchOption.AllDirectories)
                .Where(f => !Path.GetFileName(f).StartsWith('.'))
                .Order(StringComparer.Ordinal).ToList();
        ParquetColumns? table = null;
        foreach (var file in files)
        {
            await using var stream = File.OpenRead(file);
            await using var reader = await ParquetReader.CreateAsync(stream, cancellationToken: ct);
            var fields = reader.Schema.GetDataFields();
            table ??= new ParquetColumns([.. fields.Select(f => f.Name)]);
            foreach (var group in reader.RowGroups)
            {
                var rows = checked((int)group.RowCount);
                foreach (var field in fields)
                {
                    if (!table._columns.TryGetValue(field.Name, out var values))
                    {
                        values = [.. Enumerable.Repeat<object?>(null, table.RowCount)];
                        table._columns[field.Name] = values;
                    }
                    values.AddRange(await ReadColumnAsync(group, field, rows, file, ct));
                }
                table.RowCount += rows;
                foreach (var values in table._columns.Values)
                    while (values.Count < table.RowCount) values.Add(null);
            }
        }
        return table ?? new ParquetColumns([]);
    }

    private static async Task<object?[]> ReadColumnAsync(
        ParquetRowGroupReader group, DataField field, int rows, string file, CancellationToken ct)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var values = new string?[rows];
            await group.ReadAsync(field, values.AsMemory(), null, ct);
            return values;
        }
        if (type == typeof(int)) return await ReadValuesAsync<int>(group, field, rows, ct);
        if (type == typeof(long)) return await ReadValuesAsync<long>(group, field, rows, ct);
        if (type == typeof(double)) return await ReadValuesAsync<double>(group, field, rows, ct);
        if (type == typeof(bool)) return await ReadValuesAsync<bool>(group, field, rows, ct);
        throw new InvalidDataException($"{file}: column '{field.Name}' has type {type.Name}, which the report does not read");
    }

    private static async Task<object?[]> ReadValuesAsync<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken ct)
        where T : struct
    {
        var result = new object?[rows];
        if (field.IsNullable)
        {
            var values = new T?[rows];
            await group.ReadAsync<T>(field, values.AsMemory(), null, ct);
            for (var i = 0; i < rows; i++) result[i] = values[i];
        }
        else
        {
            var values = new T[rows];
            await group.ReadAsync<T>(field, values.AsMemory(), null, ct);
            for (var i = 0; i < rows; i++) result[i] = values[i];
        }
        return result;
    }
}
