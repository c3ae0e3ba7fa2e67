using Simulation.Core.Mechanisms;
using Simulation.Core.Scenarios;

namespace Simulation.Cli.Tests;

/// <summary><c>schoolsim match</c> lotteries end to end: pool tie-breaking (one number per seat pool, by the documented
/// hash of school, pool and student ids) and weighted lotteries (the <c>tickets</c> column of students.csv).</summary>
public sealed class MatchLotteryTests : IDisposable
{
    private readonly string _folder = CliRunner.TempFolder();

    public MatchLotteryTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string OutPath => Path.Combine(_folder, "assignment.csv");

    private Dictionary<string, string> Assigned() => File.ReadAllLines(OutPath).Skip(1)
        .Select(l => l.Split(',')).ToDictionary(f => f[0], f => f[1]);

    [Theory]
    // Why: several seeds, so both the case where the pools' lotteries agree and where they disagree occur.
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(4UL)]
    [InlineData(5UL)]
    public async Task PoolTieBreaking_EachPoolAdmitsTheBestOfItsOwnDocumentedLottery(ulong seed)
    {
        // School M: pool p1 (1 seat, filled first) and pool p2 (1 seat), both open to all; four applicants.
        // Expected: p1 takes the lowest p1 number; p2 the lowest p2 number among the other three.
        var schools = Write("schools.csv", "school_id,capacity\nM,2\n");
        var prefs = Write("preferences.csv", "student_id,rank,school_id\na,1,M\nb,1,M\nc,1,M\nd,1,M\n");
        var pools = Write("pools.csv", "school_id,pool,seats,eligible_group,order,spillover_to\nM,p2,1,any,2,none\nM,p1,1,any,1,none\n");
        var (exit, _, err) = await CliRunner.Run("match", "--mechanism", "da", "--schools", schools, "--preferences", prefs, "--pools", pools,
            "--tie-breaking", "pool", "--seed", seed.ToString(), "--out", OutPath);
        Assert.True(exit == 0, err);

        string[] ids = ["a", "b", "c", "d"];
        var lottery = new Lottery(TieBreaking.Pool, seed, ids.Select(Lottery.IdOf).ToArray(), [Lottery.IdOf("M")]);
        ulong Number(string pool, int i) => lottery.PoolNumber(0, Lottery.IdOf(pool), i);
        var first = Enumerable.Range(0, 4).MinBy(i => Number("p1", i));
        var second = Enumerable.Range(0, 4).Where(i => i != first).MinBy(i => Number("p2", i));
        var expected = new[] { ids[first], ids[second] }.Order().ToArray();
        Assert.Equal(expected, Assigned().Where(kv => kv.Value == "M").Select(kv => kv.Key).Order().ToArray());
    }

    [Theory]
    // Why: the closed form k/(k+1) for k tickets against one, at k = 2 and 4, over 3,000 independent one-seat schools.
    [InlineData(2)]
    [InlineData(4)]
    public async Task Tickets_WinAOneSeatContestWithProbabilityKOverKPlusOne(int k)
    {
        const int contests = 3000;
        var schools = new System.Text.StringBuilder("school_id,capacity\n");
        var prefs = new System.Text.StringBuilder("student_id,rank,school_id\n");
        var students = new System.Text.StringBuilder("student_id,group,tickets\n");
        for (var i = 0; i < contests; i++)
        {
            schools.Append($"S{i},1\n");
            prefs.Append($"w{i},1,S{i}\no{i},1,S{i}\n");
            students.Append($"w{i},weighted,{k}\no{i},plain,\n");
        }
        var (exit, _, err) = await CliRunner.Run("match", "--mechanism", "da", "--schools", Write("schools.csv", schools.ToString()),
            "--preferences", Write("preferences.csv", prefs.ToString()), "--students", Write("students.csv", students.ToString()),
            "--tie-breaking", "multiple", "--seed", "11", "--out", OutPath);
        Assert.True(exit == 0, err);
        var assigned = Assigned();
        Assert.Equal(contests, assigned.Values.Count(v => v.Length > 0));
        var wins = assigned.Count(kv => kv.Key[0] == 'w' && kv.Value.Length > 0);
        var p = (double)k / (k + 1);
        var se = Math.Sqrt(p * (1 - p) / contests);
        Assert.InRange((double)wins / contests, p - 4 * se, p + 4 * se);
    }

    [Theory]
    // Why: a ticket count must be a positive integer; the error names file, row and field.
    [InlineData("0", "tickets must be an integer in [1")]
    [InlineData("two", "not an integer")]
    public async Task Tickets_Bad_ExitsTwoNamingFileRowAndField(string value, string reason)
    {
        var schools = Write("schools.csv", "school_id,capacity\nM,1\n");
        var prefs = Write("preferences.csv", "student_id,rank,school_id\na,1,M\nb,1,M\n");
        var students = Write("students.csv", $"student_id,group,tickets\na,x,1\nb,x,{value}\n");
        var (exit, _, err) = await CliRunner.Run("match", "--mechanism", "da", "--schools", schools, "--preferences", prefs, "--students", students,
            "--out", OutPath);
        Assert.Equal(2, exit);
        Assert.StartsWith($"error: {students}: row 3", err);
        Assert.Contains("field 'tickets'", err);
        Assert.Contains(reason, err);
        Assert.False(File.Exists(OutPath));
    }

    [Theory]
    // Why: mechanisms without seat pools cannot run pool lotteries.
    [InlineData("ttc")]
    [InlineData("rsd")]
    public async Task PoolTieBreaking_WithoutSeatPools_IsAUsageError(string mechanism)
    {
        var schools = Write("schools.csv", "school_id,capacity\nM,1\n");
        var prefs = Write("preferences.csv", "student_id,rank,school_id\na,1,M\n");
        var (exit, _, err) = await CliRunner.Run("match", "--mechanism", mechanism, "--schools", schools, "--preferences", prefs,
            "--tie-breaking", "pool", "--out", OutPath);
        Assert.Equal(2, exit);
        Assert.Contains("pool", err);
        Assert.False(File.Exists(OutPath));
    }
}
