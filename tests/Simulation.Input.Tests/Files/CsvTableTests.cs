using Simulation.Input.Files;

namespace Simulation.Input.Tests.Files;

public sealed class CsvTableTests
{
    [Fact]
    public void Parse_QuotedFields_KeepCommasQuotesAndNewlines()
    {
        var table = CsvTable.Parse("t.csv", "id,name\r\n1,\"Smith, \"\"Jr\"\"\"\n2,\"two\nlines\"\n");

        Assert.Equal(2, table.RowCount);
        Assert.Equal("Smith, \"Jr\"", table.Text(0, table.Column("name")));
        Assert.Equal("two\nlines", table.Text(1, table.Column("name")));
        Assert.Equal(3, table.LineOf(1));
    }

    [Fact]
    public void Parse_BlankLinesAndByteOrderMark_AreSkipped()
    {
        var table = CsvTable.Parse("t.csv", "\uFEFFid,n\n\n1,2\n\n3,4\n");

        Assert.Equal(2, table.RowCount);
        Assert.Equal(0, table.Column("id"));
        Assert.Equal("row 5", table.Location(1));
    }

    [Fact]
    public void Column_Missing_NamesFileHeaderRowAndColumn()
    {
        var table = CsvTable.Parse("data/schools.csv", "sln,name\n1,a\n");

        var error = Assert.Throws<InputException>(() => table.Column("enrollment"));

        Assert.Equal("data/schools.csv: row 1, field 'enrollment': missing column", error.Message);
    }

    [Fact]
    public void Int_NotANumber_NamesRowAndField()
    {
        var table = CsvTable.Parse("schools.csv", "sln,enrollment\n1,10\n2,x\n");

        var error = Assert.Throws<InputException>(() => table.Int(1, table.Column("enrollment")));

        Assert.Equal("schools.csv: row 3, field 'enrollment': not an integer ('x')", error.Message);
        Assert.Equal(("schools.csv", "row 3", "enrollment"), (error.File, error.Location, error.Field));
    }

    [Theory]
    [InlineData("1.5e3", 1500.0)]
    [InlineData("-0.25", -0.25)]
    public void Double_InvariantCultureNumbers_Parse(string text, double expected) =>
        Assert.Equal(expected, CsvTable.Parse("t.csv", $"x\n{text}\n").Double(0, 0));

    [Theory]
    [InlineData("1,5")] // a decimal comma (quoted, so one field) is not an invariant-culture number
    [InlineData("NaN")]
    [InlineData("abc")]
    public void Double_Malformed_Throws(string text) =>
        Assert.Throws<InputException>(() => CsvTable.Parse("t.csv", $"x\n\"{text}\"\n").Double(0, 0));

    [Fact]
    public void OptionalDouble_EmptyCell_IsNull() =>
        Assert.Null(CsvTable.Parse("t.csv", "a,b\n,1\n").OptionalDouble(0, 0));

    [Fact]
    public void Parse_RowWithTooFewFields_NamesRow()
    {
        var error = Assert.Throws<InputException>(() => CsvTable.Parse("t.csv", "a,b,c\n1,2,3\n4,5\n"));

        Assert.Equal("t.csv: row 3: expected 3 fields as in the header, found 2", error.Message);
    }

    [Fact]
    public void Parse_DuplicateColumn_Throws()
    {
        var error = Assert.Throws<InputException>(() => CsvTable.Parse("t.csv", "a,b,a\n1,2,3\n"));

        Assert.Contains("field 'a': this column appears twice", error.Message);
    }

    [Fact]
    public void Parse_UnclosedQuote_Throws() =>
        Assert.Throws<InputException>(() => CsvTable.Parse("t.csv", "a\n\"open\n"));

    [Fact]
    public void Parse_Empty_Throws() =>
        Assert.Throws<InputException>(() => CsvTable.Parse("t.csv", ""));

    [Fact]
    public void Load_MissingFile_SaysFileNotFound()
    {
        var error = Assert.Throws<InputException>(() => CsvTable.Load("no/such/file.csv"));

        Assert.Equal("no/such/file.csv: file not found", error.Message);
    }

    [Fact]
    public void Load_File_HashesItsBytes()
    {
        using var folder = new TempFolder();
        var path = folder.Write("a.csv", "x\n1\n");

        var (_, file) = CsvTable.Load(path);

        // printf 'x\n1\n' | sha256sum
        Assert.Equal("daff832f802000e645771a60983c76c963f6ee602a6230e45237bd360e91cc1a", file.Sha256);
        Assert.Equal(4, file.Bytes);
    }
}
