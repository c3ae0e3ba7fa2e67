using System.Diagnostics;

namespace Simulation.Report.Tests;

/// <summary>
/// Debian's <c>chromium</c> run headless on a local file: the DOM after scripts ran (<c>--dump-dom</c>) and the
/// browser's log (<c>--enable-logging=stderr</c>), where console messages and uncaught errors appear as
/// <c>CONSOLE(line)</c> entries. Installs the package with apt-get when no browser is on the PATH.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly Lazy<string> Executable = new(FindOrInstall);

    public sealed record Page(string Dom, IReadOnlyList<string> ConsoleLines, string Log);

    public static async Task<Page> LoadAsync(string htmlFile)
    {
        var (_, dom, log) = await RunAsync("--dump-dom", new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri);
        var console = log.Split('\n').Where(l => l.Contains("CONSOLE(", StringComparison.Ordinal) || l.Contains(":CONSOLE:", StringComparison.Ordinal)).ToList();
        return new Page(dom, console, log);
    }

    public static async Task ScreenshotAsync(string htmlFile, string pngFile, int width, int height)
    {
        var (exit, _, log) = await RunAsync($"--screenshot={Path.GetFullPath(pngFile)}", $"--window-size={width},{height}", "--hide-scrollbars",
            new Uri(Path.GetFullPath(htmlFile)).AbsoluteUri);
        if (exit != 0 || !File.Exists(pngFile)) throw new InvalidOperationException($"chromium screenshot failed ({exit}):\n{log}");
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var profile = Directory.CreateTempSubdirectory("schoolsim-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(Executable.Value) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0",
                         $"--user-data-dir={profile}",
                     }.Concat(args))
                start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("chromium did not finish within 2 minutes");
            }
            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }

    private static string FindOrInstall()
    {
        if (Find() is { } found) return found;
        var (status, output) = AptGet("install -y -o DPkg::Lock::Timeout=900 chromium");
        if (status != 0)
        {
            // A fresh machine may have no package lists yet: fetch them and try once more.
            var (_, update) = AptGet("update");
            (status, var again) = AptGet("install -y -o DPkg::Lock::Timeout=900 chromium");
            output += update + again;
        }
        return Find() ?? throw new InvalidOperationException($"no chromium on the PATH and `apt-get install -y chromium` failed ({status}):\n{output}");
    }

    private static (int Status, string Output) AptGet(string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("apt-get", arguments)
        { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd() + stderr.Result;
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    private static string? Find() => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
        .SelectMany(dir => new[] { "chromium", "chromium-browser", "google-chrome" }.Select(name => Path.Combine(dir, name)))
        .FirstOrDefault(File.Exists);
}
