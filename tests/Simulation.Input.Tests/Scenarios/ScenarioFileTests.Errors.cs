namespace Simulation.Input.Tests.Scenarios;

/// <summary>Broken scenario documents: each error names the file, the line and the dotted field path.</summary>
public sealed partial class ScenarioFileTests
{
    [Fact]
    public void Parse_BadProbability_GivesTheDocumentedMessage()
    {
        var error = ParseError(Complete.Replace("ed: 0.10", "ed: abc"));

        Assert.Equal("scenarios/s.yaml: line 14, field 'choice.apply.ed': expected a number in [0, 1], got 'abc'", error.Message);
        Assert.Equal(("scenarios/s.yaml", "line 14", "choice.apply.ed"), (error.File, error.Location, error.Field));
    }

    [Theory]
    // Each row: what to replace, with what, the field and line the error must name, and part of its reason.
    [InlineData("name: tiny-5050", "nmae: tiny-5050", "nmae", 1, "unknown key; did you mean 'name'?")] // a typo of a required key
    [InlineData("  cutoff: 0.35", "  threshold: 0.35", "home_area.threshold", 9, "expected one of cutoff, tiers")] // the cutoff is optional: an unknown key
    [InlineData("  cutoff: 0.35", "  cutof: 0.35", "home_area.cutof", 9, "expected one of cutoff, tiers")]
    [InlineData("list_length: 2", "list_length: 2\n  lists: 3", "choice.lists", 12, "unknown key")] // nested typo
    [InlineData("rating: 0.35}", "rating: 0.35, ratng: 1}", "choice.utility.ed.ratng", 17, "unknown key")]
    [InlineData("order: 2,", "ordr: 2,", "campuses.fifty_fifty.pools.ed.ordr", 23, "unknown key")]
    [InlineData("seed: 42", "seed: -1", "seed", 5, "expected an integer in [0, 2^63)")]
    [InlineData("seed: 42", "seed: 9223372036854775808", "seed", 5, "expected an integer in [0, 2^63)")] // 2^63
    [InlineData("seed: 42", "seed: 4.2", "seed", 5, "got '4.2'")]
    [InlineData("replications: 10", "replications: 0", "replications", 6, "expected an integer ≥ 1")]
    [InlineData("list_length: 2", "list_length: 0", "choice.list_length", 11, "expected an integer ≥ 1")]
    [InlineData("tie_breaking: single", "tie_breaking: random", "choice.tie_breaking", 12, "expected 'single', 'multiple' or 'pool'")]
    [InlineData("cutoff: 0.35", "cutoff: 1.5", "home_area.cutoff", 9, "expected 'median' or a number in [0, 1]")]
    [InlineData("rating: 0.60}", "rating: high}", "choice.utility.not_ed.rating", 18, "expected a number, got 'high'")]
    [InlineData("{share: 0.5, eligible: ed,", "{share: 1.2, eligible: ed,", "campuses.fifty_fifty.pools.ed.share", 23, "expected a number in [0, 1]")]
    [InlineData("{share: 0.5, eligible: ed,", "{share: 0.4, eligible: ed,", "campuses.fifty_fifty.pools", 22, "pool shares must sum to 1, got 0.9")] // the line of the key pools:
    [InlineData("eligible: ed,", "eligible: \"home_area:rich\",", "campuses.fifty_fifty.pools.ed.eligible", 23, "expected 'any', a group")]
    [InlineData("spillover: other-pool", "spillover: elsewhere", "campuses.fifty_fifty.pools.ed.spillover", 23, "the name of another pool of the set (ed, not_ed)")]
    [InlineData("spillover: other-pool", "spillover: ed", "campuses.fifty_fifty.pools.ed.spillover", 23, "cannot spill over into itself")]
    [InlineData("order: 2,", "order: second,", "campuses.fifty_fifty.pools.ed.order", 23, "expected an integer, got 'second'")]
    [InlineData("schools: [\"3\"]", "schools: [\"3\", \"3\"]", "campuses.fifty_fifty.schools.1", 21, "appears twice in this set")]
    [InlineData("schools: [\"3\"]", "schools: []", "campuses.fifty_fifty.schools", 21, "list at least one campus id")]
    [InlineData("grades: [K]", "grades: [K, K]", "grades.1", 4, "'K' appears twice")]
    [InlineData("  apply:\n    ed: 0.10\n    not_ed: 0.20\n", "  apply: {}\n", "choice.apply", 13, "list at least one group")]
    [InlineData("choice:", "choice: 3\nx:", "choice", 10, "expected a mapping")]
    public void Parse_InvalidValue_NamesFieldAndLine(string find, string replace, string field, int line, string reason)
    {
        Assert.Contains(find, Complete);

        AssertLocated(ParseError(Complete.Replace(find, replace)), field, line, reason);
    }

    /// <summary>The error names the scenario file, the line and the field, and says why.</summary>
    private static void AssertLocated(InputException error, string field, int line, string reason)
    {
        Assert.Equal((field, $"line {line}"), (error.Field, error.Location));
        Assert.Contains(reason, error.Reason);
        Assert.EndsWith("s.yaml", error.File);
        Assert.StartsWith($"{error.File}: line {line}, field '{field}': ", error.Message);
    }

    [Fact]
    public void Parse_OtherPoolWithThreePools_IsRejected()
    {
        var text = Complete.Replace("spillover: open}", "spillover: open}\n      third: {share: 0, eligible: any}");

        var error = ParseError(text);

        Assert.Equal(("line 23", "campuses.fifty_fifty.pools.ed.spillover"), (error.Location, error.Field));
        Assert.Contains("'other-pool' needs exactly two pools in the set, found 3", error.Message);
    }

    [Fact]
    public void Parse_CampusInTwoSets_NamesTheFirstSet()
    {
        var text = Complete + "  lottery:\n    schools: [\"3\"]\n    pools:\n      open: {share: 1, eligible: any}\n";

        var error = ParseError(text);

        Assert.Equal(("line 26", "campuses.lottery.schools.0"), (error.Location, error.Field));
        Assert.Contains("already in campus set 'fifty_fifty'", error.Message);
    }

    [Fact]
    public void Parse_TwoRestPools_IsRejected()
    {
        var text = Complete.Replace("share: 0.5", "share: rest");

        Assert.Contains("only one pool of a set may take the rest", ParseError(text).Message);
    }

    [Fact]
    public void Parse_MissingRequiredSection_NamesIt()
    {
        var text = Complete[..Complete.IndexOf("campuses:", StringComparison.Ordinal)];

        var error = ParseError(text);

        Assert.Equal(("line 1", "campuses"), (error.Location, error.Field));
        Assert.Contains("required key is missing", error.Message);
    }

    [Fact]
    public void Parse_DuplicateKey_NamesLine() =>
        Assert.StartsWith("scenarios/s.yaml: line 7: duplicate key", ParseError(Complete.Replace("output: out/tiny", "seed: 1")).Message);

    [Fact]
    public void Load_MissingFile_SaysSo() =>
        Assert.Equal("nothing/here.yaml: file not found",
            Assert.Throws<InputException>(() => Input.Scenarios.ScenarioFile.Load("nothing/here.yaml")).Message);
}
