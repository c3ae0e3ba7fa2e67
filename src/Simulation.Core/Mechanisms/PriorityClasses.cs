namespace Simulation.Core.Mechanisms;

/// <summary>
/// Each school's priority classes over students (sibling, walk zone, home-area tier, test-score band, …), stored
/// sparsely: only listed (school, student) pairs; every unlisted student is in the school's lowest class, below all
/// listed ones. Smaller values are higher priority; equal values tie and are broken by the <see cref="Lottery"/>.
/// </summary>
/// <remarks>Values are replaced by their dense rank over all listed values (0 = best), so any integers work; an
/// unlisted student has class <see cref="LowestClass"/>. Immutable; thread-safe.</remarks>
public sealed class PriorityClasses
{
    /// <summary>Largest number of distinct classes (a priority key keeps 64 − <see cref="Lottery.Bits"/> bits for them).</summary>
    public const int MaxClasses = (1 << (64 - Lottery.Bits)) - 1;

    private readonly int[] _start;
    private readonly int[] _student;
    private readonly int[] _class;

    /// <summary>No priorities: everyone in one class, so the lottery alone decides.</summary>
    public static PriorityClasses None(int schools) => new(schools, [], [], []);

    /// <param name="schools">Number of schools.</param>
    /// <param name="school">Per listed pair: school index.</param>
    /// <param name="student">Per listed pair: student index (a pair may be listed once).</param>
    /// <param name="priority">Per listed pair: priority value, smaller is higher.</param>
    public PriorityClasses(int schools, ReadOnlySpan<int> school, ReadOnlySpan<int> student, ReadOnlySpan<int> priority)
    {
        Preconditions.NonNegative(schools, nameof(schools));
        Preconditions.Check(school.Length == student.Length && student.Length == priority.Length, nameof(priority), "need one school, student and priority per pair");
        var distinct = priority.ToArray().Distinct().Order().ToArray();
        Preconditions.Check(distinct.Length <= MaxClasses, nameof(priority), $"at most {MaxClasses} distinct priority values");
        _start = new int[schools + 1];
        foreach (var s in school)
        {
            Preconditions.Check(s >= 0 && s < schools, nameof(school), $"school index {s} out of range");
            _start[s + 1]++;
        }
        for (var s = 0; s < schools; s++) _start[s + 1] += _start[s];
        _student = new int[school.Length];
        _class = new int[school.Length];
        var fill = _start[..^1].ToArray();
        for (var i = 0; i < school.Length; i++)
        {
            Preconditions.NonNegative(student[i], nameof(student));
            var at = fill[school[i]]++;
            _student[at] = student[i];
            _class[at] = Array.BinarySearch(distinct, priority[i]);
        }
        for (var s = 0; s < schools; s++)
        {
            Array.Sort(_student, _class, _start[s], _start[s + 1] - _start[s]);
            for (var i = _start[s] + 1; i < _start[s + 1]; i++)
                Preconditions.Check(_student[i] != _student[i - 1], nameof(student), $"student {_student[i]} is listed twice at school {s}");
        }
        LowestClass = distinct.Length;
    }

    public int SchoolCount => _start.Length - 1;

    /// <summary>The class of every unlisted student: one below the lowest listed class.</summary>
    public int LowestClass { get; }

    /// <summary>The class (0 = highest) of <paramref name="student"/> at <paramref name="school"/>.</summary>
    public int ClassOf(int school, int student)
    {
        var from = _start[school];
        var i = Array.BinarySearch(_student, from, _start[school + 1] - from, student);
        return i >= 0 ? _class[i] : LowestClass;
    }
}
