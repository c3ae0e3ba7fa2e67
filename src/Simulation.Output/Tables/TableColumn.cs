using System.Buffers;
using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Schema;

namespace Simulation.Output.Tables;

/// <summary>
/// One column of a table being written: its Parquet field and a function giving the value of row <c>i</c>. Values
/// are produced one row group at a time, so a table never needs all its rows in memory.
/// </summary>
/// <remarks>Doubles are always nullable and NaN is written as null: BI tools treat NaN as a number and break sums
/// and averages on it, while null is "undefined" everywhere.</remarks>
internal abstract class TableColumn
{
    private protected TableColumn(DataField field) => Field = field;

    public DataField Field { get; }

    /// <summary>A seed as stored in an int64 column: the same 64 bits, so seeds of 2^63 and above read as negative
    /// (cast to an unsigned type to recover them).</summary>
    public static long SeedValue(ulong seed) => unchecked((long)seed);

    /// <summary>How Parquet.Net should encode the column; the default lets it choose.</summary>
    public virtual EncodingHint EncodingHint => EncodingHint.Default;

    /// <summary>Writes rows <c>[start, start + count)</c> of this column into the current row group.</summary>
    public abstract Task WriteAsync(ParquetRowGroupWriter rowGroup, int start, int count, CancellationToken ct);

    public static TableColumn String(string name, Func<int, string> value) => new StringColumn(name, value);

    public static TableColumn Int32(string name, Func<int, int> value) =>
        new ValueColumn<int>(new DataField<int>(name, nullable: false), value);

    public static TableColumn Int64(string name, Func<int, long> value) =>
        new ValueColumn<long>(new DataField<long>(name, nullable: false), value);

    public static TableColumn Bool(string name, Func<int, bool> value) =>
        new ValueColumn<bool>(new DataField<bool>(name, nullable: false), value);

    /// <summary>A nullable int32 column; null stays null.</summary>
    public static TableColumn NullableInt32(string name, Func<int, int?> value) =>
        new NullableValueColumn<int>(new DataField<int?>(name, nullable: true), value);

    /// <summary>A nullable double column; NaN becomes null.</summary>
    public static TableColumn Double(string name, Func<int, double> value) => new DoubleColumn(name, value);

    /// <summary>A nullable string column; null stays null.</summary>
    public static TableColumn NullableString(string name, Func<int, string?> value) =>
        new StringColumn(name, value, nullable: true);

    /// <summary>
    /// Fills a buffer rented from the shared pool with <paramref name="count"/> values and writes it. A row group of
    /// the <c>schools</c> table has 148,000 rows for Dallas, so fresh column arrays would be megabytes each and land on
    /// the large-object heap every row group; pooled ones are reused across row groups and scenarios.
    /// </summary>
    private static async Task WritePooledAsync<T>(int count, Action<T[]> fill, Func<ReadOnlyMemory<T>, Task> write)
    {
        var buffer = ArrayPool<T>.Shared.Rent(count);
        try
        {
            fill(buffer);
            await write(buffer.AsMemory(0, count));
        }
        finally
        {
            ArrayPool<T>.Shared.Return(buffer, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }
    }

    private sealed class ValueColumn<T>(DataField field, Func<int, T> value) : TableColumn(field) where T : struct
    {
        public override Task WriteAsync(ParquetRowGroupWriter rowGroup, int start, int count, CancellationToken ct) =>
            WritePooledAsync<T>(count,
                values => { for (var i = 0; i < count; i++) values[i] = value(start + i); },
                values => rowGroup.WriteAsync<T>(Field, values, cancellationToken: ct));
    }

    private sealed class NullableValueColumn<T>(DataField field, Func<int, T?> value) : TableColumn(field) where T : struct
    {
        public override Task WriteAsync(ParquetRowGroupWriter rowGroup, int start, int count, CancellationToken ct) =>
            WritePooledAsync<T?>(count,
                values => { for (var i = 0; i < count; i++) values[i] = value(start + i); },
                values => rowGroup.WriteAsync<T>(Field, values, cancellationToken: ct));
    }

    private sealed class DoubleColumn(string name, Func<int, double> value)
        : TableColumn(new DataField<double?>(name, nullable: true))
    {
        public override Task WriteAsync(ParquetRowGroupWriter rowGroup, int start, int count, CancellationToken ct) =>
            WritePooledAsync<double?>(count,
                values =>
                {
                    for (var i = 0; i < count; i++)
                    {
                        var v = value(start + i);
                        values[i] = double.IsNaN(v) ? null : v;
                    }
                },
                values => rowGroup.WriteAsync<double>(Field, values, cancellationToken: ct));
    }

    private sealed class StringColumn(string name, Func<int, string?> value, bool nullable = false)
        : TableColumn(new DataField<string>(name, nullable))
    {
        // Ids, names and metric names repeat on every row: store each once per row group.
        public override EncodingHint EncodingHint => EncodingHint.Dictionary;

        public override Task WriteAsync(ParquetRowGroupWriter rowGroup, int start, int count, CancellationToken ct)
        {
            if (nullable)
            {
                // Parquet.Net writes a null ReadOnlyMemory<char>? as an empty string; its string overload keeps nulls.
                var texts = new string?[count];
                for (var i = 0; i < count; i++) texts[i] = value(start + i);
                return rowGroup.WriteAsync(Field, texts!);
            }
            return WritePooledAsync<ReadOnlyMemory<char>?>(count,
                values =>
                {
                    for (var i = 0; i < count; i++)
                        values[i] = value(start + i)?.AsMemory() ?? throw new InvalidOperationException(
                            $"column {Field.Name}: row {start + i} is null in a non-nullable column");
                },
                values => rowGroup.WriteAsync<ReadOnlyMemory<char>>(Field, values, cancellationToken: ct));
        }
    }
}
