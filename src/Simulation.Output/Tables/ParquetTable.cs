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
        var names = new HashSet<string>();
        foreach (var c in columns)
            if (!names.Add(c.Field.Name))
                throw new InvalidOperationException($"two columns are named '{c.Field.Name}'");

        var schema = new ParquetSchema(columns.Select(c => (Field)c.Field));
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
        foreach (var c in columns)
            if (c.EncodingHint != EncodingHint.Default)
                options.ColumnEncodingHints[c.Field.Path.ToString()] = c.EncodingHint;
        await using var writer = await ParquetWriter.CreateAsync(schema, output, options, cancellationToken: ct);
        for (var start = 0; start < rowCount; start += rowGroupRows)
        {
            var count = Math.Min(rowGroupRows, rowCount - start);
            using var rowGroup = writer.CreateRowGroup();
            foreach (var column in columns)
            {
                // Parquet.Net encodes in memory and rarely looks at the token itself.
                ct.ThrowIfCancellationRequested();
                await column.WriteAsync(rowGroup, start, count, ct);
            }
            rowGroup.CompleteValidate();
        }
    }
}
