namespace Simulation.Cli.Tests;

/// <summary><c>schoolsim match</c> end to end on tiny CSV files.</summary>
/// <remarks>
/// The instance (one seat at A and B) is the hand-worked one of the core's mechanism tests:
/// <code>
///   s0: B, A       A: s0 > s2 > s1
///   s1: A, B       B: s1 > s0 > s2
///   s2: A          C has no seats; s3 ranks only C
/// </code>
/// </remarks>
public sealed class MatchCommandTests : IDisposable
{
    private readonly string _folder = CliRunner.TempFolder();

    public MatchCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string[] Args(string mechanism, params string[] extra)
    {
        var schools = Write("schools.csv", "school_id,capacity\nA,1\nB,1\nC,0\n");
        var preferences = Write("preferences.csv", "student_id,rank,school_id\ns0,1,B\ns0,2,A\ns1,1,A\ns1,2,B\ns2,1,A\ns3,1,C\n");
        var priorities = Write("priorities.csv", "school_id,student_id,priority\nA,s0,1\nA,s2,2\nA,s1,3\nB,s1,1\nB,s0,2\nB,s2,3\n");
        string[] args = ["match", "--mechanism", mechanism, "--schools", schools, "--preferences", preferences, "--out", Path.Combine(_folder, "assignment.csv")];
        return mechanism == "rsd" ? [.. args, .. extra] : [.. args, "--priorities", priorities, .. extra];
    }

    private string Output => File.ReadAllText(Path.Combine(_folder, "assignment.csv"));

    [Theory]
    // Why: the worked answers of four mechanisms that differ on this instance; s3 shows the empty cells.
    [InlineData("da", "s0,A,2|s1,B,2|s2,,|s3,,")]
    [InlineData("ttc", "s0,B,1|s1,A,1|s2,,|s3,,")]
    [InlineData("boston", "s0,B,1|s1,,|s2,A,1|s3,,")]
    [InlineData("school-lotteries", "s0,A,2|s1,B,2|s2,,|s3,,")]
    public async Task Match_HandWorkedInstance_WritesWorkedAssignment(string mechanism, string expected)
    {
        var (exit, stdout, err) = await CliRunner.Run(Args(mechanism));
        Assert.True(exit == 0, err);
        Assert.Equal("student_id,school_id,rank\n" + expected.Replace('|', '\n') + "\n", Output);
        Assert.Contains("2 of 4 students assigned", stdout);
        Assert.Empty(Directory.GetFiles(_folder, ".*"));
    }

    [Fact]
    public async Task Match_Rsd_AssignsBothSeatsAndIsReproducibleBySeed()
    {
        var (exit, _, err) = await CliRunner.Run(Args("rsd", "--seed", "7"));
        Assert.True(exit == 0, err);
        var first = Output;
        Assert.Equal(2, first.Split('\n').Count(l => l.Contains(",A,") || l.Contains(",B,")));
        (exit, _, _) = await CliRunner.Run(Args("rsd", "--seed", "7"));
        Assert.Equal(0, exit);
        Assert.Equal(first, Output);
    }

    [Fact]
    public async Task Match_RowOrderOfPreferences_DoesNotChangeLotteryOrResult()
    {
        // Lottery numbers hash (seed, school id, student id), so shuffling rows changes nothing but output order.
        var schools = Write("schools.csv", "school_id,capacity\nX,2\nY,1\n");
        var forward = Write("forward.csv", "student_id,rank,school_id\na,1,X\na,2,Y\nb,1,X\nc,1,X\nc,2,Y\nd,1,Y\n");
        var backward = Write("backward.csv", "student_id,rank,school_id\nd,1,Y\nc,2,Y\nc,1,X\nb,1,X\na,2,Y\na,1,X\n");
        string[] Run(string prefs) => ["match", "--mechanism", "da", "--schools", schools, "--preferences", prefs, "--tie-breaking", "multiple", "--seed", "3",
            "--out", Path.Combine(_folder, "assignment.csv")];
        Assert.Equal(0, (await CliRunner.Run(Run(forward))).Exit);
        var a = Output.Split('\n').Skip(1).Order().ToArray();
        Assert.Equal(0, (await CliRunner.Run(Run(backward))).Exit);
        Assert.Equal(a, Output.Split('\n').Skip(1).Order().ToArray());
    }

    [Fact]
    public async Task Match_FiftyFiftyPools_KeepHalfTheSeatsForEachGroup()
    {
        // Four seats: two for ED, two for others, no spillover. Three ED and one other apply: one other seat stays empty.
        var schools = Write("schools.csv", "school_id,capacity\nM,4\n");
        var prefs = Write("preferences.csv", "student_id,rank,school_id\ne1,1,M\ne2,1,M\ne3,1,M\no1,1,M\n");
        var students = Write("students.csv", "student_id,group\ne1,ed\ne2,ed\ne3,ed\no1,other\n");
        var pools = Write("pools.csv", "school_id,pool,seats,eligible_group,order,spillover_to\nM,ed,2,ed,1,none\nM,other,2,other,2,none\n");
        var (exit, _, err) = await CliRunner.Run("match", "--mechanism", "da", "--schools", schools, "--preferences", prefs, "--students", students,
            "--pools", pools, "--out", Path.Combine(_folder, "assignment.csv"));
        Assert.True(exit == 0, err);
        var lines = Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
        Assert.Equal(2, lines.Count(l => l.StartsWith('e') && l.EndsWith(",M,1")));
        Assert.Contains("o1,M,1", lines);
    }

    [Theory]
    // Why: one case per kind of bad input the issue names, each in a different file and field.
    [InlineData("preferences.csv", "s2,1,A", "s2,1,Z", "row 6", "school_id", "unknown school 'Z'")]
    [InlineData("preferences.csv", "s0,2,A", "s0,1,A", "row 3", "rank", "two schools at rank 1")]
    [InlineData("schools.csv", "B,1", "B,-1", "row 3", "capacity", "capacity must be ≥ 0")]
    [InlineData("priorities.csv", "B,s0,2", "B,s0", "row 6", null, "expected 3 fields")]
    [InlineData("priorities.csv", "B,s0,2", "B,s0,high", "row 6", "priority", "not an integer")]
    [InlineData("preferences.csv", "s3,1,C", "s3,1,A\ns3,2,A", "row 8", "school_id", "ranks school 'A' twice")]
    public async Task Match_BadInput_ExitsTwoNamingFileRowAndField_WritesNothing(string file, string from, string to, string row, string? field, string reason)
    {
        var args = Args("da");
        var path = Path.Combine(_folder, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text);
        File.WriteAllText(path, text.Replace(from, to));
        var (exit, _, err) = await CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.StartsWith($"error: {path}: {row}", err);
        if (field is not null) Assert.Contains($"field '{field}'", err);
        Assert.Contains(reason, err);
        Assert.Empty(Directory.GetFiles(_folder, "assignment.csv"));
        Assert.Empty(Directory.GetFiles(_folder, ".*"));
    }

    [Theory]
    // Why: usage mistakes must stop before reading files: unknown mechanism, option a mechanism cannot use, missing --out.
    [InlineData("--mechanism", "gale", "expected one of")]
    [InlineData("--pools", "pools.csv", "does not take --pools")]
    [InlineData("--tie-breaking", "random", "expected single, multiple or pool")]
    public async Task Match_BadUsage_ExitsTwo(string option, string value, string message)
    {
        var args = Args(option == "--pools" ? "ttc" : "da").ToList();
        if (option == "--mechanism") args[args.IndexOf("--mechanism") + 1] = value;
        else args.AddRange([option, value]);
        var (exit, _, err) = await CliRunner.Run([.. args]);
        Assert.Equal(2, exit);
        Assert.Contains(message, err);
        Assert.False(File.Exists(Path.Combine(_folder, "assignment.csv")));
    }

    [Fact]
    public async Task Match_MissingOut_ExitsTwo()
    {
        var args = Args("da").ToList();
        args.RemoveRange(args.IndexOf("--out"), 2);
        var (exit, _, err) = await CliRunner.Run([.. args]);
        Assert.Equal(2, exit);
        Assert.Contains("--out", err);
    }
}
