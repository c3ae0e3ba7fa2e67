using System.Globalization;
using System.Text.Json;
using Simulation.Testing;

namespace Simulation.Cli.Tests;

/// <summary><c>schoolsim metrics</c> end to end on the copied reference data of the R package <c>segregation</c>.</summary>
public class MetricsCommandTests : IDisposable
{
    private static readonly string Reference = Path.Combine(RepositoryPaths.Root, "tests", "Simulation.Core.Tests", "Metrics", "Reference");
    private static readonly string Schools00 = Path.Combine(Reference, "schools00.csv");
    private readonly string _folder = CliRunner.TempFolder();

    public MetricsCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Metrics_Schools00_MatchesRPackageValues()
    {
        var (exit, stdout, stderr) = await CliRunner.Run("metrics", "--input", Schools00, "--unit", "school", "--group", "race",
            "--count", "n", "--pair", "white,black", "--within", "district");
        Assert.True(exit == 0, stderr);
        var rows = ParseCsv(stdout);
        // Values from Reference/expected_r_segregation.csv.
        AssertClose(0.42553897587641965, rows[("mutual_information", "", "")]);
        AssertClose(0.41880831464194457, rows[("theil_h", "", "")]);
        AssertClose(1.0160709828319174, rows[("entropy", "", "")]);
        AssertClose(0.72838788487110295, rows[("dissimilarity_pair", "white", "black")]);
        AssertClose(0.55532098704463462, rows[("theil_h_pair", "white", "black")]);
        AssertClose(0.90437721098292412, rows[("isolation_pair", "white", "black")]);
        AssertClose(0.68414435292625053, rows[("isolation_pair", "black", "white")]);
        AssertClose(0.68762256342749717, rows[("dissimilarity_vs_rest", "black", "")]);
        AssertClose(0.25146349726843359, rows[("theil_h_vs_rest", "native", "")]);
        AssertClose(0.11629704089765222, rows[("exposure", "asian", "black")]);
        AssertClose(0.61195957452142158, rows[("isolation", "black", "")]);
        AssertClose(0.88054130515066908, rows[("local_segregation", "black", "")]);
        AssertClose(0.33795249678885325, rows[("mutual_information_between", "", "")]);
        AssertClose(0.087586479087566393, rows[("mutual_information_within", "", "")]);
        AssertClose(0.086201142014165011, rows[("theil_h_within", "", "")]);
        Assert.Equal(877739, rows[("students", "", "")]);
        Assert.Equal(166902, rows[("students", "black", "")]);
        Assert.Contains(("representative_units_10", "white", ""), rows.Keys);
        Assert.Contains(("representative_students_15", "", ""), rows.Keys);
        Assert.DoesNotContain("NaN", stdout);
        Assert.Equal("", stderr);
    }

    /// <summary>Without AVX2 the runtime's vectors are 128 bits wide and Gini's corrections take their portable pass
    /// (its running sums in a scalar loop): the exact Gini indices are the same to the last digit, the other sums,
    /// added in other orders, agree to 1e-12.</summary>
    [Fact]
    public async Task Metrics_WithoutAvx2_GivesTheSameGini_AndAgreesElsewhere()
    {
        string[] args = ["metrics", "--input", Schools00, "--unit", "school", "--group", "race", "--count", "n"];
        var wide = await CliRunner.Run(args);
        var narrow = await CliRunner.Run(new Dictionary<string, string> { ["DOTNET_EnableAVX2"] = "0" }, args);
        Assert.True(wide.Exit == 0 && narrow.Exit == 0, wide.Err + narrow.Err);
        string[] GiniLines(string csv) => [.. csv.Split('\n').Where(l => l.StartsWith("gini", StringComparison.Ordinal))];
        Assert.Equal(6, GiniLines(wide.Out).Length);
        Assert.Equal(GiniLines(wide.Out), GiniLines(narrow.Out));
        var (expected, actual) = (ParseCsv(wide.Out), ParseCsv(narrow.Out));
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, value) in expected)
            Assert.True(Math.Abs(value - actual[key]) <= 1e-12 * Math.Max(1, Math.Abs(value)), $"{key}: {value} against {actual[key]}");
    }

    [Fact]
    public async Task Metrics_JsonToFile_WritesSameValuesAsCsv()
    {
        var outFile = Path.Combine(_folder, "metrics.json");
        var csv = await CliRunner.Run("metrics", "--input", Schools00, "--unit", "school", "--group", "race", "--count", "n", "--band", "12.5");
        var json = await CliRunner.Run("metrics", "--input", Schools00, "--unit", "school", "--group", "race", "--count", "n", "--band", "12.5",
            "--format", "json", "--out", outFile);
        Assert.Equal(0, json.Exit);
        Assert.Equal("", json.Out);
        using var document = JsonDocument.Parse(File.ReadAllText(outFile));
        var fromJson = document.RootElement.EnumerateArray().ToDictionary(
            e => (e.GetProperty("metric").GetString()!, e.GetProperty("group").GetString() ?? "", e.GetProperty("other_group").GetString() ?? ""),
            e => e.GetProperty("value").GetDouble());
        Assert.Equal(ParseCsv(csv.Out), fromJson);
        Assert.Contains(("representative_units_12.5", "hisp", ""), fromJson.Keys);
        Assert.DoesNotContain(("representative_units_10", "hisp", ""), fromJson.Keys);
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task Metrics_OneGroupPresent_WritesNaNAndSaysSo()
    {
        var input = Write("one-group.csv", "school,race,n\ns1,white,10\ns2,white,5\n");
        var (exit, stdout, stderr) = await CliRunner.Run("metrics", "--input", input, "--unit", "school", "--group", "race", "--count", "n", "--format", "csv");
        Assert.Equal(0, exit);
        Assert.Contains("dissimilarity,,,NaN", stdout);
        Assert.Contains("\nmutual_information,,,0\n", stdout);
        Assert.Contains("undefined values (NaN) for dissimilarity (1)", stderr);
    }

    [Theory]
    // Each case: what is wrong, and the words the error must contain (file, line, field).
    [InlineData("school,race,n\ns1,white,10\ns2,black,x\n", "row 3, field 'n': not an integer ('x')")]
    [InlineData("school,race,n\ns1,white,10\ns2,black,-3\n", "row 3, field 'n': a count must be ≥ 0")]
    [InlineData("school,race,count\ns1,white,10\n", "row 1, field 'n': missing column")]
    [InlineData("school,race,n\ns1,,10\n", "row 2, field 'race': a value is required")]
    [InlineData("school,race,n,district\ns1,white,10,d1\ns1,black,4,d2\n", "row 3, field 'district': unit 's1' is already in district 'd1', not 'd2'")]
    [InlineData("school,race,n\n", "the table has a header but no rows")]
    public async Task Metrics_BadInput_ExitsWith2NamingFileLineAndField_AndWritesNothing(string content, string message)
    {
        var input = Write("bad.csv", content);
        var outFile = Path.Combine(_folder, "out.csv");
        var within = content.Contains("district") ? new[] { "--within", "district" } : [];
        var (exit, stdout, stderr) = await CliRunner.Run(
            ["metrics", "--input", input, "--unit", "school", "--group", "race", "--count", "n", "--out", outFile, .. within]);
        Assert.Equal(2, exit);
        Assert.Contains(input + ": " + message, stderr);
        Assert.Equal("", stdout);
        Assert.False(File.Exists(outFile));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Theory]
    [InlineData("--pair", "white,purple", "--pair names group 'purple', which is not in the table")]
    [InlineData("--pair", "white", "option --pair: expected two different groups")]
    [InlineData("--band", "120", "option --band: expected percentage points in [0, 100]")]
    [InlineData("--format", "xml", "option --format: expected csv or json")]
    [InlineData("--seed", "1", "unknown option --seed")]
    public async Task Metrics_BadOption_ExitsWith2(string option, string value, string message)
    {
        var (exit, stdout, stderr) = await CliRunner.Run("metrics", "--input", Schools00, "--unit", "school", "--group", "race", "--count", "n", option, value);
        Assert.Equal(2, exit);
        Assert.Contains(message, stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task Metrics_MissingRequiredOption_ExitsWith2WithUsage()
    {
        var (exit, _, stderr) = await CliRunner.Run("metrics", "--input", Schools00, "--unit", "school", "--group", "race");
        Assert.Equal(2, exit);
        Assert.Contains("metrics needs --count", stderr);
        Assert.Contains("usage: schoolsim metrics", stderr);
    }

    [Fact]
    public async Task Metrics_ExistingOutFile_IsReplacedWhole()
    {
        var outFile = Path.Combine(_folder, "metrics.csv");
        File.WriteAllText(outFile, "old content that is longer than nothing\n");
        var input = Write("small.csv", "school,race,n\ns1,\"a,b\",3\ns1,c,1\ns2,c,4\n");
        var (exit, _, _) = await CliRunner.Run("metrics", "--input", input, "--unit", "school", "--group", "race", "--count", "n", "--out", outFile);
        Assert.Equal(0, exit);
        var text = File.ReadAllText(outFile);
        Assert.StartsWith("metric,group,other_group,value\nunits,,,2\n", text);
        Assert.Contains("students,\"a,b\",,3\n", text);
        Assert.Equal(2, Directory.GetFiles(_folder).Length);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= 1e-9 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    private static Dictionary<(string, string, string), double> ParseCsv(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("metric,group,other_group,value", lines[0]);
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(
            f => (f[0], f[1], f[2]),
            f => double.Parse(f[3], CultureInfo.InvariantCulture));
    }
}
