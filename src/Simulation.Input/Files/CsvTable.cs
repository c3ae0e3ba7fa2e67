using System.Globalization;
using System.Text;

namespace Simulation.Input.Files;

/// <summary>
/// A comma-separated table with a header row (RFC 4180 quoting), read whole, with typed accessors whose errors
/// name the file, the row and the column.
/// </summary>
/// <remarks>Row numbers are line numbers of the file: the header is row 1, the first record row 2 (as a spreadsheet
/// shows it). Numbers parse with the invariant culture. Blank lines are skipped.</remarks>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;
    private readonly List<string[]> _rows;
    private readonly List<int> _rowLines;

    private readonly int _headerLine;

    private CsvTable(string file, string[] header, int headerLine, List<string[]> rows, List<int> rowLines)
    {
        File = file;
        _headerLine = headerLine;
        Header = header;
        _rows = rows;
        _rowLines = rowLines;
        _columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
            if (!_columns.TryAdd(header[i], i))
                throw new InputException(file, $"row {headerLine}", header[i], "this column appears twice in the header");
    }

    public string File { get; }
    public IReadOnlyList<string> Header { get; }
    public int RowCount => _rows.Count;

    /// <summary>Parses CSV text. <paramref name="file"/> is only used in error messages.</summary>
    public static CsvTable Parse(string file, string text)
    {
        var records = new List<string[]>();
        var lines = new List<int>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var fieldWasQuoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else quoted = false;
                }
                else
                {
                    if (c == '\n') line++;
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0 && !fieldWasQuoted:
                    quoted = true;
                    fieldWasQuoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldWasQuoted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }
        if (quoted) throw new InputException(file, $"row {recordLine}", null, "a quoted field is not closed");
        EndRecord();

        if (records.Count == 0) throw new InputException(file, null, null, "the file is empty (no header row)");
        var header = records[0].Select(h => h.Trim()).ToArray();
        if (header.Length > 0 && header[0].StartsWith('\uFEFF')) header[0] = header[0][1..];
        for (var r = 1; r < records.Count; r++)
            if (records[r].Length != header.Length)
                throw new InputException(file, $"row {lines[r]}", null,
                    $"expected {header.Length} fields as in the header, found {records[r].Length}");
        return new CsvTable(file, header, lines[0], records.GetRange(1, records.Count - 1), lines.GetRange(1, lines.Count - 1));

        void EndRecord()
        {
            if (fields.Count == 0 && field.Length == 0 && !fieldWasQuoted) return;
            fields.Add(field.ToString());
            records.Add([.. fields]);
            lines.Add(recordLine);
            fields.Clear();
            field.Clear();
            fieldWasQuoted = false;
        }
    }

    /// <summary>Reads and parses a file; the returned <see cref="InputFile"/> carries its hash.</summary>
    public static (CsvTable Table, InputFile File) Load(string path)
    {
        var (file, content) = InputFile.Read(path);
        return (Parse(path, Encoding.UTF8.GetString(content)), file);
    }

    /// <summary>The index of a column that must exist.</summary>
    /// <exception cref="InputException">The header lacks the column.</exception>
    public int Column(string name) =>
        _columns.TryGetValue(name, out var i)
            ? i
            : throw new InputException(File, $"row {_headerLine}", name, "missing column");

    /// <summary>Whether the header has a column named <paramref name="name"/>.</summary>
    public bool HasColumn(string name) => _columns.ContainsKey(name);

    /// <summary>The file line of record <paramref name="row"/> (0-based record index), for messages.</summary>
    public int LineOf(int row) => _rowLines[row];

    public string Location(int row) => $"row {_rowLines[row]}";

    public string Text(int row, int column) => _rows[row][column].Trim();

    public string RequiredText(int row, int column)
    {
        var value = Text(row, column);
        return value.Length > 0 ? value : throw Error(row, column, "a value is required");
    }

    public int Int(int row, int column)
    {
        var value = Text(row, column);
        return int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw Error(row, column, $"not an integer ('{value}')");
    }

    public double Double(int row, int column)
    {
        var value = Text(row, column);
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var result) &&
               double.IsFinite(result)
            ? result
            : throw Error(row, column, $"not a number ('{value}')");
    }

    /// <summary>A number, or null for an empty cell.</summary>
    public double? OptionalDouble(int row, int column) => Text(row, column).Length == 0 ? null : Double(row, column);

    public InputException Error(int row, int column, string reason) =>
        new(File, Location(row), Header[column], reason);
}
