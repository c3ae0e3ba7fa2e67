using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Simulation.Cli.Commands;
using StackExchange.Redis;

namespace Simulation.Cli.Hosting;

/// <summary>
/// Where a cluster's membership lives: <c>redis://[:PASSWORD@]HOST:PORT[/DB]</c>, or <c>rediss://…</c> for Redis over
/// TLS (the user part, if any, is a Redis 6 ACL user name). Parsed into a StackExchange.Redis configuration;
/// <see cref="ToString"/> hides the password so the address can be logged.
/// </summary>
/// <param name="Tls">The connection to Redis is encrypted (<c>rediss://</c>); the server's certificate must be valid
/// for <paramref name="Host"/> and issued by a trusted authority: the system's, or one of
/// <paramref name="CertificateAuthorities"/>.</param>
/// <param name="CertificateAuthorities">Authorities trusted for the Redis server's certificate besides the system's
/// (<c>--redis-ca FILE</c>); null: the system's only.</param>
public sealed record ClusterAddress(string Host, int Port, string? User, string? Password, int? Database, bool Tls = false,
    X509Certificate2Collection? CertificateAuthorities = null)
{
    public static ClusterAddress Parse(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("redis" or "rediss") || string.IsNullOrEmpty(uri.Host))
            throw new UsageException($"--cluster: expected redis://HOST:PORT (or rediss:// for TLS), got '{Redact(text)}'");
        if (uri.Port <= 0) throw new UsageException($"--cluster: the address needs a port, as in {uri.Scheme}://{uri.Host}:6379");
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
        return new ClusterAddress(uri.Host, uri.Port, user, password, database, uri.Scheme == "rediss");
    }

    /// <summary>The address of <c>--cluster</c> with the authorities of <c>--redis-ca FILE</c> (PEM, one or more
    /// certificates, or one DER certificate), if given.</summary>
    /// <exception cref="UsageException">The file is given without <c>rediss://</c>, is missing, or holds no
    /// certificate.</exception>
    public ClusterAddress WithCertificateAuthorities(string? path)
    {
        if (path is null) return this;
        if (!Tls) throw new UsageException("--redis-ca needs a rediss:// cluster address (Redis over TLS)");
        if (!File.Exists(path)) throw new UsageException($"option --redis-ca: file '{path}' not found");
        var authorities = new X509Certificate2Collection();
        try
        {
            var text = File.ReadAllText(path);
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)) authorities.ImportFromPem(text);
            else authorities.Add(X509CertificateLoader.LoadCertificateFromFile(path));
        }
        catch (CryptographicException e)
        {
            throw new UsageException($"option --redis-ca: '{path}' is not a PEM or DER certificate ({e.Message})");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"option --redis-ca: '{path}' cannot be read ({e.Message})");
        }
        if (authorities.Count == 0) throw new UsageException($"option --redis-ca: '{path}' holds no certificate");
        return this with { CertificateAuthorities = authorities };
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
            if (Tls) parts.Add("ssl=true");
            return string.Join(',', parts);
        }
    }

    /// <summary>The StackExchange.Redis configuration of a silo or client. Over TLS, the server's certificate is also
    /// accepted when it chains to one of <see cref="CertificateAuthorities"/> (its name must still match the host),
    /// and the cluster's certificate (<c>--tls-certificate</c>), if any, is presented when Redis asks for one
    /// (<c>tls-auth-clients</c>).</summary>
    /// <param name="refused">Told why, each time the Redis server's certificate is refused (see
    /// <see cref="Refusal"/>), so that a silo or client that cannot reach Redis can say so.</param>
    public ConfigurationOptions RedisOptions(ClusterTls? clusterTls, Action<string>? refused = null)
    {
        var options = ConfigurationOptions.Parse(RedisConfiguration);
        if (!Tls) return options;
        var authorities = CertificateAuthorities;
        options.CertificateValidation += (_, certificate, sent, errors) =>
        {
            var trusted = authorities is null ? errors == SslPolicyErrors.None : Trusted(certificate, errors, authorities, sent);
            if (!trusted) refused?.Invoke(Refusal(certificate, errors, authorities is not null));
            return trusted;
        };
        if (clusterTls is not null) options.CertificateSelection += (_, _, _, _, _) => clusterTls.Certificate;
        return options;
    }

    /// <summary>Why the Redis server's certificate was refused, in words a user can act on.</summary>
    /// <param name="withAuthorities">Whether <c>--redis-ca</c> was given.</param>
    public string Refusal(X509Certificate? certificate, SslPolicyErrors errors, bool withAuthorities)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return $"Redis at {Host}:{Port} sent no TLS certificate";
        var reasons = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)) reasons.Add($"is not issued for the host name '{Host}'");
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
            reasons.Add(withAuthorities
                ? "does not chain, for TLS servers and unrevoked, to the system's authorities or those of --redis-ca"
                : "does not chain to an authority this system trusts (give a private authority with --redis-ca FILE)");
        if (reasons.Count == 0) reasons.Add("was refused");
        return $"Redis's TLS certificate '{certificate.Subject}' (issued by '{certificate.Issuer}') {string.Join(" and ", reasons)}";
    }

    /// <summary>Whether a Redis server's certificate is valid: without errors, or with only an untrusted chain that
    /// ends in one of <paramref name="authorities"/> when built again with the certificates the server sent
    /// (<paramref name="sent"/>), for TLS servers (extended key usage serverAuth, where the certificates restrict it),
    /// and not revoked where the certificates say how to check (unknown revocation status is accepted, as a private
    /// authority seldom publishes lists).</summary>
    public static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities,
        X509Chain? sent = null)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null) return false;
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(authorities);
        policy.ApplicationPolicy.Add(new Oid(ServerAuthentication));
        policy.RevocationMode = X509RevocationMode.Online;
        policy.VerificationFlags = X509VerificationFlags.IgnoreEndRevocationUnknown
            | X509VerificationFlags.IgnoreCertificateAuthorityRevocationUnknown;
        if (sent is not null)
        {
            policy.ExtraStore.AddRange(sent.ChainPolicy.ExtraStore);
            foreach (var element in sent.ChainElements) policy.ExtraStore.Add(element.Certificate);
        }
        using var server = new X509Certificate2(certificate);
        try
        {
            return chain.Build(server);
        }
        finally
        {
            foreach (var element in chain.ChainElements) element.Certificate.Dispose();
        }
    }

    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    public override string ToString() =>
        $"{(Tls ? "rediss" : "redis")}://{(User is null && Password is null ? "" : $"{User}{(Password is null ? "" : ":***")}@")}{Host}:{Port}{(Database is null ? "" : "/" + Database)}";

    /// <summary>Hides whatever sits between "//" and "@" in text that failed to parse.</summary>
    private static string Redact(string text)
    {
        var at = text.LastIndexOf('@');
        var start = text.IndexOf("//", StringComparison.Ordinal);
        return at > start && start >= 0 ? text[..(start + 2)] + "***" + text[at..] : text;
    }
}
