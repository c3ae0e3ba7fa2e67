using Parquet;
using Parquet.Schema;

namespace Simulation.Output.Tables;

/// <summary>Reads metric columns of a written <c>replications</c> partition back, one row group at a time (null, a
/// metric undefined in that replication, reads as NaN).</summary>
internal sealed class MetricReader : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly ParquetReader _reader;
    private readonly Dictionary<string, DataField> _fields;

    private MetricReader(Stream stream, ParquetReader reader)
    {
        _stream = stream;
        _reader = reader;
        _fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    public static async Task<MetricReader> OpenAsync(string path, CancellationToken ct)
    {
        var stream = File.OpenRead(path);
        try
        {
            return new MetricReader(stream, await ParquetReader.CreateAsync(stream, cancellationToken: ct));
        }
        catch
        {
            await stream.DisposeAsync();
            throw;
        }
    }

    public int RowGroupCount => _reader.RowGroupCount;

    public async Task<double[]> ReadAsync(int rowGroup, string metric, CancellationToken ct)
    {
        var field = _fields.TryGetValue(metric, out var f) ? f
            : throw new InvalidDataException($"replications partition has no column '{metric}'");
        using var group = _reader.OpenRowGroupReader(rowGroup);
        var rows = checked((int)group.RowCount);
        var values = new double?[rows];
        await group.ReadAsync<double>(field, values.AsMemory(), null, ct);
        var result = new double[rows];
        for (var i = 0; i < rows; i++) result[i] = values[i] ?? double.NaN;
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.DisposeAsync();
        await _stream.DisposeAsync();
    }
}
