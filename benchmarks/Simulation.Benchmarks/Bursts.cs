using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;

namespace Simulation.Benchmarks;

/// <summary>
/// Times <c>IntegrationProfile.Compute</c> on <see cref="IntegrationMetricsBenchmarks"/>' table in bursts of 100
/// calls, for comparing two builds of <c>Simulation.Core.dll</c> on a shared machine whose load comes and goes: each
/// build runs in its own processes, alternating, and each process reports its quickest burst and its 10th percentile,
/// which follow the code rather than the host's loaded phases (BenchmarkDotNet's one-second iterations average over
/// them).
/// </summary>
/// <remarks>
/// <c>bursts [--core PATH] [--seconds S]</c>: one process, the build at PATH (default: the one referenced here).
/// <c>bursts --compare A.dll B.dll [--rounds R] [--seconds S]</c>: R processes of each build, alternating; prints
/// each process's figures and, per build, the medians over its processes.
/// </remarks>
internal static class Bursts
{
    private const int CallsPerBurst = 100;
    private const int WarmUpCalls = 5000;

    private delegate void ComputeCounts(ReadOnlySpan<int> counts);

    public static int Run(string[] args)
    {
        var seconds = double.Parse(Option(args, "--seconds") ?? "5", CultureInfo.InvariantCulture);
        var compare = Array.IndexOf(args, "--compare");
        if (compare >= 0)
        {
            if (compare + 2 >= args.Length) throw new ArgumentException("--compare needs two paths to Simulation.Core.dll");
            var rounds = int.Parse(Option(args, "--rounds") ?? "10", CultureInfo.InvariantCulture);
            return Compare(args[compare + 1], args[compare + 2], rounds, seconds);
        }
        var (quickest, tenth, median, bursts) = Time(Option(args, "--core"), seconds);
        Console.WriteLine(FormattableString.Invariant($"quickest {quickest:F1} us, 10th percentile {tenth:F1} us, median {median:F1} us, {bursts} bursts of {CallsPerBurst}"));
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>Bursts for <paramref name="seconds"/> after a warm-up: the quickest, the 10th percentile and the
    /// median per call, in microseconds.</summary>
    private static (double Quickest, double Tenth, double Median, int Bursts) Time(string? corePath, double seconds)
    {
        var benchmark = new IntegrationMetricsBenchmarks { Schools = 2000, Groups = 5 };
        benchmark.Setup();
        var compute = Load(corePath, benchmark.Schools, benchmark.Groups);
        var counts = benchmark.Counts;
        for (var i = 0; i < WarmUpCalls; i++) compute(counts);
        var perCall = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var start = clock.Elapsed.TotalMicroseconds;
            for (var i = 0; i < CallsPerBurst; i++) compute(counts);
            perCall.Add((clock.Elapsed.TotalMicroseconds - start) / CallsPerBurst);
        }
        perCall.Sort();
        return (perCall[0], perCall[perCall.Count / 10], perCall[perCall.Count / 2], perCall.Count);
    }

    /// <summary>A new profile's <c>Compute</c>, from the build at <paramref name="corePath"/> loaded on its own (or
    /// the referenced build).</summary>
    private static ComputeCounts Load(string? corePath, int schools, int groups)
    {
        var assembly = corePath is null
            ? typeof(Simulation.Core.Metrics.IntegrationProfile).Assembly
            : new AssemblyLoadContext("core", isCollectible: false).LoadFromAssemblyPath(Path.GetFullPath(corePath));
        var type = assembly.GetType("Simulation.Core.Metrics.IntegrationProfile", throwOnError: true)!;
        var profile = Activator.CreateInstance(type, schools, groups, null)!;
        var method = type.GetMethod("Compute", BindingFlags.Public | BindingFlags.Instance)!;
        return method.CreateDelegate<ComputeCounts>(profile);
    }

    private static int Compare(string first, string second, int rounds, double seconds)
    {
        var self = Environment.ProcessPath!;
        var entry = Assembly.GetEntryAssembly()!.Location;
        var figures = new Dictionary<string, List<(double Quickest, double Tenth)>> { [first] = [], [second] = [] };
        for (var round = 0; round < rounds; round++)
            foreach (var core in new[] { first, second })
            {
                var start = new ProcessStartInfo(self) { RedirectStandardOutput = true };
                // Run through the dotnet host when this is a framework-dependent dll.
                if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(entry);
                foreach (var a in new[] { "bursts", "--core", core, "--seconds", seconds.ToString(CultureInfo.InvariantCulture) })
                    start.ArgumentList.Add(a);
                using var process = Process.Start(start)!;
                var line = process.StandardOutput.ReadToEnd().Trim();
                process.WaitForExit();
                if (process.ExitCode != 0) throw new InvalidOperationException($"bursts of {core} failed: {line}");
                Console.WriteLine($"{core}: {line}");
                var words = line.Split(' ');
                figures[core].Add((double.Parse(words[1], CultureInfo.InvariantCulture), double.Parse(words[5], CultureInfo.InvariantCulture)));
            }
        foreach (var (core, list) in figures)
        {
            var quickest = list.Select(f => f.Quickest).Order().ToList();
            var tenth = list.Select(f => f.Tenth).Order().ToList();
            Console.WriteLine(FormattableString.Invariant(
                $"{core}: median of quickest bursts {Median(quickest):F1} us, median of 10th percentiles {Median(tenth):F1} us; quickest {string.Join(' ', quickest.Select(q => q.ToString("F0", CultureInfo.InvariantCulture)))}"));
        }
        return 0;
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
