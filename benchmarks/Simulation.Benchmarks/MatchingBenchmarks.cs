using System.Text;
using BenchmarkDotNet.Attributes;
using Simulation.Core.Mechanisms;
using Simulation.Core.Randomness;
using Simulation.Core.Scenarios;

namespace Simulation.Benchmarks;

/// <summary>The issue-3 instance: 100,000 students each ranking 10 distinct schools drawn uniformly out of 500
/// schools of 200 seats (100,000 seats), per-school lotteries. DA alone, and <c>schoolsim match</c> end to end
/// (parse CSV, solve, write CSV) on the same instance.</summary>
[MemoryDiagnoser]
public class MatchingBenchmarks
{
    private const int Students = 100_000;
    private const int Schools = 500;
    private const int Choices = 10;
    private MatchingProblem _problem = null!;
    private PooledDeferredAcceptance _da = null!;
    private int[] _rank = [];
    private string _folder = "";
    private string[] _matchArgs = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = RandomStream.For(2024, 0, Stage.Preferences);
        var listStart = new int[Students + 1];
        var lists = new int[Students * Choices];
        var picked = new int[Schools];
        for (var i = 0; i < Students; i++)
        {
            for (var k = 0; k < Choices; k++)
            {
                int s;
                do s = rng.NextInt(Schools); while (picked[s] == i + 1);
                picked[s] = i + 1;
                lists[i * Choices + k] = s;
            }
            listStart[i + 1] = (i + 1) * Choices;
        }
        var seats = Enumerable.Repeat(Students / Schools, Schools).ToArray();
        _problem = MatchingProblem.Plain(listStart, lists, seats, Lottery.ByIndex(TieBreaking.Multiple, 7, Students, Schools));
        _da = new PooledDeferredAcceptance(_problem.Seats);
        _rank = new int[Students];

        _folder = Path.Combine(Path.GetTempPath(), "schoolsim-bench-match-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        var schools = new StringBuilder("school_id,capacity\n");
        for (var s = 0; s < Schools; s++) schools.Append($"school{s},{seats[s]}\n");
        File.WriteAllText(Path.Combine(_folder, "schools.csv"), schools.ToString());
        var preferences = new StringBuilder("student_id,rank,school_id\n");
        for (var i = 0; i < Students; i++)
            for (var k = 0; k < Choices; k++) preferences.Append($"student{i},{k + 1},school{lists[i * Choices + k]}\n");
        File.WriteAllText(Path.Combine(_folder, "preferences.csv"), preferences.ToString());
        _matchArgs = ["--mechanism", "da", "--tie-breaking", "multiple", "--seed", "7",
            "--schools", Path.Combine(_folder, "schools.csv"), "--preferences", Path.Combine(_folder, "preferences.csv"),
            "--out", Path.Combine(_folder, "assignment.csv")];
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, true);

    [Benchmark]
    public void MatchDeferredAcceptance() => _da.Run(_problem, _rank);

    [Benchmark]
    public int MatchCommandEndToEnd() => Simulation.Cli.Commands.MatchCommand.Execute(_matchArgs, TextWriter.Null);
}
