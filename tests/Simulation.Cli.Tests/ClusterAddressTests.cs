using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Simulation.Cli.Commands;
using Simulation.Cli.Hosting;

namespace Simulation.Cli.Tests;

/// <summary>Cluster addresses for Redis with and without TLS, and the trust given to a Redis server's certificate.</summary>
public class ClusterAddressTests
{
    [Fact]
    public void Parse_Rediss_TurnsOnTlsAndKeepsThePasswordOutOfTheText()
    {
        var address = ClusterAddress.Parse("rediss://ops:s3cret-pw@redis.example.org:6380/2");

        Assert.True(address.Tls);
        Assert.Equal(("redis.example.org", 6380, "ops", "s3cret-pw", 2), (address.Host, address.Port, address.User, address.Password, address.Database));
        Assert.Equal("redis.example.org:6380,abortConnect=false,user=ops,password=s3cret-pw,defaultDatabase=2,ssl=true", address.RedisConfiguration);
        Assert.Equal("rediss://ops:***@redis.example.org:6380/2", address.ToString());
        var options = address.RedisOptions(null);
        Assert.True(options.Ssl);
        Assert.Equal("s3cret-pw", options.Password);
    }

    [Fact]
    public void Parse_Redis_IsPlain()
    {
        var address = ClusterAddress.Parse("redis://127.0.0.1:6379");

        Assert.False(address.Tls);
        Assert.DoesNotContain("ssl", address.RedisConfiguration);
        Assert.False(address.RedisOptions(null).Ssl);
        Assert.Equal("redis://127.0.0.1:6379", address.ToString());
    }

    [Fact]
    public void WithCertificateAuthorities_PlainAddress_IsAUsageError()
    {
        var e = Assert.Throws<UsageException>(() => ClusterAddress.Parse("redis://127.0.0.1:6379").WithCertificateAuthorities("ca.pem"));
        Assert.Contains("--redis-ca needs a rediss://", e.Message);
    }

    [Fact]
    public void WithCertificateAuthorities_ReadsEveryCertificateOfAPemBundle_AndNamesAFileWithout()
    {
        var folder = Directory.CreateDirectory(CliRunner.TempFolder()).FullName;
        try
        {
            using var first = Authority("first");
            using var second = Authority("second");
            var bundle = Path.Combine(folder, "ca.pem");
            File.WriteAllText(bundle, first.ExportCertificatePem() + "\n" + second.ExportCertificatePem() + "\n");
            var address = ClusterAddress.Parse("rediss://127.0.0.1:6380").WithCertificateAuthorities(bundle);
            Assert.Equal([first.Thumbprint, second.Thumbprint], address.CertificateAuthorities!.Select(c => c.Thumbprint));

            var empty = Path.Combine(folder, "empty.pem");
            File.WriteAllText(empty, "no certificate here\n");
            var e = Assert.Throws<UsageException>(() => ClusterAddress.Parse("rediss://127.0.0.1:6380").WithCertificateAuthorities(empty));
            Assert.Contains("option --redis-ca: '" + empty + "'", e.Message);
            e = Assert.Throws<UsageException>(() => ClusterAddress.Parse("rediss://127.0.0.1:6380").WithCertificateAuthorities(Path.Combine(folder, "missing.pem")));
            Assert.Contains("not found", e.Message);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Trusted_AcceptsOnlyAChainToAGivenAuthority_AndNeverAWrongName()
    {
        using var authority = Authority("redis-ca");
        using var stranger = Authority("stranger");
        using var server = Issue(authority, "redis-server");
        using var forged = Issue(stranger, "redis-server");
        X509Certificate2Collection trusted = [authority];

        Assert.True(ClusterAddress.Trusted(server, SslPolicyErrors.RemoteCertificateChainErrors, trusted));
        Assert.False(ClusterAddress.Trusted(forged, SslPolicyErrors.RemoteCertificateChainErrors, trusted));
        Assert.False(ClusterAddress.Trusted(server, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch, trusted));
        Assert.False(ClusterAddress.Trusted(null, SslPolicyErrors.RemoteCertificateNotAvailable, trusted));
        Assert.True(ClusterAddress.Trusted(forged, SslPolicyErrors.None, trusted)); // the system already trusts it
    }

    [Fact]
    public void Trusted_WantsACertificateForTlsServers()
    {
        using var authority = Authority("redis-ca");
        using var server = Issue(authority, "redis-server", "1.3.6.1.5.5.7.3.1");
        using var clientOnly = Issue(authority, "a-client", "1.3.6.1.5.5.7.3.2");
        X509Certificate2Collection trusted = [authority];

        Assert.True(ClusterAddress.Trusted(server, SslPolicyErrors.RemoteCertificateChainErrors, trusted));
        Assert.False(ClusterAddress.Trusted(clientOnly, SslPolicyErrors.RemoteCertificateChainErrors, trusted));
    }

    [Fact]
    public void Trusted_FollowsTheIntermediatesTheServerSent()
    {
        using var root = Authority("redis-root");
        using var intermediate = Issue(root, "redis-intermediate", authority: true);
        using var server = Issue(intermediate, "redis-server");
        X509Certificate2Collection trusted = [root];
        using var sent = new X509Chain();
        sent.ChainPolicy.ExtraStore.Add(intermediate);

        Assert.True(ClusterAddress.Trusted(server, SslPolicyErrors.RemoteCertificateChainErrors, trusted, sent));
        Assert.False(ClusterAddress.Trusted(server, SslPolicyErrors.RemoteCertificateChainErrors, trusted));
    }

    [Fact]
    public void Refusal_NamesTheCertificateAndWhatIsWrongWithIt()
    {
        using var authority = Authority("redis-ca");
        using var server = Issue(authority, "redis-server");
        var address = ClusterAddress.Parse("rediss://redis.example.org:6380");

        var text = address.Refusal(server, SslPolicyErrors.RemoteCertificateChainErrors | SslPolicyErrors.RemoteCertificateNameMismatch, false);
        Assert.Equal("Redis's TLS certificate 'CN=redis-server' (issued by 'CN=redis-ca') is not issued for the host name " +
                     "'redis.example.org' and does not chain to an authority this system trusts (give a private authority with --redis-ca FILE)", text);
        Assert.DoesNotContain("host name", address.Refusal(server, SslPolicyErrors.RemoteCertificateChainErrors, true));
        Assert.Contains("those of --redis-ca", address.Refusal(server, SslPolicyErrors.RemoteCertificateChainErrors, true));
        Assert.Equal("Redis at redis.example.org:6380 sent no TLS certificate", address.Refusal(null, SslPolicyErrors.RemoteCertificateNotAvailable, false));
    }

    /// <summary>A real TLS handshake with StackExchange.Redis against a loopback server whose certificate comes from a
    /// private authority: refused, with the reason reported, unless that authority is given.</summary>
    [Fact]
    public async Task RedisOptions_TlsHandshake_RefusesAPrivateAuthorityUnlessGiven_AndSaysWhy()
    {
        using var authority = Authority("redis-ca");
        using var server = Issue(authority, "127.0.0.1", "1.3.6.1.5.5.7.3.1", withKey: true, ip: "127.0.0.1");
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var handshakes = 0; // handshakes the client accepted
        var serving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var socket = await listener.AcceptTcpClientAsync(stop.Token);
                await using var tls = new SslStream(socket.GetStream());
                try
                {
                    await tls.AuthenticateAsServerAsync(server, false, false);
                    // Under TLS 1.3 the server's side ends before the client has judged the certificate: the client
                    // accepted it only if it goes on to send its first Redis command.
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                    wait.CancelAfter(TimeSpan.FromSeconds(10));
                    if (await tls.ReadAsync(new byte[64], wait.Token) > 0) Interlocked.Increment(ref handshakes);
                }
                catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException
                                              or OperationCanceledException && !stop.IsCancellationRequested)
                {
                }
            }
        });
        try
        {
            var plain = ClusterAddress.Parse($"rediss://127.0.0.1:{port}");
            var refused = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            var options = plain.RedisOptions(null, reason => refused.TrySetResult(reason));
            options.ConnectTimeout = 5000;
            using (await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(options))
            {
                var reason = await refused.Task.WaitAsync(TimeSpan.FromSeconds(30));
                Assert.Equal("Redis's TLS certificate 'CN=127.0.0.1' (issued by 'CN=redis-ca') does not chain to an authority this " +
                             "system trusts (give a private authority with --redis-ca FILE)", reason);
            }
            Assert.Equal(0, Volatile.Read(ref handshakes));

            var folder = Directory.CreateDirectory(CliRunner.TempFolder()).FullName;
            try
            {
                var ca = Path.Combine(folder, "ca.pem");
                File.WriteAllText(ca, authority.ExportCertificatePem());
                var reasons = new List<string>();
                options = plain.WithCertificateAuthorities(ca).RedisOptions(null, reason => { lock (reasons) reasons.Add(reason); });
                options.ConnectTimeout = 5000;
                using (await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(options))
                {
                    var deadline = DateTime.UtcNow.AddSeconds(30);
                    while (Volatile.Read(ref handshakes) == 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
                }
                Assert.True(Volatile.Read(ref handshakes) > 0, "the handshake with --redis-ca did not complete");
                lock (reasons) Assert.Empty(reasons);
            }
            finally
            {
                Directory.Delete(folder, true);
            }
        }
        finally
        {
            stop.Cancel();
            listener.Stop();
            try { await serving; } catch (Exception e) when (e is OperationCanceledException or System.Net.Sockets.SocketException or ObjectDisposedException) { }
        }
    }

    [Fact]
    public async Task Run_RedisCaWithoutCluster_ExitsTwo()
    {
        var (exit, _, err) = await CliRunner.Run("run", CliRunner.Scenario("dallas-5050.yaml"), "--redis-ca", "ca.pem", "--out", CliRunner.TempFolder());

        Assert.Equal(2, exit);
        Assert.Contains("--redis-ca need --cluster", err);
    }

    private static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
    }

    /// <summary>A certificate signed by <paramref name="issuer"/>, for the given extended key usage (none: any), or
    /// an intermediate authority (with its key, so that it can sign); <paramref name="withKey"/>: with its key, so that
    /// a server can present it.</summary>
    private static X509Certificate2 Issue(X509Certificate2 issuer, string name, string? usage = null, bool authority = false,
        bool withKey = false, string? ip = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(authority, false, 0, true));
        if (authority) request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        if (usage is not null) request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (ip is not null)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(System.Net.IPAddress.Parse(ip));
            request.CertificateExtensions.Add(names.Build());
        }
        var serial = RandomNumberGenerator.GetBytes(8);
        using var certificate = request.Create(issuer, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1), serial);
        return authority || withKey ? certificate.CopyWithPrivateKey(key) : X509CertificateLoader.LoadCertificate(certificate.RawData);
    }
}
