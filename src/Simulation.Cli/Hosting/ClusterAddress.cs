using Simulation.Cli.Commands;

namespace Simulation.Cli.Hosting;

/// <summary>
/// Where a cluster's membership lives: <c>redis://[:PASSWORD@]HOST:PORT[/DB]</c> (the user part, if any, is a Redis 6
/// ACL user name). Parsed into a StackExchange.Redis configuration string; <see cref="ToString"/> hides the password
/// so the address can be logged.
/// </summary>
public sealed record ClusterAddress(string Host, int Port, string? User, string? Password, int? Database)
{
    public static ClusterAddress Parse(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != "redis" || string.IsNullOrEmpty(uri.Host))
            throw new UsageException($"--cluster: expected redis://HOST:PORT, got '{Redact(text)}'");
        if (uri.Port <= 0) throw new UsageException($"--cluster: the address needs a port, as in redis://{uri.Host}:6379");
        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            user = parts[0].Length > 0 ? Uri.UnescapeDataString(parts[0]) : null;
            password = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : null;
        }
        int? database = null;
        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            if (!int.TryParse(path, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var db))
                throw new UsageException($"--cluster: the database after the port must be a number, got '{path}'");
            database = db;
        }
        return new ClusterAddress(uri.Host, uri.Port, user, password, database);
    }

    /// <summary>The StackExchange.Redis configuration string (contains the password: never log it).</summary>
    public string RedisConfiguration
    {
        get
        {
            var host = Host.Contains(':') ? $"[{Host}]" : Host;
            var parts = new List<string> { $"{host}:{Port}", "abortConnect=false" };
            if (User is not null) parts.Add("user=" + User);
            if (Password is not null) parts.Add("password=" + Password);
            if (Database is not null) parts.Add("defaultDatabase=" + Database);
            return string.Join(',', parts);
        }
    }

    public override string ToString() =>
        $"redis://{(User is null && Password is null ? "" : $"{User}{(Password is null ? "" : ":***")}@")}{Host}:{Port}{(Database is null ? "" : "/" + Database)}";

    /// <summary>Hides whatever sits between "//" and "@" in text that failed to parse.</summary>
    private static string Redact(string text)
    {
        var at = text.LastIndexOf('@');
        var start = text.IndexOf("//", StringComparison.Ordinal);
        return at > start && start >= 0 ? text[..(start + 2)] + "***" + text[at..] : text;
    }
}
