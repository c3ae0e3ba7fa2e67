using Simulation.Output.Tables;

namespace Simulation.Output.Tests;

public sealed class ParquetTableTests
{
    [Fact]
    public async Task WriteAsync_MoreRowsThanARowGroupHolds_SplitsRowsIntoGroupsInOrder()
    {
        using var dir = new TempDirectory();
        var path = dir["t.parquet"];
        TableColumn[] columns =
        [
            TableColumn.Int32("i", i => i),
            TableColumn.String("s", i => $"row {i}"),
            TableColumn.Double("x", i => i % 3 == 0 ? double.NaN : i / 2.0),
        ];

        await using (var stream = File.Create(path))
            await ParquetTable.WriteAsync(stream, columns, rowCount: 7, CancellationToken.None, rowGroupRows: 3);

        var groups = DuckDb.Query($"SELECT row_group_id, row_group_num_rows FROM parquet_metadata('{path}') WHERE column_id = 0 ORDER BY 1");
        Assert.Equal([3L, 3L, 1L], groups.Select(g => Convert.ToInt64(g["row_group_num_rows"])));
        var rows = DuckDb.Query($"SELECT * FROM read_parquet('{path}')");
        Assert.Equal(Enumerable.Range(0, 7), rows.Select(r => (int)r["i"]!));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"row {i}"), rows.Select(r => (string)r["s"]!));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => i % 3 == 0 ? (double?)null : i / 2.0), rows.Select(r => (double?)r["x"]));
    }

    [Fact]
    public async Task WriteAsync_TwoColumnsWithOneName_Throws()
    {
        await using var stream = new MemoryStream();

        await Assert.ThrowsAsync<InvalidOperationException>(() => ParquetTable.WriteAsync(stream,
            [TableColumn.Int32("a", i => i), TableColumn.Int64("a", i => i)], 1, CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_ColumnFailsInASecondRowGroup_SurfacesTheOriginalException()
    {
        await using var stream = new MemoryStream();
        TableColumn[] columns =
        [
            TableColumn.Int32("i", i => i),
            TableColumn.Int32("x", i => i == 4 ? throw new InvalidDataException("row 4") : i),
        ];

        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            ParquetTable.WriteAsync(stream, columns, rowCount: 7, CancellationToken.None, rowGroupRows: 3));

        Assert.Equal("row 4", error.Message);
    }

    [Fact]
    public async Task WriteAsync_CancelledBetweenRowGroups_ThrowsOperationCanceled()
    {
        await using var stream = new MemoryStream();
        using var cts = new CancellationTokenSource();
        TableColumn[] columns =
        [
            TableColumn.Int32("i", i => i),
            TableColumn.Int32("x", i =>
            {
                if (i == 2) cts.Cancel();
                return i;
            }),
        ];

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ParquetTable.WriteAsync(stream, columns, rowCount: 7, cts.Token, rowGroupRows: 3));
    }
}
