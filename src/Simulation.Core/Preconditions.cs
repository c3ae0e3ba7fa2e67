namespace Simulation.Core;

/// <summary>Argument checks at the public boundary of the core.</summary>
public static class Preconditions
{
    public static T NotNull<T>(T? value, string name) where T : class =>
        value ?? throw new ArgumentNullException(name);

    public static void Check(bool condition, string name, string message)
    {
        if (!condition) throw new ArgumentException(message, name);
    }

    public static int NonNegative(int value, string name) =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, "must be ≥ 0");

    public static double Probability(double value, string name) =>
        value is >= 0 and <= 1 ? value : throw new ArgumentOutOfRangeException(name, value, "must lie in [0, 1]");
}
