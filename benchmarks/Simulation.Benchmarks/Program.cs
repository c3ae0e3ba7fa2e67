using BenchmarkDotNet.Running;

namespace Simulation.Benchmarks;

public static class Program
{
    /// <summary>BenchmarkDotNet's switcher, or with <c>bursts</c> first, <see cref="Bursts"/>.</summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "bursts") return Bursts.Run(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
