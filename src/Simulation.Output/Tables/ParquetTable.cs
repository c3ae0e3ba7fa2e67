using Parquet;
using Parquet.Schema;

namespace Simulation.Output.Tables;

/// <summary>Writes a table of <see cref="TableColumn"/>s to a Parquet stream with Parquet.Net's low-level API.</summary>
/// <remarks>
/// <para>Snappy compression; string columns carry Parquet.Net's dictionary encoding hint (ids, names and metric
/// names repeat on every row, so each is stored once per row group). Rows are split into row groups of at most
/// <see cref="MaxRowGroupRows"/> rows.</para>
/// <para>The output depends only on the columns and rows: nothing time- or machine-dependent is written, so equal
/// inputs give byte-identical files (the file's created-by string is Parquet.Net's constant version tag).</para>
/// </remarks>
internal static class ParquetTable
{
    public const int MaxRowGroupRows = 1_000_000;

    public static async Task WriteAsync(
        Stream output, IReadOnlyList<TableColumn> columns, int rowCount, CancellationToken ct,
        int rowGroupRows = MaxRowGroupRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowGroupRows, 1);
        await using var writer = await ParquetTableWriter.CreateAsync(output, columns, ct);
        for (var start = 0; start < rowCount; start += rowGroupRows)
            await writer.WriteRowGroupAsync(columns, start, Math.Min(rowGroupRows, rowCount - start), ct);
    }
}

/// <summary>
/// A Parquet file written one row group at a time, so a table of any length needs only one row group's values in
/// memory. The schema and encoding hints are fixed by the columns given at creation; every row group is written with
/// those same column objects (they read the current row group's values from wherever the caller keeps them). Disposing writes the footer. Not thread-safe.
/// </summary>
internal sealed class ParquetTableWriter : IAsyncDisposable
{
    private readonly ParquetWriter _writer;
    private readonly IReadOnlyList<DataField> _fields;

    private ParquetTableWriter(ParquetWriter writer, IReadOnlyList<DataField> fields)
    {
        _writer = writer;
        _fields = fields;
    }

    public static async Task<ParquetTableWriter> CreateAsync(Stream output, IReadOnlyList<TableColumn> columns, CancellationToken ct)
    {
        var names = new HashSet<string>();
        foreach (var c in columns)
            if (!names.Add(c.Field.Name))
                throw new InvalidOperationException($"two columns are named '{c.Field.Name}'");
        var schema = new ParquetSchema(columns.Select(c => (Field)c.Field));
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
        foreach (var c in columns)
            if (c.EncodingHint != EncodingHint.Default)
                options.ColumnEncodingHints[c.Field.Path.ToString()] = c.EncodingHint;
        var writer = await ParquetWriter.CreateAsync(schema, output, options, cancellationToken: ct);
        return new ParquetTableWriter(writer, columns.Select(c => c.Field).ToArray());
    }

    /// <summary>Writes rows <c>[start, start + count)</c> of <paramref name="columns"/> as one row group.</summary>
    public async Task WriteRowGroupAsync(IReadOnlyList<TableColumn> columns, int start, int count, CancellationToken ct)
    {
        if (columns.Count != _fields.Count || columns.Where((c, i) => !ReferenceEquals(c.Field, _fields[i])).Any())
            throw new InvalidOperationException("every row group must be written with the columns the table was created with");
        using var rowGroup = _writer.CreateRowGroup();
        foreach (var column in columns)
        {
            // Parquet.Net encodes in memory and rarely looks at the token itself.
            ct.ThrowIfCancellationRequested();
            await column.WriteAsync(rowGroup, start, count, ct);
        }
        rowGroup.CompleteValidate();
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
