namespace Simulation.Testing;

/// <summary>Paths inside the repository, found from the test assembly's location so tests run from any folder.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder holding <c>Simulation.sln</c>.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The bundled scenarios folder.</summary>
    public static string Scenarios => Path.Combine(Root, "scenarios");

    /// <summary>A bundled district folder, e.g. <c>District("dallas-isd")</c>.</summary>
    public static string District(string id) => Path.Combine(Scenarios, "districts", id);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Simulation.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Simulation.sln above {AppContext.BaseDirectory}");
    }
}
