using Simulation.Input.Enrollment;
using Simulation.Input.Files;

namespace Simulation.Input.Tests.Enrollment;

public sealed class EnrollmentTableTests
{
    [Fact]
    public void Read_LongTable_SortsGroupsKeepsUnitOrderAndAddsRepeatedPairs()
    {
        var table = EnrollmentTable.Read(CsvTable.Parse("e.csv",
            "school,race,n,district\n" +
            "s2,white,10,d1\n" +
            "s1,black,4,d2\n" +
            "s2,asian,1,d1\n" +
            "s2,white,5,d1\n"), "school", "race", "n", "district");

        Assert.Equal(["s2", "s1"], table.Units);
        Assert.Equal(["asian", "black", "white"], table.Groups);
        // s2: asian 1, black 0 (absent), white 10 + 5; s1: black 4.
        Assert.Equal([1, 0, 15, 0, 4, 0], table.Counts);
        Assert.Equal(["d1", "d2"], table.Nesting!);
        Assert.Equal([0, 1], table.NestingOfUnit!);
        Assert.Equal(2, table.GroupIndex("white"));
        Assert.Equal(-1, table.GroupIndex("purple"));
    }

    [Fact]
    public void Read_WithoutNestingColumn_HasNoNesting()
    {
        var table = EnrollmentTable.Read(CsvTable.Parse("e.csv", "u,g,n,extra\na,x,1,?\n"), "u", "g", "n");
        Assert.Null(table.Nesting);
        Assert.Null(table.NestingOfUnit);
        Assert.Equal([1], table.Counts);
    }

    [Fact]
    public void Read_UnitTotalBeyondInt_NamesTheRow()
    {
        var e = Assert.Throws<InputException>(() => EnrollmentTable.Read(
            CsvTable.Parse("e.csv", "u,g,n\na,x,2000000000\na,y,2000000000\n"), "u", "g", "n"));
        Assert.Equal("e.csv: row 3, field 'n': unit 'a' would hold more than 2147483647 students", e.Message);
    }

    [Fact]
    public void Load_MissingFile_SaysFileNotFound()
    {
        var e = Assert.Throws<InputException>(() => EnrollmentTable.Load("no-such.csv", "u", "g", "n"));
        Assert.Equal("no-such.csv: file not found", e.Message);
    }
}
