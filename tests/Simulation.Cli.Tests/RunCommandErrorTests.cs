namespace Simulation.Cli.Tests;

public class RunCommandErrorTests
{
    private static string WriteScenario(string folder, string replaceFrom, string replaceTo)
    {
        Directory.CreateDirectory(folder);
        var text = File.ReadAllText(CliRunner.Scenario("dallas-5050.yaml"))
            .Replace("district: districts/dallas-isd", "district: " + Path.Combine(Simulation.Testing.RepositoryPaths.Scenarios, "districts", "dallas-isd"));
        Assert.Contains(replaceFrom, text);
        var path = Path.Combine(folder, "bad.yaml");
        File.WriteAllText(path, text.Replace(replaceFrom, replaceTo));
        return path;
    }

    [Theory]
    // Why: each is a different layer of checking — YAML value range, a name that only the district can reject,
    // and a rule that only the compiled scenario can check — and each must name line and field.
    [InlineData("ed: 0.08", "ed: 1.5", "choice.apply.ed")]
    [InlineData("\"306\", \"386\"", "\"306\", \"999\"", "campuses.fifty_fifty.schools")]
    [InlineData("ed:     {share: 0.5", "ed:     {share: 0.6", "campuses.fifty_fifty.pools")]
    public async Task Run_BadScenario_ExitsTwoNamingFileLineAndField_WritesNothing(string from, string to, string field)
    {
        var folder = CliRunner.TempFolder();
        try
        {
            var scenario = WriteScenario(folder, from, to);
            var output = Path.Combine(folder, "out");
            var (exit, _, err) = await CliRunner.Run("run", scenario, "--out", output, "--quiet");
            Assert.Equal(2, exit);
            Assert.StartsWith("error: ", err);
            Assert.Contains("bad.yaml", err);
            Assert.Contains("line ", err);
            Assert.Contains($"field '{field}", err);
            Assert.False(Directory.Exists(output));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task Run_BadDistrictData_ExitsTwoNamingFileRowAndField_WritesNothing()
    {
        var folder = CliRunner.TempFolder();
        try
        {
            // A private copy of the district with one enrollment cell broken, and a scenario pointing at it.
            var district = Path.Combine(folder, "districts", "dallas-isd");
            Directory.CreateDirectory(district);
            foreach (var file in Directory.GetFiles(Simulation.Testing.RepositoryPaths.District("dallas-isd")))
                File.Copy(file, Path.Combine(district, Path.GetFileName(file)));
            var schools = Path.Combine(district, "schools.csv");
            var lines = File.ReadAllLines(schools);
            var header = lines[0].Split(',');
            var column = Array.IndexOf(header, "enrollment");
            var cells = lines[5].Split(',');
            cells[column] = "many";
            lines[5] = string.Join(',', cells);
            File.WriteAllLines(schools, lines);
            File.Copy(CliRunner.Scenario("dallas-5050.yaml"), Path.Combine(folder, "s.yaml"));
            var output = Path.Combine(folder, "out");

            var (exit, _, err) = await CliRunner.Run("run", Path.Combine(folder, "s.yaml"), "--out", output, "--quiet");

            Assert.Equal(2, exit);
            Assert.Contains("schools.csv", err);
            Assert.Contains("row 6", err);
            Assert.Contains("enrollment", err);
            Assert.False(Directory.Exists(output));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task Run_MissingScenarioFile_ExitsTwo()
    {
        var (exit, _, err) = await CliRunner.Run("run", "/nonexistent/scenario.yaml");
        Assert.Equal(2, exit);
        Assert.Contains("/nonexistent/scenario.yaml", err);
    }

    [Fact]
    public async Task Run_NonEmptyOutputFolder_RefusedUnlessForced()
    {
        var folder = CliRunner.TempFolder();
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "keep.txt"), "precious");
        try
        {
            var (exit, _, err) = await CliRunner.Run("run", CliRunner.Scenario("dallas-5050.yaml"), "--replications", "2", "--out", folder, "--quiet");
            Assert.Equal(2, exit);
            Assert.Contains("--force", err);
            Assert.Equal("precious", File.ReadAllText(Path.Combine(folder, "keep.txt")));
            Assert.False(File.Exists(Path.Combine(folder, "manifest.json")));
            (exit, _, err) = await CliRunner.Run("run", CliRunner.Scenario("dallas-5050.yaml"), "--replications", "2", "--out", folder, "--quiet", "--force");
            Assert.True(exit == 0, err);
            Assert.True(File.Exists(Path.Combine(folder, "manifest.json")));
            Assert.Equal("precious", File.ReadAllText(Path.Combine(folder, "keep.txt")));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Theory]
    // Why: an unknown option or a malformed number must stop the run before anything starts.
    [InlineData("--replicatons", "5")]
    [InlineData("--replications", "zero")]
    [InlineData("--seed", "-1")]
    public async Task Run_BadOption_ExitsTwo(string option, string value)
    {
        var (exit, _, err) = await CliRunner.Run("run", CliRunner.Scenario("dallas-5050.yaml"), option, value);
        Assert.Equal(2, exit);
        Assert.Contains(option.TrimStart('-'), err);
    }
}
