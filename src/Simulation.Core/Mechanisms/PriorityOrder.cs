namespace Simulation.Core.Mechanisms;

/// <summary>Sorting by school priority: key ascending, equal keys by lower student index.</summary>
internal static class PriorityOrder
{
    /// <summary>Sorts <paramref name="students"/> with their <paramref name="keys"/> in place, best first. Allocation-free.</summary>
    public static void Sort(Span<ulong> keys, Span<int> students)
    {
        keys.Sort(students);
        // Equal keys are rare (40-bit lotteries); order each run of them by student index.
        for (var i = 1; i < keys.Length; i++)
        {
            if (keys[i] != keys[i - 1]) continue;
            var s = students[i];
            var j = i;
            while (j > 0 && keys[j - 1] == keys[i] && students[j - 1] > s)
            {
                students[j] = students[j - 1];
                j--;
            }
            students[j] = s;
        }
    }
}
