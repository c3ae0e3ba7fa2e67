using Simulation.Core.Boundaries;
using Simulation.Core.Randomness;

namespace Simulation.Testing;

/// <summary>Hand-drawn grids of units for boundary-plan tests: rook adjacency (shared sides; corners are not
/// adjacency), two groups, zones drawn as letters.</summary>
public static class BoundaryGrids
{
    /// <summary>
    /// A grid whose current plan is the picture: one string per row, one letter per unit, zones in alphabetical order
    /// of their letters. Unit ids are "r,c". Every unit has <paramref name="ed"/>(r, c) group-0 students and
    /// <paramref name="notEd"/>(r, c) others; each zone's capacity is its current students (capacity use 1), its
    /// anchor the unit marked by the upper-case letter's first appearance unless <paramref name="anchors"/> names
    /// one ("r,c" per zone). Travel is the Manhattan distance in km (1 km per cell) from a unit to its zone's anchor.
    /// </summary>
    public static UnitGraph Grid(string[] picture, Func<int, int, int> ed, Func<int, int, int> notEd,
        string[]? anchors = null)
    {
        int rows = picture.Length, cols = picture[0].Length;
        var letters = picture.SelectMany(r => r).Select(char.ToUpperInvariant).Distinct().Order().ToArray();
        var ids = new string[rows * cols];
        var zone = new int[rows * cols];
        var students = new int[rows * cols * 2];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
            {
                var u = r * cols + c;
                ids[u] = $"{r},{c}";
                zone[u] = Array.IndexOf(letters, char.ToUpperInvariant(picture[r][c]));
                students[2 * u] = ed(r, c);
                students[2 * u + 1] = notEd(r, c);
            }
        var anchor = new int[letters.Length];
        for (var z = 0; z < letters.Length; z++)
            anchor[z] = anchors is null ? Array.IndexOf(zone, z) : Array.IndexOf(ids, anchors[z]);
        var capacity = new int[letters.Length];
        for (var u = 0; u < ids.Length; u++) capacity[zone[u]] += students[2 * u] + students[2 * u + 1];
        for (var z = 0; z < capacity.Length; z++) capacity[z] = Math.Max(1, capacity[z]);
        var travel = new int[ids.Length * letters.Length];
        for (var u = 0; u < ids.Length; u++)
            for (var z = 0; z < letters.Length; z++)
            {
                int a = anchor[z];
                travel[u * letters.Length + z] = 1000 * (Math.Abs(u / cols - a / cols) + Math.Abs(u % cols - a % cols));
            }
        var edges = new List<(int, int)>();
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < cols; c++)
            {
                if (c + 1 < cols) edges.Add((r * cols + c, r * cols + c + 1));
                if (r + 1 < rows) edges.Add((r * cols + c, (r + 1) * cols + c));
            }
        return new UnitGraph(ids, letters.Select(l => l.ToString()).ToArray(), 2, students, capacity, anchor, travel,
            edges, zone);
    }

    /// <summary>A grid with the given picture and seeded random students (0–20 of each group per unit).</summary>
    public static UnitGraph RandomStudents(string[] picture, ulong seed)
    {
        var random = RandomStream.For(seed, 0, Stage.Ensemble, 99);
        int cols = picture[0].Length;
        var counts = new int[picture.Length * cols * 2];
        for (var i = 0; i < counts.Length; i++) counts[i] = random.NextInt(21);
        return Grid(picture, (r, c) => counts[2 * (r * cols + c)], (r, c) => counts[2 * (r * cols + c) + 1]);
    }
}
